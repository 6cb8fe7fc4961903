"""The search page's stylesheets inlined and scripts joined (crossings.sphinx.searchassets), on files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crossings.sphinx.searchassets import inline_css, joined_script


@dataclass(frozen=True)
class Asset:
    """What Sphinx's asset objects give: a file name under the output folder and tag attributes."""

    filename: str
    attributes: dict[str, str] = field(default_factory=dict)


def write(outdir: Path, name: str, text: str) -> Asset:
    """A static file of the output folder, and its asset."""
    path = outdir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Asset(name, {"rel": "stylesheet", "type": "text/css"} if name.endswith(".css") else {})


def test_stylesheets_inline_in_order_with_their_media_and_addresses(tmp_path: Path) -> None:
    mapped = "a{background:url(img/dot.png)}\n/*# sourceMappingURL=theme.css.map*/"
    theme = write(tmp_path, "_static/styles/theme.css", mapped)
    ours = write(tmp_path, "_static/ours.css", "b{background:url('data:image/svg+xml,<svg></svg>')}")
    printed = Asset("_static/ours.css", {"rel": "stylesheet", "type": "text/css", "media": "print"})
    titled = Asset("_static/ours.css", {"rel": "stylesheet", "type": "text/css", "title": "Dark"})
    elsewhere = Asset("https://example.org/x.css")
    missing = Asset("_static/not-built.css")
    text, kept = inline_css(tmp_path, "documents", [theme, ours, printed, titled, elsewhere, missing])
    # A relative address now starts from the page (one folder down), data: addresses are left alone.
    assert "url(../_static/styles/img/dot.png)" in text
    assert "url('data:image/svg+xml,<svg></svg>')" in text
    assert "sourceMappingURL" not in text
    assert text.index("_static/styles/theme.css") < text.index("_static/ours.css")
    assert "@media print {\nb{" in text
    assert kept == [titled, elsewhere, missing]


def test_a_stylesheet_cannot_end_the_style_element(tmp_path: Path) -> None:
    sneaky = write(tmp_path, "_static/sneaky.css", 'p::after{content:"</style><script>alert(1)</script>"}')
    text, _ = inline_css(tmp_path, "", [sneaky])
    assert "</style" not in text.lower() and '"<\\/style><script>' in text


def test_scripts_join_in_order_each_a_statement(tmp_path: Path) -> None:
    mapped = "(()=>{window.a=1})()\n//# sourceMappingURL=theme.js.map"
    first = write(tmp_path, "_static/scripts/theme.js", mapped)
    second = Asset("_static/second.js", {"defer": "defer"})
    write(tmp_path, "_static/second.js", "window.b = window.a + 1")
    module = Asset("_static/second.js", {"type": "module"})
    inline = Asset("", {"body": "window.c = 3"})
    text, kept = joined_script(tmp_path, [first, second, module, inline])
    assert text.index("window.a=1") < text.index("window.b = window.a + 1")
    assert "sourceMappingURL" not in text
    assert "window.b = window.a + 1\n;" in text  # a file without a final semicolon ends its statement
    assert kept == [module, inline]
    assert joined_script(tmp_path, [module]) == ("", [module])
