"""The link from a document's page to its PDF (``documents/<id>.pdf``, made by ``crossings build papers``).

A page links to the PDF only when the PDF is there when the page is written, so no link is ever
dead. Which documents had one is kept in the environment: when that changes (papers built,
a paper failed, a PDF removed), the pages concerned are rewritten by the next html build,
which ``crossings build papers`` runs itself when a page and its PDF disagree.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from crossings.sphinx.address import site_url
from crossings.sphinx.domain import get_domain
from crossings.sphinx.pages import BUILDERS

logger = logging.getLogger(__name__)

# The class of the link on the page (crossings.publish.papers reads pages for it).
LINK_CLASS = "crossings-paper-pdf"


def pdf_path(docname: str) -> str:
    """Where a document's PDF is, relative to the output folder: beside its page."""
    return f"{docname}.pdf"


def has_pdf(app: Sphinx, docname: str) -> bool:
    """Whether the document's PDF is in this build's output folder."""
    return app.builder.name in BUILDERS and (Path(app.outdir) / pdf_path(docname)).is_file()


def pdf_url(app: Sphinx, docname: str) -> str:
    """The PDF's address: absolute under ``crossings_base_url``, else its file name (the page's folder)."""
    site = site_url(app)
    return f"{site}{pdf_path(docname)}" if site else pdf_path(docname).rsplit("/", 1)[-1]


def to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: the pages whose PDF appeared or went since they were written."""
    if app.builder.name not in BUILDERS:
        return []
    now = {docname for docname in get_domain(env).documents if has_pdf(app, docname)}
    before: set[str] | None = getattr(env, "crossings_pdfs", None)
    env.crossings_pdfs = now  # type: ignore[attr-defined]
    if before is None:
        return sorted(now & env.found_docs)
    return sorted((now ^ before) & env.found_docs)


def forget_changed(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """env-purge-doc: a document read again (its text or its catalog row changed, or it went)
    loses its PDF, which shows the old text: the page is written without the link, and
    ``crossings build papers`` makes the PDF again."""
    if app.builder.name not in BUILDERS:
        return
    pdf = Path(app.outdir) / pdf_path(docname)
    if pdf.is_file():
        pdf.unlink()
        logger.info(
            "%s removed: its document changed; run `crossings build papers` to make it again",
            pdf_path(docname),
        )
