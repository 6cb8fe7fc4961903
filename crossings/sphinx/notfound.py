"""The "page not found" page (``404.html``) of every interface language.

``crossings serve`` answers an address with no page with this page of the reader's language
(the language folder of the address, else the one the browser asks for), so that a mistyped or
outdated link still shows the Quick exit bar, the Staying safe link and the way back into the
archive. The server adds ``<base href="/<language>/">`` because the address it answers can be
any depth below the language folder, and every link of a built page is relative. Static hosts
that serve a ``404.html`` of the folder (most do) get the same page.

Generated at html-collect-pages like the safety page: no source file, in no table of contents.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__
from crossings.sphinx import markup as m
from crossings.sphinx import searchpage
from crossings.sphinx.pages import BUILDERS
from crossings.sphinx.quickexit import SAFETY_PAGE

_ = get_translation("crossings")
PAGE = "404"


def page_body(app: Sphinx) -> str:
    """The page's heading, what happened, and the ways on."""
    uri = app.builder.get_target_uri
    ways = [m.link(uri(app.config.root_doc), _("Go to the home page"))]
    if app.builder.name in searchpage.BUILDERS:
        ways.append(m.link(uri(searchpage.PAGE), _("Search the archive")))
    ways.append(m.link(uri(SAFETY_PAGE), _("Staying safe online")))
    content = (
        m.heading(1, _("Page not found"))
        + m.paragraph(
            _(
                "There is no page at this address. The link may be mistyped, or the page may have "
                "moved or been taken down."
            )
        )
        + m.items(ways)
    )
    return m.section("not-found", content)


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: the page, unless a hand-written page takes its name."""
    if app.builder.name not in BUILDERS or PAGE in app.env.found_docs:
        return
    context = {"title": _("Page not found"), "body": page_body(app), "display_toc": False, "toc": ""}
    yield PAGE, context, "page.html"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the page."""
    app.connect("html-collect-pages", collect)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
