"""An archive with one document of formulas (sample text): common TeX, prices, and TeX no converter takes."""

from __future__ import annotations

from pathlib import Path

from crossings.archive import Archive
from tests.proceedings.archive import document, make_archive

BODY = r"""Sample text written for the tests. A share of $\frac{a}{b}$ of the total
$\sum_{i=1}^{n} x_i^2$, with $\alpha + \beta$ and the constant $\pi$.

$$
\int_0^1 f(x)\,dx = \frac{\pi}{2}
$$

Prices of $5 and $10 stay text.

An unknown command $\foo{x}$ is shown as its source.

A file read $\input{/etc/hostname}$ is shown as its source.
"""
# Lines of the document (front matter included) that hold the TeX no converter takes.
UNKNOWN_LINE = 22
INPUT_LINE = 24


def make_formula_archive(root: Path) -> Archive:
    """The proceedings test archive with the document ``formulas`` added."""
    return make_archive(root, {"formulas": document("formulas", "Formulas", "paper", "en", BODY)})


def make_formula_site(root: Path) -> Archive:
    """The same archive for the HTML site, which has no foreword page (that belongs to the book)."""
    archive = make_formula_archive(root)
    (archive.source / "foreword.md").unlink()
    return archive
