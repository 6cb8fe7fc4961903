"""Quick exit: the bar at the top of every web page, where it leaves for, and one history entry per visit.

Settings (conf.py):

- ``crossings_quick_exit_url``: the neutral site Quick exit leaves for in languages that have no
  address of their own (default ``https://www.wikipedia.org/``).
- ``crossings_quick_exit_urls``: a neutral site per interface language, ``{"th": "https://...",}``
  (BCP 47 tags; ``"zh"`` covers both Chinese scripts). Default: each declared language's own
  neutral site (crossings.languages), unless conf.py sets ``crossings_quick_exit_url``, which then
  applies to every language without an entry here.
- ``crossings_one_history_entry``: keep a reader's whole visit in one entry of the tab's history,
  so that after a quick exit Back never returns to the archive (default True; False leaves
  navigation to the browser).

Every address must be a full ``https://`` (or ``http://``) address; anything else stops the build
with a message naming the setting. The books (EPUB, PDF) carry no bar: see crossings.sphinx.booklinks.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__, languages
from crossings.sphinx.pages import BUILDERS  # the web site; the books and other builders get no bar
from crossings.sphinx.vocab import ui_language

SAFETY_PAGE = "safety"
DEFAULT_URL = "https://www.wikipedia.org/"
EXAMPLE = "https://th.wikipedia.org/"


def set_in_conf(config: Config, name: str) -> bool:
    """True when conf.py (or an override) gives *name* a value."""
    return name in config._raw_config or name in config.overrides


def default_urls(config: Config) -> dict[str, str]:
    """Wikipedia in each interface language, unless conf.py chose one address for all."""
    return {} if set_in_conf(config, "crossings_quick_exit_url") else languages.quick_exit_urls()


def bad_url(value: object) -> str:
    """Why *value* cannot be a quick-exit destination ('' when it can)."""
    if not isinstance(value, str):
        return f"it is {type(value).__name__} {value!r}, not a text"
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http"):
        return f"{value!r} does not start with https://"
    if not parts.hostname or any(ch.isspace() for ch in value.strip()):
        return f"{value!r} names no site"
    return ""


def check(app: Sphinx, config: Config) -> None:
    """config-inited: stop at a quick-exit setting a reader's browser could not leave for."""
    where = Path(app.confdir) / "conf.py"
    problem = bad_url(config.crossings_quick_exit_url)
    if problem:
        raise ConfigError(f"{where}: crossings_quick_exit_url: {problem}; {_fix()}")
    urls = config.crossings_quick_exit_urls
    if not isinstance(urls, Mapping):
        raise ConfigError(
            f"{where}: crossings_quick_exit_urls must be a dict of language tag -> address, "
            f'e.g. {{"th": "{EXAMPLE}"}}, not {type(urls).__name__}'
        )
    for tag, url in urls.items():
        if not isinstance(tag, str) or not tag.strip():
            raise ConfigError(f"{where}: crossings_quick_exit_urls: the key {tag!r} is not a language tag")
        problem = bad_url(url)
        if problem:
            raise ConfigError(f"{where}: crossings_quick_exit_urls[{tag!r}]: {problem}; {_fix()}")
    if not isinstance(config.crossings_one_history_entry, bool):
        raise ConfigError(
            f"{where}: crossings_one_history_entry must be True or False, "
            f"not {config.crossings_one_history_entry!r}"
        )


def _fix() -> str:
    """What a destination must look like."""
    return f"give the full address of a neutral site, e.g. {EXAMPLE}"


def destination(config: Config, lang: str = "") -> str:
    """Where Quick exit leaves for in *lang* (default: the build's interface language)."""
    tag = (lang or ui_language(config)).lower()
    by_tag = {str(key).lower(): str(url).strip() for key, url in config.crossings_quick_exit_urls.items()}
    for candidate in (tag, tag.split("-")[0]):
        if candidate in by_tag:
            return by_tag[candidate]
    return str(config.crossings_quick_exit_url).strip()


def site_name(url: str) -> str:
    """The host a destination names (``th.wikipedia.org``)."""
    return urlsplit(url).hostname or url


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: what the bar shows on web pages (nothing in the books)."""
    if app.builder.name not in BUILDERS:
        return
    here = pagename == SAFETY_PAGE
    context["crossings_exit"] = {
        "url": destination(app.config),
        "safety": "#" if here else app.builder.get_relative_uri(pagename, SAFETY_PAGE),
        "safety_current": here,
        "history": "one-entry" if app.config.crossings_one_history_entry else "browser",
    }


def add_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """html-page-context: the bar's scripts, on web pages only (the e-book carries no script)."""
    if app.builder.name in BUILDERS:
        app.add_js_file("crossings-quick-exit.js", defer="defer")
        if app.config.crossings_one_history_entry:
            app.add_js_file("crossings-one-entry.js", defer="defer")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the settings, their check and the bar."""
    app.add_config_value("crossings_quick_exit_url", DEFAULT_URL, "html", types=frozenset({str}))
    app.add_config_value("crossings_quick_exit_urls", default_urls, "html", types=frozenset({dict}))
    app.add_config_value("crossings_one_history_entry", True, "html", types=frozenset({bool}))
    app.connect("config-inited", check)
    app.connect("html-page-context", page_context)
    app.connect("html-page-context", add_scripts)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
