"""One PDF per archive document (``crossings build papers``): the LaTeX builder writes a file per
document instead of the proceedings, typeset with the proceedings' fonts and page style.

The build runs with ``crossings_papers`` set (by :mod:`crossings.publish.papers`, never by
conf.py). Each file opens with the document's title, its byline and metadata line (the book's),
then a box that cites it in the build's interface language: authors, title, proceedings,
conference, place and date, the address of its page on the archive (``crossings_base_url``) and
the licence. Everything in it comes from the staged (public) text and the withheld vocabularies.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from crossings.catalog import DocumentMeta
from crossings.languages import BY_TAG, find
from crossings.settings import Settings
from crossings.sphinx.address import config_site_url
from crossings.sphinx.book import first_section, heading_nodes, word
from crossings.sphinx.domain import get_domain
from crossings.sphinx.hangul import KOREAN_CLASS, keep_korean_spaces, korean_runs
from crossings.sphinx.head import shown_meta
from crossings.sphinx.imprint import event_id, imprint, local_era
from crossings.sphinx.latex import event_title, han_variant, raw
from crossings.sphinx.latex_preamble import pdf_metadata, tex_text
from crossings.sphinx.vocab import ui_language, vocabularies

# The folder of the archive's documents in the staged tree and on the site.
DOCUMENTS = "documents"
# The title in the book's sans serif, on a first page without running head; the citation box: a
# framed block the width of the text.
PAPER_MACROS = r"""
\newcommand\crossingspapertitle[1]{\thispagestyle{plain}{\sffamily\bfseries\LARGE\raggedright #1\par}\medskip}
\newcommand\crossingscitation[1]{\par\medskip\noindent
  \fbox{\parbox{\dimexpr\linewidth-2\fboxsep-2\fboxrule\relax}{\small\raggedright\setlength{\parskip}{3pt}#1}}%
  \par\bigskip}
"""
# A URL is printed with \url only when it holds nothing TeX or hyperref would read specially.
_URL_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/.-_~?=&+;,@!*'()")


def enabled(config: Config) -> bool:
    """Whether this is a build of the papers (``crossings_papers``)."""
    return Settings.from_config(config).papers


def paper_ids(srcdir: Path) -> list[str]:
    """The ids of the staged archive documents (the file names of documents/)."""
    return sorted(path.stem for path in (srcdir / DOCUMENTS).glob("*.md"))


def configure(app: Sphinx, config: Config) -> None:
    """One LaTeX file per staged document, as an article, no title page or contents."""
    if not enabled(config):
        return
    config.latex_documents = [
        (f"{DOCUMENTS}/{doc_id}", f"{doc_id}.tex", "", "", "howto") for doc_id in paper_ids(Path(app.srcdir))
    ]
    config.latex_toplevel_sectioning = "section"
    lang = ui_language(config)
    found = imprint(config, lang)
    subject = event_title(vocabularies(config), event_id(config), lang)
    elements = dict(config.latex_elements or {})
    elements.update(
        {
            "extraclassoptions": "",
            "maketitle": "",
            "tableofcontents": "",
            # The book's metadata without its title and publisher: each paper sets its own.
            "preamble": str(elements.get("preamble", ""))
            + PAPER_MACROS
            + pdf_metadata(replace(found, title="", publisher=""), lang, [], subject),
        }
    )
    config.latex_elements = elements


def tex(text: str) -> str:
    """Plain text as xelatex source."""
    return tex_text(" ".join(text.split()))


def spaced_tex(text: str) -> str:
    """Plain text as xelatex source, each run of Korean words in it set as a Korean passage.

    The title and the "Cite as" line are LaTeX the doctree never holds, so keep_korean_spaces
    does not reach them, and xeCJK drops the spaces between CJK characters wherever Korean is not
    the language set: "김 민지" and "서울 이주 노동자" were cited as "김민지" and "서울이주노동자".
    """
    text = " ".join(text.split())
    pieces, start = [], 0
    for found in korean_runs(text):
        pieces.append(tex_text(text[start : found.start()]))
        pieces.append(rf"\DUrole{{{KOREAN_CLASS}}}{{{tex_text(found.group())}}}")
        start = found.end()
    return "".join(pieces) + tex_text(text[start:])


def url_tex(url: str) -> str:
    """A URL as a link when it is plain, else as text."""
    if url and set(url) <= _URL_SAFE:
        return rf"\url{{{url}}}"
    return tex(url)


def page_url(config: Config, docname: str) -> str:
    """The address of the document's page on the archive; empty without ``crossings_base_url``."""
    site = config_site_url(config)
    return f"{site}{docname}.html" if site else ""


def event_place(config: Config, event: str, lang: str) -> str:
    """Where the event took place, in *lang* when the vocabulary says (``place_<lang>``)."""
    term = vocabularies(config).events.terms.get(event) if event else None
    if term is None:
        return ""
    return term.attrs.get(f"place_{lang}") or term.attrs.get("place", "")


def citation_text(config: Config, meta: DocumentMeta) -> str:
    """``Authors. Title. Proceedings. Conference, place, date. Publisher.`` in the build's language."""
    lang = ui_language(config)
    found = imprint(config, lang)
    vocab = vocabularies(config)
    conference = vocab.events.label(meta.event, lang) if meta.event else ""
    when = (find(lang) or BY_TAG["en"]).date(meta.date, local_era(config)) if meta.date else ""
    where = ", ".join(part for part in (conference, event_place(config, meta.event, lang), when) if part)
    sentences = [spaced_tex(part).rstrip(".") for part in (", ".join(meta.authors), meta.title)]
    sentences.append(rf"\emph{{{tex(found.title).rstrip('.')}}}" if found.title else "")
    sentences += [tex(part).rstrip(".") for part in (where, found.publisher)]
    return " ".join(f"{sentence}." for sentence in sentences if sentence)


def citation_block(config: Config, docname: str, meta: DocumentMeta) -> str:
    """The LaTeX of the box: how to cite the document, where it is online, its licence."""
    lang = ui_language(config)
    rows = [rf"\textbf{{{tex(word('cite-as', lang))}:}} {citation_text(config, meta)}"]
    url = page_url(config, docname)
    if url:
        rows.append(rf"\textbf{{{tex(word('online-at', lang))}:}} {url_tex(url)}")
    licence = imprint(config, lang).licence
    if licence:
        rows.append(rf"\textbf{{{tex(word('licence', lang))}:}} {tex(licence)}")
    joined = r"\par ".join(rows)
    return rf"\crossingscitation{{{joined}}}" + "\n"


def _pdf_info(config: Config, meta: DocumentMeta) -> str:
    """The PDF's title, author and keywords: the document's (its themes in the build's language)."""
    vocab, lang = vocabularies(config), ui_language(config)
    keywords = ", ".join(vocab.themes.label(theme, lang) for theme in meta.themes)
    fields = {"pdftitle": meta.title, "pdfauthor": ", ".join(meta.authors), "pdfkeywords": keywords}
    given = ", ".join(f"{name}={{{tex(value)}}}" for name, value in fields.items() if value)
    return rf"\hypersetup{{{given}}}" + "\n" if given else ""


def _switch(variant: str) -> nodes.raw:
    """The Han forms of a region from here on (crossings.sphinx.latex_preamble)."""
    return raw(rf"\crossingsscript{{{variant}}}" + "\n")


def resolve_paper(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved (papers build): the title, byline and citation box at the top of the paper."""
    if app.builder.format != "latex" or not enabled(app.config):
        return
    entry = get_domain(app.env).documents.get(docname)
    section = first_section(doctree)
    if entry is None or section is None:
        return
    # A paper a catalogue translates is the translation, titled and cited as its page is; the
    # metadata lines under the title describe the document, as the page's panel does.
    meta, config = shown_meta(app, entry), app.config
    ui = han_variant(ui_language(config))
    own = han_variant(meta.language, ui)
    head: list[nodes.Node] = [
        raw(_pdf_info(config, meta)),
        _switch(own),
        raw(rf"\crossingspapertitle{{{spaced_tex(meta.title)}}}" + "\n"),
        *heading_nodes(entry.meta, config),
        _switch(ui),
        raw(citation_block(config, docname, meta)),
        _switch(own),
    ]
    section.insert(1, head)
    keep_korean_spaces(doctree, lambda _docname: meta.language, meta.language)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the papers' configuration and their opening block."""
    app.setup_extension("crossings.sphinx.latex")
    app.connect("config-inited", configure, priority=700)  # after the proceedings' defaults
    app.connect("doctree-resolved", resolve_paper, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
