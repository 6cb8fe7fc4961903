"""The parallel page: an original and one translation, two columns on wide screens and passages
alternating (original, then translation) on phones; each passage keeps its language and font.
Plain HTML and CSS: it works without JavaScript."""

from __future__ import annotations

from html import escape

from crossings.languages import Language
from crossings.parallel.align import Alignment

CSS = (
    "body{margin:0;line-height:1.55}main{max-width:80rem;margin:0 auto;padding:1rem}"
    ".pair{display:grid;grid-template-columns:1fr 1fr;gap:0 2rem;border-top:1px solid #ddd;padding:.5rem 0}"
    ".pair.heading{font-weight:bold;font-size:1.15rem}"
    "@media (max-width:48rem){.pair{grid-template-columns:1fr}"
    ".pair>.original{border-left:3px solid #888;padding-left:.5rem}"
    ".pair>.translation{border-left:3px solid #36c;padding-left:.5rem}}"
    ".note{background:#fff6d5;padding:.5rem 1rem}"
)


def parallel_page(
    title: str, alignment: Alignment, original: Language, translation: Language, links: tuple[str, str]
) -> str:
    """The HTML of the parallel view (*links*: the original's and the translation's pages)."""
    fonts = (
        f".original{{font-family:{original.css_fonts}}}.translation{{font-family:{translation.css_fonts}}}"
    )
    note = ""
    if alignment.by == "section":
        note = (
            '<p class="note" lang="en">The two versions are not built alike paragraph by paragraph, '
            "so they are aligned by section only: each section is shown whole beside its translation.</p>"
        )
    rows = "\n".join(
        f'<div class="pair{" heading" if row.heading else ""}">'
        f'<div class="original" lang="{original.tag}">{"".join(row.original)}</div>'
        f'<div class="translation" lang="{translation.tag}">{"".join(row.translation)}</div></div>'
        for row in alignment.rows
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{original.tag}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}{fonts}</style>\n</head>\n<body>\n<main>\n"
        f'<h1 class="original" lang="{original.tag}">{escape(title)}</h1>\n'
        f'<p lang="en">Side by side: <a href="{escape(links[0])}" hreflang="{original.tag}">'
        f"{escape(original.english)}</a> and "
        f'<a href="{escape(links[1])}" hreflang="{translation.tag}">{escape(translation.english)}</a>.</p>\n'
        f"{note}\n{rows}\n</main>\n</body>\n</html>\n"
    )
