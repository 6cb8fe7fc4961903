"""Every way a withheld name can be written: withheld in HTML, PDF and EPUB, and caught by the scan.

One real archive (real Sphinx, xelatex, EPUB builder) holds one document in which each variant
uses a name of its own, so that a variant that slips through is named by the failure. The
checks read the built artifacts with a normalisation written here, independently of the one
redaction uses. Then each variant is planted, unredacted, in a built page and the leak scan must
find it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.catalog.frontmatter import dump
from crossings.init import create_archive
from crossings.leaks import collect_needles, scan_edition
from tests.editions.artifacts import artifact_texts, normal
from tests.editions.test_leakproof import png

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Variant:
    """A name, how the document writes it, and how an unredacted page would carry it."""

    key: str
    name: str
    markdown: str
    planted: str
    listed: bool = True  # in redactions.csv (else withheld through a {redact} mark in the text)
    written: str = ""  # the name as the document writes it, when not in the listed order


VARIANTS = [
    Variant("plain", "Arunee Plainsample", "We met Arunee Plainsample.", "<p>Arunee Plainsample</p>"),
    # A reference list or a catalog writes the family name first: "Family, Given" and "Family Given".
    Variant(
        "inverted",
        "Chai Ordersample",
        "Cited as Ordersample, Chai (2001).",
        "<p>Ordersample, Chai</p>",
        written="Ordersample, Chai",
    ),
    Variant(
        "family-first",
        "Dara Mee-Rotasample",
        "Told by Rotasample Dara Mee.",
        "<li>Rotasample Dara Mee</li>",
        written="Rotasample Dara Mee",
    ),
    Variant(
        "emphasis-split",
        "Wanida Nphornsample",
        "We met *Wanida* Nphornsample.",
        "<p><em>Wanida</em> Nphornsample</p>",
    ),
    Variant(
        "strong-split",
        "Kanya Boldsample",
        "Ask **Kanya** Boldsample.",
        "<p><strong>Kanya</strong> Boldsample</p>",
    ),
    Variant(
        "soft-hyphen",
        "Malee Softsample",
        "Seen by Ma\u00adlee Soft\u00adsample.",
        "<p>Ma&shy;lee Softsample</p>",
    ),
    Variant("zero-width", "Pim Zerosample", "Call Pim\u200b Zero\u200bsample.", "<p>Pim\u200bZerosample</p>"),
    Variant(
        "fullwidth", "Dao Widesample", "Met Ｄａｏ Ｗｉｄｅｓａｍｐｌｅ there.", "<p>Ｄａｏ Widesample</p>"
    ),
    Variant(
        "unicode-hyphen", "Noi Hy-Phensample", "Met Noi Hy\u2010Phensample.", "<p>Noi Hy\u2011Phensample</p>"
    ),
    Variant(
        "entity", "Ratana Entitysample", "Met Ratana Ent&#105;tysample.", "<p>Ratana Ent&#105;tysample</p>"
    ),
    Variant("markdown-escape", "Lek Es-Capesample", r"Met Lek Es\-Capesample.", "<p>Lek Es-Capesample</p>"),
    Variant(
        "link-text",
        "Som Linksample",
        "See [Som Linksample](https://example.org/a).",
        '<a href="/x">Som Linksample</a>',
    ),
    Variant(
        "link-percent",
        "Fon Percentsample",
        "See [the page](https://example.org/Fon%20Percentsample).",
        '<a href="https://example.org/Fon%20Percentsample">x</a>',
    ),
    Variant(
        "link-plus",
        "Nok Plussample",
        "See [a search](https://example.org/?q=Nok+Plussample).",
        '<a href="https://example.org/?q=Nok+Plussample">x</a>',
    ),
    Variant(
        "line-break",
        "Jintana Breaksample",
        "We met Jintana\nBreaksample later.",
        "<p>Jintana<br/>\nBreaksample</p>",
    ),
    Variant(
        "footnote",
        "Orn Footsample",
        "A claim.[^orn]\n\n[^orn]: As told by Orn Footsample.",
        '<aside class="footnote"><p>As told by Orn Footsample.</p></aside>',
    ),
    Variant(
        "image-alt",
        "Ploy Altsample",
        "![Photo of Ploy Altsample](doc/image-1.png)",
        '<img src="x.png" alt="Photo of Ploy Altsample"/>',
    ),
    Variant(
        "image-title",
        "Mint Titlesample",
        '![a photo](doc/image-1.png "Portrait of Mint Titlesample")',
        '<img src="x.png" title="Portrait of Mint Titlesample"/>',
    ),
    Variant(
        "heading",
        "Ying Headsample",
        "## Meeting Ying Headsample\n\nText.",
        "<h2>Meeting Ying Headsample</h2>",
    ),
    Variant(
        "table-cell",
        "Tuk Cellsample",
        "| Who | Role |\n|---|---|\n| Tuk Cellsample | outreach |",
        "<td>Tuk Cellsample</td>",
    ),
    Variant(
        "table-split",
        "Bee Splitcellsample",
        "| First | Last |\n|---|---|\n| Bee | Splitcellsample |",
        "<td>Bee</td><td>Splitcellsample</td>",
    ),
    Variant("thai-joined", "สมศรี ใจตัวอย่าง", "พบกับสมศรีใจตัวอย่างที่ศูนย์", "<p>สมศรีใจตัวอย่าง</p>"),
    Variant("thai-spaced", "มาลีตัวอย่าง", "พบกับ มาลี ตัวอย่าง ที่ศูนย์", "<p>มาลี ตัวอย่าง</p>"),
    Variant("chinese-spaced", "陳樣本", "我們在中心見到陳 樣本。", "<p>陳 樣本</p>"),
    Variant("chinese-joined", "李小樣", "我們在中心見到李小樣。", "<p>李小樣</p>"),
    Variant(
        "role-then-plain",
        "Chai Rolesample",
        "We met {redact}`Chai Rolesample`.\n\nLater Chai Rolesample came back.",
        "<p>Chai Rolesample</p>",
        listed=False,
    ),
    Variant(
        "role-then-markup",
        "Boon Marksample",
        "First {redact}`Boon Marksample`.\n\nThen *Boon* Marksample again.",
        "<p><em>Boon</em> Marksample</p>",
        listed=False,
    ),
    Variant("upper-case", "Nid Casesample", "NID CASESAMPLE signed it.", "<p>NID CASESAMPLE</p>"),
    Variant(
        "apostrophe", "Mary O'Quotesample", "Mary O’Quotesample came.", "<p>Mary O&#8217;Quotesample</p>"
    ),
    Variant("accents", "Nguyễn Thị Mẫusample", "Met Nguyen Thi Mausample.", "<p>Nguyen Thi Mausample</p>"),
    Variant("bidi-mark", "Sai Bidisample", "Met Sai\u200f Bidi\u202asample.", "<p>Sai\u200f Bidisample</p>"),
    Variant(
        "link-across-markup",
        "Pat Crosssample",
        "See [*Pat*](https://example.org/) Crosssample.",
        '<a href="/y"><em>Pat</em></a> Crosssample',
    ),
    Variant(
        "inline-code", "Kob Codesample", "The file says `Kob Codesample`.", "<code>Kob Codesample</code>"
    ),
    Variant(
        "figure-caption",
        "Aom Captionsample",
        "```{figure} doc/image-1.png\n:alt: a photo\n\nTaken by Aom Captionsample.\n```",
        "<figcaption>Taken by Aom Captionsample</figcaption>",
    ),
    Variant(
        "admonition-title",
        "Jaew Notesample",
        "```{admonition} Told by Jaew Notesample\nA note.\n```",
        '<p class="admonition-title">Told by Jaew Notesample</p>',
    ),
    # A formula spells the name between TeX commands; the page, the PDF and the e-book show it whole.
    Variant(
        "formula",
        "Zed Formulasample",
        r"The result $\mathrm{Z}\mathrm{ed}\ \mathrm{For}\mathrm{mulasample}$ holds.",
        r'<span class="math">\(\mathrm{Z}\mathrm{ed}\ \mathrm{For}\mathrm{mulasample}\)</span>',
    ),
    # Hong Kong writes the surname 衛 as 衞: both are 卫 in Simplified characters.
    Variant("hong-kong-variant", "衛美樣", "我們在中心見到衞美樣。", "<p>衞美樣</p>", written="衞美樣"),
    # Invisible letters and marks (combining grapheme joiner, variation selector) inside the name.
    Variant(
        "ignorable-marks",
        "Lin Joinersample",
        "Met Lin Join\u034fer\ufe0fsample.",
        "<p>Lin Join\u034fersample</p>",
    ),
    # Sphinx writes searchindex.js with \u escapes for every non-ASCII letter.
    Variant(
        "json-escaped",
        "黃雅樣",
        "我們見到黃雅樣。",
        '<script>Search.setIndex({"titles":["\\u9ec3\\u96c5\\u6a23"]})</script>',
    ),
    # A front-matter key is the name of a field of the page's metadata.
    Variant("front-matter-key", "Kiet Keysample", "", '<meta name="Kiet Keysample" content="yes"/>'),
    Variant(
        "metadata-author",
        "Ying Authorsample",
        "",
        '<meta name="citation_author" content="Ying Authorsample"/>',
    ),
]
FRONT_MATTER_AUTHOR = "ＹＩＮＧ  Author\u00adsample"  # the author list writes that name in a variant


def body() -> str:
    parts = [f"Section {v.key}.\n\n{v.markdown}" for v in VARIANTS if v.markdown]
    return "# Variants\n\n" + "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("variants") / "archive"
    create_archive(root, "Redaction variants")
    listed = [v.name for v in VARIANTS if v.listed]
    (root / "redactions.csv").write_text(
        "name,documents,note\n" + "".join(f'"{n}",,\n' for n in listed), "utf-8"
    )
    docs = root / "source" / "documents"
    (docs / "doc").mkdir(parents=True)
    (docs / "doc" / "image-1.png").write_bytes(png())
    meta = {
        "id": "doc",
        "title": "Variants",
        "type": "paper",
        "language": "en",
        "access": "public",
        "authors": [FRONT_MATTER_AUTHOR, "Sample Author"],
        "Kiet Keysample": "interviewed",
    }
    (docs / "doc.md").write_text(dump(meta) + body(), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "crossings", "build", "all", "--edition", "public", "--archive", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    subprocess.run([sys.executable, "-m", "crossings", "index", "--archive", str(root)], check=True)
    return Archive.at(root)


def artifacts(archive: Archive) -> dict[str, str]:
    """The normal form of every text artifact of the public edition, by name."""
    return {name: normal(text) for name, text in artifact_texts(archive.edition_dir("public")).items()}


def test_the_build_holds_every_artifact_kind(built: Archive) -> None:
    names = artifacts(built)
    assert any(n.endswith("documents/doc.html") for n in names)
    assert any(n.endswith(".pdf") for n in names) and any(".epub!" in n for n in names)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.key for v in VARIANTS])
def test_each_variant_is_withheld_in_every_public_artifact(built: Archive, variant: Variant) -> None:
    needles = [normal(form) for form in (variant.name, variant.written) if form]
    leaked = [name for name, text in artifacts(built).items() if any(needle in text for needle in needles)]
    assert leaked == [], f"{variant.key}: {variant.name!r} found in {leaked}"


def test_the_page_shows_markers_and_keeps_its_structure(built: Archive) -> None:
    page = (built.edition_dir("public") / "html" / "en" / "documents" / "doc.html").read_text("utf-8")
    assert page.count("[name withheld]") >= len(VARIANTS) - 6  # URLs and file names say "withheld"
    assert "<table" in page and "<figcaption" in page and 'class="footnote' in page
    assert "\\[" not in page  # the marker's Markdown escape never shows


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.key for v in VARIANTS])
def test_each_variant_planted_in_a_built_page_is_found_by_the_scan(
    built: Archive, variant: Variant, tmp_path: Path
) -> None:
    edition = tmp_path / "public"
    page = edition / "html" / "en" / "documents" / "doc.html"
    page.parent.mkdir(parents=True)
    built_page = built.edition_dir("public") / "html" / "en" / "documents" / "doc.html"
    needles = collect_needles(built)
    page.write_text(built_page.read_text("utf-8"), "utf-8")
    assert scan_edition(edition, needles, tmp_path) == []  # the built page alone is clean
    page.write_text(built_page.read_text("utf-8").replace("</body>", variant.planted + "</body>"), "utf-8")
    leaks = scan_edition(edition, needles, tmp_path)
    assert leaks, f"{variant.key}: planted {variant.planted!r} not found"
    assert all(leak.artifact.startswith("public/html/en/documents/doc.html") for leak in leaks)
    assert all(variant.name not in str(leak) for leak in leaks)  # the report never repeats a name


def test_check_leaks_on_the_clean_build_and_on_a_planted_one(built: Archive, tmp_path: Path) -> None:
    run = [sys.executable, "-m", "crossings", "check", "--leaks", "--archive", str(built.root)]
    clean = subprocess.run(run, capture_output=True, text=True, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    page = built.edition_dir("public") / "html" / "en" / "documents" / "doc.html"
    original = page.read_bytes()
    try:
        planted = "".join(v.planted for v in VARIANTS)
        page.write_text(original.decode("utf-8").replace("</body>", planted + "</body>"), "utf-8")
        dirty = subprocess.run(run, capture_output=True, text=True, check=False)
        assert dirty.returncode == 1 and "build/public/html/en/documents/doc.html" in dirty.stdout
    finally:
        page.write_bytes(original)
    assert shutil.which("pdftotext")
