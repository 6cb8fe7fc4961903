"""Interface languages: message catalogues, the page's ``lang``, the language switcher, the language note.

Each interface language is built as its own site (``build/<edition>/html/<folder>/``, folder =
the lower-cased BCP 47 tag: ``en``, ``zh-hant``...). Sphinx is given the matching Sphinx
``language`` code (``zh_TW``, ``zh_CN``, ``th``, ``vi``), declared in crossings.languages: that
is also the folder name under ``locales/`` where the translations of the pages live
(``locales/zh_TW/LC_MESSAGES/``). Pages carry the BCP 47 tag in ``<html lang>``.

Sphinx keeps its translators in a process-wide dict, so building several languages in one
process (``crossings build html --lang all``) would mix catalogues of earlier builds into later
ones. ``setup`` therefore starts this build's translators afresh.
"""

from __future__ import annotations

import gettext
import html
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx import locale, package_dir
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogRepository

from crossings import languages as declared
from crossings.languages import folder, sphinx_language
from crossings.settings import Settings
from crossings.sphinx import catalogs, static_search
from crossings.sphinx.vocab import ui_language, vocabularies
from crossings.sphinx.warnings import Warn, warn

_ = get_translation("crossings")

SWITCHER = "crossings/language-switcher.html"
LANGUAGE_CSS = "crossings-language.css"
COMPILED = "crossings-locale"


def build_languages(config: Config) -> list[str]:
    """The interface languages of the archive (``crossings_languages`` in conf.py)."""
    return list(Settings.from_config(config).languages)


def install_translators(app: Sphinx) -> None:
    """Start this build's translators afresh: Sphinx's, the archive's, then the tool's catalogues."""
    config = app.config
    language = config.language
    compiled = catalogs.compile_all(Path(app.doctreedir) / COMPILED)
    # Earlier in-process builds (other languages) leave their catalogues here; Sphinx would merge them.
    locale.translators.clear()
    # Python's gettext caches each .mo by path: a rebuilt catalogue would never be read again in-process.
    getattr(gettext, "_translations", {}).clear()
    repo = CatalogRepository(app.srcdir, config.locale_dirs, language, config.source_encoding)
    dirs: list[Any] = [*repo.locale_dirs, None, Path(package_dir) / "locale", compiled]
    app.translator, _found = locale.init(dirs, language)
    locale.init([compiled], language, "crossings")


def check_locale_dirs(app: Sphinx, config: Config) -> None:
    """config-inited: warn about a locale dir Sphinx cannot see (it resolves them against the source dir)."""
    for entry in config.locale_dirs:
        path = Path(entry)
        if not path.is_absolute() and not (Path(app.srcdir) / path).is_dir():
            warn(
                Warn.LOCALE,
                "locale_dirs entry %r is relative: Sphinx looks for it in the source folder (%s) and finds "
                "nothing, so translations are ignored; in conf.py use "
                'locale_dirs = [str(Path(__file__).resolve().parent / "locales")]',
                entry,
                app.srcdir,
            )


def note_catalogs(app: Sphinx, config: Config) -> None:
    """config-inited: a changed interface translation changes the config, so every page is rewritten."""
    config.crossings_catalogs = catalogs.fingerprint()


def add_compiled_locale_dir(app: Sphinx, config: Config) -> None:
    """config-inited: let the HTML builder find the tool's sphinx.js (Thai search strings)."""
    compiled = str(Path(app.doctreedir) / COMPILED)
    if compiled not in config.locale_dirs:
        config.locale_dirs = [*config.locale_dirs, compiled]


def add_switcher(app: Sphinx, config: Config) -> None:
    """config-inited (after the site's defaults): the switcher goes below the brand in every sidebar."""
    sidebars = config.html_sidebars
    if not isinstance(sidebars, dict):
        return
    for pattern, names in list(sidebars.items()):
        names = list(names)
        if SWITCHER not in names:
            at = names.index("sidebar/brand.html") + 1 if "sidebar/brand.html" in names else 0
            names.insert(at, SWITCHER)
        sidebars[pattern] = names
    if not sidebars:
        config.html_sidebars = {
            "**": [
                "sidebar/brand.html",
                SWITCHER,
                "sidebar/search.html",
                "sidebar/scroll-start.html",
                "sidebar/navigation.html",
                "sidebar/scroll-end.html",
            ]
        }


def switcher_links(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """The same page in every interface language, as relative links from *pagename*."""
    current = ui_language(app.config)
    target = app.builder.get_target_uri(pagename)
    up = "../" * (target.count("/") + 1)
    languages = vocabularies(app.config).languages
    links = []
    for tag in build_languages(app.config):
        links.append(
            {
                "tag": tag,
                "label": languages.label(tag, tag) if tag in languages else tag,
                "href": f"{up}{folder(tag)}/{target}",
                "current": tag == current,
            }
        )
    return links


@lru_cache(maxsize=256)
def _translated_count(path: Path, mtime: int) -> int:
    """How many messages of a .po file have a non-fuzzy translation."""
    del mtime  # part of the cache key only
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return sum(1 for message in catalog if message.id and message.string and not message.fuzzy)


def has_translation(app: Sphinx, docname: str) -> bool:
    """True when a locale dir holds a .po for *docname* with at least one translated message."""
    config = app.config
    for base in config.locale_dirs:
        # Relative entries are read against the source dir, as Sphinx does.
        path = Path(app.srcdir, base) / str(config.language) / "LC_MESSAGES" / f"{docname}.po"
        if path.is_file() and _translated_count(path, path.stat().st_mtime_ns):
            return True
    return False


def document_language(app: Sphinx, pagename: str) -> str:
    """The language of an archive document ('' for other pages)."""
    from crossings.sphinx.domain import get_domain  # the domain module imports the site's modules

    entry = get_domain(app.env).documents.get(pagename)
    return entry.meta.language if entry is not None else ""


def language_note(app: Sphinx, doc_lang: str) -> str:
    """The note shown on an untranslated document written in another language."""
    languages = vocabularies(app.config).languages
    build = ui_language(app.config)
    text = _("This document is in %(language)s; no %(build)s translation yet.") % {
        "language": languages.label(doc_lang, build) if doc_lang in languages else doc_lang,
        "build": languages.label(build, build) if build in languages else build,
    }
    return f'<p class="crossings-language-note" role="note">{html.escape(text)}</p>\n'


def translated_site_title(app: Sphinx) -> str:
    """The home page's translated title, used as the site's name in this language ('' if untranslated).

    conf.py's ``project``/``html_title`` are not translatable; the home page is.
    """
    root = app.config.root_doc
    if root not in app.env.titles or not has_translation(app, root):
        return ""
    return str(app.env.titles[root].astext())


# The opening tags of the interface-language parts of a document page (crossings.sphinx.panel).
INTERFACE_PARTS = re.compile(r'<div class="crossings-(?:panel|related|cite) ')


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: ``<html lang>``, the switcher, and the note on untranslated documents."""
    if app.builder.format != "html":
        return
    build = ui_language(app.config)
    context["language"] = build
    context["crossings_languages"] = switcher_links(app, pagename)
    title = translated_site_title(app)
    if title:
        context["docstitle"] = title
    doc_lang = document_language(app, pagename) if doctree is not None else ""
    if doc_lang and doc_lang != build and not has_translation(app, pagename):
        body = str(context.get("body", ""))
        # The parts crossings adds in the interface language (metadata panel, related documents,
        # citation links) say so inside the document's wrapper: lang marks exactly its own text.
        body = INTERFACE_PARTS.sub(
            lambda found: f'<div lang="{html.escape(build)}" {found.group(0)[5:]}', body
        )
        context["body"] = (
            language_note(app, doc_lang) + f'<div lang="{html.escape(doc_lang)}">\n{body}</div>\n'
        )


def autonym(tag: str) -> str:
    """The name of an interface language in itself (the tag when crossings does not declare it)."""
    found = declared.find(tag)
    return found.autonym if found is not None else tag


def root_redirect(languages: list[str], default: str = "en") -> str:
    """The site root: a redirect to the default language and a link to every language."""
    target = folder(default)
    links = "".join(
        f'<li><a href="{folder(tag)}/index.html" hreflang="{html.escape(tag)}" lang="{html.escape(tag)}">'
        f"{html.escape(autonym(tag))}</a></li>\n"
        for tag in languages
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={target}/index.html">\n'
        f'<link rel="canonical" href="{target}/index.html">\n<title>Crossings</title>\n</head>\n'
        f"<body>\n<ul>\n{links}</ul>\n</body>\n</html>\n"
    )


def write_root_redirect(html_dir: Path, languages: list[str]) -> Path:
    """Write build/<edition>/html/index.html redirecting to the English (or first) site."""
    default = "en" if "en" in languages else languages[0]
    path = html_dir / "index.html"
    html_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(root_redirect(languages, default), encoding="utf-8")
    return path


def language_css(tag: str) -> str:
    """The web pages' fonts in the interface language *tag* (furo's font variable).

    No ``direction`` here: EPUB style sheets must not set it (epubcheck CSS-001).
    """
    language = declared.find(tag) or declared.BY_TAG["en"]
    others = "".join(
        f'[lang="{other.tag}"] {{ font-family: {other.css_fonts}; }}\n'
        for other in declared.LANGUAGES
        if other.tag != language.tag and other.css_fonts != language.css_fonts
    )
    return (
        f"/* crossings: fonts of the {language.english} interface (crossings/languages.py). */\n"
        # furo declares its own stack on body: this rule must be more specific than furo's.
        f"html body {{ --font-stack: {language.css_fonts}; }}\n"
        "/* Text marked as another language (a passage beside its translation, a document in its own\n"
        "   language) is set in that language's fonts. */\n"
        f"{others}"
    )


def add_language_css(app: Sphinx, config: Config) -> None:
    """config-inited: crossings-language.css for the build's interface language, as a static file
    of a folder of the build (never the source), so the site and the e-book both carry it."""
    static = Path(app.doctreedir) / "crossings-language-static"
    static.mkdir(parents=True, exist_ok=True)
    path = static / LANGUAGE_CSS
    text = language_css(ui_language(config))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    if str(static) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(static)]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the language config, catalogues, search languages and page hooks."""
    app.setup_extension("crossings.settings")
    app.setup_extension("crossings.sphinx.lang")
    install_translators(app)
    # "zh" too: Sphinx's own Chinese search breaks the search page on 9.0.4 (sphinx#14229).
    codes = {sphinx_language(tag) for tag in declared.tags()} | {str(app.config.language), "zh"}
    static_search.register(app, sorted(codes))
    app.connect("config-inited", check_locale_dirs)
    app.connect("config-inited", note_catalogs)
    app.connect("config-inited", add_compiled_locale_dir, priority=510)
    app.connect("config-inited", add_switcher, priority=600)
    app.connect("html-page-context", page_context)
    app.add_css_file("crossings-i18n.css")
    app.add_css_file(LANGUAGE_CSS)
    app.connect("config-inited", add_language_css, priority=520)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
