"""The public address of a page: ``crossings_base_url``, the language site's folder, the page.

Each interface language is its own site in its own folder (``build/<edition>/html/en/``,
``…/zh-hant/``), side by side under the one address the setting names, as ``crossings serve``
and a static host serve them: the Thai page of a document is ``<base>/th/documents/<id>.html``.
Citations, the sitemap and robots.txt take their absolute links from here.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from crossings.languages import folder
from crossings.settings import Settings
from crossings.sphinx.vocab import ui_language


def site_url(app: Sphinx) -> str:
    """The address of this build's language site, ending in ``/`` ('' without a base URL)."""
    return config_site_url(app.config)


def config_site_url(config: Config) -> str:
    """The address of the language site of *config*'s language, ending in ``/`` ('' without a
    base URL); for builds that are not the site (the papers' LaTeX) as well."""
    base = Settings.from_config(config).base_url.rstrip("/")
    return f"{base}/{folder(ui_language(config))}/" if base else ""


def page_url(app: Sphinx, docname: str) -> str:
    """The absolute address of *docname*'s page ('' without a base URL)."""
    site = site_url(app)
    return site + app.builder.get_target_uri(docname) if site else ""
