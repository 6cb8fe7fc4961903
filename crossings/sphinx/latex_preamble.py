"""The LaTeX text of the proceedings: fonts for every script of the region, page style, title page.

XeTeX has no font fallback, so each script gets its font explicitly: the interface language's
declared fonts for Latin text (Latin Modern, which covers Vietnamese too), xeCJK with Noto CJK
(Han, kana, hangul) in four regional variants, and TLWG fonts for Thai through an inter-character
class, with ICU line breaking so Thai breaks between words.
"""

from __future__ import annotations

from functools import cache

from sphinx.util import texescape

from crossings.languages import PdfFonts
from crossings.settings import Imprint

# Han glyph forms by region; the families are declared once and switched per document or passage.
HAN_VARIANTS = ("TC", "SC", "JP", "KR")


@cache
def _escape_tables() -> None:
    """Fill Sphinx's escape tables (once per process)."""
    texescape.init()


def tex_text(text: str) -> str:
    """*text* as xelatex source, every character TeX reads as markup escaped.

    Sphinx's ``escape`` translates with tables its LaTeX builder fills when it starts; the title
    page and the PDF's metadata are written at config-inited, before that, when the tables are
    still empty: a ``%`` in a setting or an event's organisers cut the rest of its line off, and
    a ``&`` stopped the book.
    """
    _escape_tables()
    return texescape.escape(text, "xelatex")


def tex_replace_map() -> dict[int, str]:
    """Sphinx's map from the characters a LaTeX label may not hold to ``_`` (filled)."""
    _escape_tables()
    return texescape.tex_replace_map


def font_package(fonts: PdfFonts) -> str:
    """The book's main fonts: those its interface language declares (crossings.languages)."""
    return f"\n\\setmainfont{{{fonts.serif}}}\n\\setsansfont{{{fonts.sans}}}\n\\setmonofont{{{fonts.mono}}}\n"


_CJK_FAMILIES = "\n".join(
    rf"\setCJKfamilyfont{{crossings-{v}-rm}}{{Noto Serif CJK {v}}}[BoldFont={{* Bold}}]"
    "\n"
    rf"\setCJKfamilyfont{{crossings-{v}-sf}}{{Noto Sans CJK {v}}}[BoldFont={{* Bold}}]"
    "\n"
    rf"\setCJKfamilyfont{{crossings-{v}-tt}}{{Noto Sans Mono CJK {v}}}"
    for v in HAN_VARIANTS
)

SCRIPTS = (
    r"""
\usepackage{xeCJK}
\xeCJKsetup{CJKecglue={ }}
% Curly quotes, dashes and the middle dot are shared with Latin text: typeset them as Latin punctuation
% (xeCJK's default makes them full-width and drops the spaces around them).
\xeCJKDeclareCharClass{HalfLeft}{"2018, "201C}
\xeCJKDeclareCharClass{HalfRight}{"00B7, "2019, "201D, "2013, "2014}
\setCJKmainfont{Noto Serif CJK TC}[BoldFont={* Bold}]
\setCJKsansfont{Noto Sans CJK TC}[BoldFont={* Bold}]
\setCJKmonofont{Noto Sans Mono CJK TC}
"""
    + _CJK_FAMILIES
    + r"""
% \crossingsscript{SC}: Han glyph forms of a region (TC, SC, JP, KR); Korean keeps its word spaces.
\newcommand\crossingsscript[1]{%
  \def\CJKrmdefault{crossings-#1-rm}\def\CJKsfdefault{crossings-#1-sf}\def\CJKttdefault{crossings-#1-tt}%
  \def\CJKfamilydefault{\CJKrmdefault}\CJKfamily{\CJKfamilydefault}%
  \def\crossings@kr{KR}\def\crossings@this{#1}%
  \ifx\crossings@this\crossings@kr\xeCJKsetup{CJKspace=true}\else\xeCJKsetup{CJKspace=false}\fi}
% Thai: ICU word breaking, and TLWG fonts switched in around every run of Thai characters.
\XeTeXlinebreaklocale "th"
\XeTeXlinebreakskip = 0pt plus 1pt
\newfontfamily\crossingsthairm{Norasi}[Script=Thai]
\newfontfamily\crossingsthaisf{Loma}[Script=Thai]
\newfontfamily\crossingsthaitt{Tlwg Mono}[Script=Thai]
\newXeTeXintercharclass\crossings@thaiclass
\count@="0E00
\loop\ifnum\count@<"0E80 \XeTeXcharclass\count@=\crossings@thaiclass\advance\count@\@ne\repeat
% No group: a run of Thai may end at a closing brace, so the font is switched and restored instead.
\def\crossings@thaion{\edef\crossings@prevfamily{\f@family}%
  \ifx\f@family\crossings@sfname\crossingsthaisf\else
  \ifx\f@family\crossings@ttname\crossingsthaitt\else\crossingsthairm\fi\fi}
\def\crossings@thaioff{\fontfamily{\crossings@prevfamily}\selectfont}
\AtBeginDocument{\edef\crossings@sfname{\sfdefault}\edef\crossings@ttname{\ttdefault}}
% Every other class (Latin 0, the boundary 4095, xeCJK's classes): leave Thai, then do what a Latin
% character would have done before that class; and the reverse. xeCJK has set its own tokens by now.
\def\crossings@thaijoin#1{%
  \XeTeXinterchartoks\crossings@thaiclass #1 = \expandafter{\expandafter\crossings@thaioff
    \the\XeTeXinterchartoks 0 #1}%
  \XeTeXinterchartoks #1 \crossings@thaiclass = \expandafter{\the\XeTeXinterchartoks #1 0 \crossings@thaion}}
\crossings@thaijoin{4095}
\count@=\z@
\loop\ifnum\count@<\crossings@thaiclass \crossings@thaijoin{\count@}\advance\count@\@ne\repeat
\XeTeXinterchartokenstate=1
"""
)

PAGE_STYLE = r"""
\setcounter{secnumdepth}{-1}
\setcounter{tocdepth}{1}
\usepackage{truncate}
% Running heads: the session or region (chapter) on the left, the document (section) on the right.
\fancypagestyle{normal}{%
  \fancyhf{}%
  \fancyhead[LE]{{\py@HeaderFamily\small\truncate{\headwidth}{\nouppercase{\leftmark}}}}%
  \fancyhead[RO]{{\py@HeaderFamily\small\truncate{\headwidth}{\nouppercase{\rightmark}}}}%
  \fancyhead[LO,RE]{}%
  \fancyfoot[C]{{\py@HeaderFamily\thepage}}%
  \renewcommand{\headrulewidth}{0.4pt}\renewcommand{\footrulewidth}{0pt}%
  \def\chaptermark##1{\markboth{##1}{##1}}\def\sectionmark##1{\markright{##1}}}
% Under each paper's title: the byline and the compact metadata line.
\newenvironment{sphinxclasscrossings-heading}{\par\small\raggedright\setlength{\parskip}{2pt}}{\par\medskip}
\newenvironment{sphinxclasscrossings-book-index}{\small}{}
% Front matter (foreword) unnumbered with roman pages; the contents follow it.
\newcommand\crossingsfrontmatter{\pagenumbering{roman}}
\newcommand\crossingsmainmatter{\sphinxtableofcontents\pagestyle{normal}}
% Every index (countries, themes, names and places) is back matter at the top level of the contents.
\renewenvironment{sphinxtheindex}{\clearpage\phantomsection
  \addcontentsline{toc}{part}{\indexname}\begin{theindex}}{\end{theindex}}
\newcommand\crossingspage[1]{\hyperref[#1]{\pageref*{#1}}}
% The pages of one document, from its title (#1) to its end (#2): "17" or "17–20".
\usepackage{refcount}
\newcommand\crossingspages[2]{\crossingspage{#1}%
  \ifnum\strcmp{\getpagerefnumber{#1}}{\getpagerefnumber{#2}}=\z@\else\textendash\crossingspage{#2}\fi}
% An address written out (crossings.sphinx.booklinks) may break after any of its characters.
\usepackage{xurl}
% Entries of the book's own indices in the body's fonts (Sphinx sets them in typewriter type).
\def\sphinxstyleindexentry#1{#1}
% A redacted name in the public edition: its marker, boxed so a reader sees something was withheld.
\expandafter\def\csname DUrolecrossings-redacted\endcsname#1{\fbox{\footnotesize #1}}
"""


def language_classes(tags: list[tuple[str, str]]) -> str:
    r"""``language-<tag>`` classes on spans and containers switch Han forms (docutils' convention)."""
    lines = []
    for tag, variant in tags:
        switch = rf"\crossingsscript{{{variant}}}"
        lines.append(rf"\expandafter\def\csname DUrolelanguage-{tag}\endcsname#1{{{{{switch}#1}}}}")
        lines.append(rf"\newenvironment{{sphinxclasslanguage-{tag}}}{{\crossingsscript{{{variant}}}}}{{}}")
    return "\n".join(lines) + "\n"


def preamble(tags: list[tuple[str, str]], default_variant: str) -> str:
    """Everything the book adds to the LaTeX preamble."""
    return (
        r"\makeatletter"
        + SCRIPTS
        + PAGE_STYLE
        + language_classes(tags)
        + rf"\AtBeginDocument{{\crossingsscript{{{default_variant}}}}}"
        + "\n"
        + r"\makeatother"
        + "\n"
    )


def _pdf_text(text: str) -> str:
    """*text* as a hyperref option value: TeX-escaped, commas and braces kept inside a group."""
    return "{" + tex_text(text) + "}"


def pdf_metadata(found: Imprint, lang: str, keywords: list[str], subject: str) -> str:
    """The PDF's document information: title, author (the publisher), subject, keywords, language."""
    fields = {
        "pdftitle": found.title,
        "pdfauthor": found.publisher,
        "pdfsubject": subject or found.description,
        "pdfkeywords": ", ".join(keywords),
        "pdflang": lang,
    }
    given = ",\n  ".join(f"{name}={_pdf_text(value)}" for name, value in fields.items() if value)
    # After Sphinx's own \hypersetup (it sets title and author at the start of the document);
    # hyperref's pdflang does not reach xdvipdfmx, so the catalogue's /Lang is put directly.
    tag = "".join(ch for ch in lang if ch.isalnum() or ch == "-")
    return (
        "\\AtBeginDocument{\\hypersetup{\n  "
        + given
        + "}"
        + f"\\special{{pdf:put @catalog <</Lang ({tag})>>}}}}\n"
    )


def title_page(title: str, lines: list[str], footer: list[str]) -> str:
    """A title page: the archive title, the event's name, place and dates, then the publishers."""
    body = "\n".join(rf"{{\Large {tex_text(line)}\par}}\medskip" for line in lines)
    foot = "\n".join(rf"{{\large {tex_text(line)}\par}}\smallskip" for line in footer)
    return (
        r"\begin{titlepage}\centering\vspace*{3cm}"
        + "\n"
        + rf"{{\sffamily\bfseries\Huge {tex_text(title)}\par}}\vspace{{2cm}}"
        + "\n"
        + body
        + "\n\\vfill\n"
        + foot
        + "\n\\end{titlepage}\n"
    )
