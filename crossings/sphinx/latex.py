"""The PDF proceedings: Sphinx's LaTeX builder configured for xelatex and the book's structure.

The book's root document (``proceedings``) and its part/chapter documents are generated into the
staged source folder by :mod:`crossings.publish.book`; this extension sets the LaTeX options, marks
each document's language for the fonts, puts the byline and metadata under each title, moves the
front matter before the contents and prints the indices of countries and themes with page numbers.
"""

from __future__ import annotations

import logging
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from crossings.catalog import Vocabularies
from crossings.languages import BY_TAG, find
from crossings.settings import Imprint, Settings
from crossings.sphinx.book import DOC_TARGET, book_index, decorate, grouped, index_title, word
from crossings.sphinx.confpy import set_default
from crossings.sphinx.domain import get_domain
from crossings.sphinx.hangul import keep_korean_spaces
from crossings.sphinx.imprint import event_id, imprint, local_era
from crossings.sphinx.latex_preamble import (
    font_package,
    pdf_metadata,
    preamble,
    tex_replace_map,
    tex_text,
    title_page,
)
from crossings.sphinx.quiet import replace_filter
from crossings.sphinx.vocab import ui_language, vocabularies

# Passage tags writers use that a vocabulary may not list; each gets its LaTeX class too.
EXTRA_TAGS = ("zh", "zh-TW", "zh-HK", "zh-CN", "zh-SG", "yue", "ja", "ko", "vi", "th", "en")
MASTER_DOC = "proceedings"
FRONT_MATTER = ("foreword",)
BACK_MATTER = ("book/index-countries", "book/index-themes", "book/index-names")
# The label at the end of each document, so an index gives the pages it spans.
END_TARGET = "crossings-doc-end"
# Comments in the .tex that let a LaTeX error be traced back to the document it came from.
DOC_MARK = "%% crossings-document: "
END_MARK = "%% crossings-document-end"
# Document language (BCP 47, lower-cased prefix match) -> Han glyph variant of Noto CJK.
HAN_BY_LANGUAGE = (
    ("zh-hans", "SC"),
    ("zh-cn", "SC"),
    ("zh-sg", "SC"),
    ("zh", "TC"),
    ("yue", "TC"),
    ("ja", "JP"),
    ("ko", "KR"),
)


def han_variant(language: str, default: str = "TC") -> str:
    """The Noto CJK variant (TC, SC, JP, KR) for text in *language*."""
    tag = language.lower()
    for prefix, variant in HAN_BY_LANGUAGE:
        if tag == prefix or tag.startswith(prefix + "-"):
            return variant
    return default


def tex_label(docname: str, target: str) -> str:
    """The label Sphinx's LaTeX writer gives *target* in *docname* (its ``idescape``)."""
    ident = f"{docname}:{target}".translate(tex_replace_map())
    ident = ident.encode("ascii", "backslashreplace").decode("ascii")
    return r"\detokenize{" + ident.replace("\\", "_") + "}"


def raw(text: str) -> nodes.raw:
    """A LaTeX-only raw node (built by the extension, never from document text)."""
    return nodes.raw(text, text, format="latex")


def event_lines(
    vocab: Vocabularies, event_id: str, lang: str, era: bool = False
) -> tuple[list[str], list[str]]:
    """Title-page lines for the event (name, place, dates) and its organisers."""
    term = vocab.events.terms.get(event_id) if event_id else next(iter(vocab.events), None)
    if term is None:
        return [], []
    attrs = term.attrs
    dates = date_range(attrs.get("start", ""), attrs.get("end", ""), lang, era)
    place = attrs.get(f"place_{lang}") or attrs.get("place", "")  # a place_th column names it in Thai
    lines = [line for line in (term.label(lang), place, dates) if line]
    footer = (
        [f"{word('organisers', lang)}: {attrs['organisers'].replace(';', ', ')}"]
        if attrs.get("organisers")
        else []
    )
    return lines, footer


def imprint_lines(found: Imprint, lang: str, edition: str) -> list[str]:
    """The publisher, where and when, the licence and the edition, for the foot of the title page."""
    where = ", ".join(part for part in (found.place, found.year) if part)
    lines = [f"{word('publisher', lang)}: {found.publisher}", where, found.licence]
    lines.append(word(f"edition-{edition}", lang))
    return [line for line in lines if line]


def date_range(start: str, end: str, lang: str, era: bool = False) -> str:
    """``8–10 June 2001``, ``8–10 มิถุนายน 2544``: one month and year once where the language writes
    the day first; else each date in the language's declared format."""
    language = find(lang) or BY_TAG["en"]
    day_first = language.date_format.startswith("{day} {month_name}")
    if day_first and len(start) == len(end) == 10 and start[:7] == end[:7]:
        return f"{int(start[8:])}–{language.date(end, era)}"
    return "–".join(language.date(d, era) for d in (start, end) if d)


def event_title(vocab: Vocabularies, event: str, lang: str) -> str:
    """The event's name in *lang* (the PDF's subject), empty when the archive has no event."""
    term = vocab.events.terms.get(event)
    return term.label(lang) if term is not None else ""


def book_keywords(vocab: Vocabularies, lang: str) -> list[str]:
    """The themes of the archive in *lang*: the PDF's keywords."""
    return [vocab.themes.label(term.id, lang) for term in vocab.themes]


def captions(lang: str) -> str:
    """LaTeX's own headings in the volume's language (babel is off: it knows neither Thai nor CJK well)."""
    contents, part = tex_text(word("contents", lang)), tex_text(word("part", lang))
    return rf"\renewcommand{{\contentsname}}{{{contents}}}\renewcommand{{\partname}}{{{part}}}" + "\n"


def configure(app: Sphinx, config: Config) -> None:
    """LaTeX defaults for the proceedings (conf.py may override any of them)."""
    vocab, lang = vocabularies(config), ui_language(config)
    language = find(lang)
    default = language.han if language is not None else han_variant(lang)
    known = [term.id for term in vocab.languages]
    tags = [(tag, han_variant(tag, default)) for tag in dict.fromkeys([*known, *EXTRA_TAGS])]
    lines, footer = event_lines(vocab, Settings.from_config(config).event, lang, local_era(config))
    found = imprint(config, lang)
    footer += imprint_lines(found, lang, Settings.from_config(config).edition)
    keywords = book_keywords(vocab, lang)
    set_default(app, "latex_engine", "xelatex")
    set_default(app, "latex_use_xindy", False)
    set_default(app, "latex_toplevel_sectioning", "part")
    set_default(app, "latex_domain_indices", False)
    set_default(app, "latex_show_urls", "no")
    set_default(
        app, "latex_documents", [(MASTER_DOC, "proceedings.tex", config.project, config.author, "manual")]
    )
    elements = {
        "papersize": "a4paper",
        "extraclassoptions": "openany",
        "fncychap": "",
        "pointsize": "11pt",
        "babel": "",
        "polyglossia": "",
        "fontenc": "\\usepackage{fontspec}\n\\defaultfontfeatures[\\rmfamily,\\sffamily,\\ttfamily]{}",
        "fontpkg": font_package((language or BY_TAG["en"]).pdf_fonts),
        "fvset": "\\fvset{fontsize=\\small,formatcom=\\xeCJKVerbAddon}",
        "preamble": preamble(tags, default)
        + captions(lang)
        + pdf_metadata(found, lang, keywords, event_title(vocab, event_id(config), lang)),
        "maketitle": title_page(found.title, lines, footer),
        "tableofcontents": "",
        # The index of names and places is the book's own (book/index-names), sorted by ICU.
        "makeindex": "",
        "printindex": "",
        "sphinxsetup": "hmargin={2.2cm,2.2cm}, vmargin={2.5cm,2.5cm}",
    }
    elements.update(config.latex_elements or {})
    config.latex_elements = elements
    quiet_babel(babel_off=not elements.get("babel") and not elements.get("polyglossia"))


# The Sphinx loggers that say it: the builder at start, the writer for each document.
BABEL_WARNERS = ("sphinx.sphinx.builders.latex", "sphinx.sphinx.writers.latex")


class _NoBabelWarning(logging.Filter):
    """Drops Sphinx's "no Babel option known for language" (Thai has none): with babel and
    polyglossia off, as here, Sphinx uses no babel option at all, so the warning is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for that warning."""
        return "no Babel option known" not in str(record.msg)


def quiet_babel(babel_off: bool) -> None:
    """Filter the babel warning of Sphinx's LaTeX builder and writer while this build keeps
    babel off (conf.py may turn it on)."""
    replace_filter(BABEL_WARNERS, _NoBabelWarning, _NoBabelWarning() if babel_off else None)


def document_language(app: Sphinx, docname: str) -> str:
    """The language of an archive document, else the build's interface language."""
    entry = get_domain(app.env).documents.get(docname)
    return entry.meta.language if entry is not None else ui_language(app.config)


def script_switch(app: Sphinx, language: str) -> nodes.raw:
    """The LaTeX that selects the Han forms (and Korean spacing) for *language*."""
    return raw(rf"\crossingsscript{{{han_variant(language, han_variant(ui_language(app.config)))}}}" + "\n")


def mark_documents(app: Sphinx, tree: nodes.document) -> list[addnodes.start_of_file]:
    """Switch scripts at each included document and decorate archive documents; return them all."""
    files = list(tree.findall(addnodes.start_of_file))
    build_language = ui_language(app.config)
    for sof in files:
        docname = sof["docname"]
        sof.insert(0, [raw(f"\n{DOC_MARK}{docname}\n"), script_switch(app, document_language(app, docname))])
        parent = sof.parent
        end = raw(rf"\label{{{tex_label(docname, END_TARGET)}}}" + f"\n{END_MARK}\n")
        parent.insert(parent.index(sof) + 1, [end, script_switch(app, build_language)])
        decorate(app, sof, docname)
    return files


def place_front_matter(tree: nodes.document, files: list[addnodes.start_of_file]) -> None:
    """Print the front matter (foreword) as unnumbered chapters before the table of contents."""
    front = [sof for sof in files if sof["docname"] in FRONT_MATTER]
    if not front:
        top = next(iter(tree.findall(nodes.section)), None)
        if top is not None:
            top.insert(1, raw("\\crossingsfrontmatter\\crossingsmainmatter\n"))
        return
    for sof in front:
        # One level deeper than a part: the foreword is a chapter, not a part of the book.
        wrapper = nodes.section()
        sof.replace_self(wrapper)
        wrapper += sof
    first, last = front[0].parent, front[-1].parent
    first.parent.insert(first.parent.index(first), raw("\\crossingsfrontmatter\n"))
    last.parent.insert(last.parent.index(last) + 1, raw("\\crossingsmainmatter\n"))


def latex_index(app: Sphinx, kind: str, docnames: list[str]) -> str:
    """An index of countries, themes or names and places: each entry (in the body's fonts, Thai
    and Han in theirs) with the pages of every document about it, a range where it spans more
    than one (with an en dash)."""
    position = {docname: number for number, docname in enumerate(docnames)}
    title = tex_text(index_title(kind, ui_language(app.config)))
    lines = [rf"{{\renewcommand{{\indexname}}{{{title}}}", r"\begin{sphinxtheindex}"]
    for label, docs in grouped(app, kind, docnames):
        in_order = sorted(docs, key=lambda doc: position[doc[0]])
        pages = ", ".join(
            rf"\crossingspages{{{tex_label(docname, DOC_TARGET)}}}{{{tex_label(docname, END_TARGET)}}}"
            for docname, _title in in_order
        )
        lines.append(rf"\item\relax {tex_text(label)}, {pages}")
    lines.append(r"\end{sphinxtheindex}}")
    return "\n".join(lines) + "\n"


def fill_indices(app: Sphinx, files: list[addnodes.start_of_file], docnames: list[str]) -> None:
    """Print the back-matter documents as LaTeX indices with page numbers (no part or chapter heading)."""
    for sof in files:
        if sof["docname"] in BACK_MATTER:
            found = [raw(latex_index(app, node["kind"], docnames)) for node in sof.findall(book_index)]
            sof.children = []
            sof.extend(found)


def resolve_book(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Shape the assembled book tree (latex builder only)."""
    if app.builder.format != "latex" or Settings.from_config(app.config).papers:
        return  # the papers (crossings.sphinx.paper) are single documents, not a book
    files = mark_documents(app, doctree)
    keep_korean_spaces(doctree, lambda docname: document_language(app, docname), ui_language(app.config))
    place_front_matter(doctree, files)
    fill_indices(app, files, [sof["docname"] for sof in files])


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the proceedings' LaTeX configuration and tree shaping."""
    app.setup_extension("crossings.sphinx.book")
    app.setup_extension("crossings.sphinx.booklinks")  # no links to other sites in the books
    app.setup_extension("crossings.sphinx.bookgaps")  # no missing picture or anchor stops a book
    app.setup_extension("crossings.settings")
    app.connect("config-inited", configure, priority=600)
    app.connect("doctree-resolved", resolve_book, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
