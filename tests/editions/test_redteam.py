"""Red-team reproductions for the protection work (issue 14): each test shows one way a withheld
document or name still reaches a public artifact, or a check that misses it.

Every test is marked ``xfail(strict=True)`` with the finding it reproduces: it fails today
because the leak is real; once the product is fixed it passes, strict xfail turns that into a
failure, and the marker is removed. Archives are built with the real command line (pandoc,
Sphinx, Whoosh); all names and sentences are sample text.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
import zlib
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.catalog.csvfile import write_catalog
from crossings.catalog.frontmatter import dump
from crossings.catalog.model import COLUMNS
from crossings.errors import CrossingsError
from crossings.init import create_archive
from crossings.leaks import collect_needles, scan_edition
from crossings.redact import load_redactions
from tests.editions.artifacts import artifact_texts, normal
from tests.editions.test_leakproof import png

CROSSINGS = [sys.executable, "-m", "crossings"]


def finding(number: int, what: str) -> pytest.MarkDecorator:
    """The marker of a red-team finding: the test fails until the product is fixed."""
    return pytest.mark.xfail(strict=True, reason=f"red-team finding {number}: {what}")


def crossings(root: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*CROSSINGS, *args, "--archive", str(root)], capture_output=True, text=True, check=False
    )
    if ok:
        assert done.returncode == 0, f"crossings {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def meta(doc_id: str, title: str, access: str = "public", **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": doc_id,
        "title": title,
        "type": "paper",
        "countries": ["TH"],
        "themes": ["law-and-policy"],
        "authors": ["Sample Author"],
        "language": "en",
        "date": "2001-06-16",
        "access": access,
    }
    data.update(extra)
    return data


def write_doc(root: Path, doc_id: str, data: dict[str, object], body: str) -> Path:
    path = root / "source" / "documents" / f"{doc_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(data) + body, "utf-8")
    return path


def list_in_toctree(root: Path, *docnames: str) -> None:
    index = root / "source" / "index.md"
    entries = "".join(f"{name}\n" for name in docnames)
    index.write_text(index.read_text("utf-8") + f"\n```{{toctree}}\n\n{entries}```\n", "utf-8")


def row(file: str, doc_id: str, title: str, access: str = "public", language: str = "en") -> dict[str, str]:
    values = dict.fromkeys(COLUMNS, "")
    values.update(file=file, id=doc_id, title=title, type="paper", language=language, access=access)
    values.update(
        countries="TH", themes="organising-and-networks", date="2001-06-16", authors="Sample Author"
    )
    return values


def texts_under(folder: Path) -> dict[str, str]:
    """Every artifact under *folder* as text (the suite's own reader, not the leak scanner)."""
    return artifact_texts(folder)


def holders(folder: Path, text: str) -> list[str]:
    """Artifacts under *folder* holding *text* in the suite's normal form."""
    needle = normal(text)
    return [name for name, body in texts_under(folder).items() if needle in normal(body)]


def redactions(root: Path, *names: str) -> None:
    (root / "redactions.csv").write_text(
        "name,documents,note\n" + "".join(f"{n},,\n" for n in names), "utf-8"
    )


# --- 1. Restricted hand-written pages ------------------------------------------------------------

BOM_SENTENCE = "The editors keep the list of safe houses in the blue folder on the top shelf."
SPACE_SENTENCE = "The meeting point moved behind the old market hall and opens only at dawn."
RST_SENTENCE = "The list of names is kept in the red box under the stairs of the shelter."


@pytest.fixture(scope="module")
def handwritten(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two editors' pages restricted in front matter: one saved with a BOM, one with a space after ---."""
    root = tmp_path_factory.mktemp("handwritten") / "archive"
    create_archive(root, "Red team: hand-written pages")
    write_doc(root, "pub", meta("pub", "Public paper"), "# Public paper\n\nSample text of a public paper.\n")
    source = root / "source"
    (source / "bomnotes.md").write_text(
        f"\ufeff---\naccess: restricted\n---\n# Editors' notes\n\n{BOM_SENTENCE}\n", "utf-8"
    )
    (source / "spacenotes.md").write_text(
        f"--- \naccess: restricted\n---\n# Meeting notes\n\n{SPACE_SENTENCE}\n", "utf-8"
    )
    (source / "rstnotes.rst").write_text(
        f":access: restricted\n\nShelter notes\n=============\n\n{RST_SENTENCE}\n", "utf-8"
    )
    list_in_toctree(root, "bomnotes", "spacenotes", "rstnotes")
    crossings(root, "build", "html")
    return root


@pytest.mark.slow
def test_restricted_page_saved_with_a_bom_is_not_published(handwritten: Path) -> None:
    assert holders(handwritten / "build" / "public", BOM_SENTENCE) == []


@pytest.mark.slow
def test_restricted_page_with_a_space_after_its_fence_is_not_published(handwritten: Path) -> None:
    assert holders(handwritten / "build" / "public", SPACE_SENTENCE) == []


@pytest.mark.slow
def test_restricted_rst_page_is_not_published(handwritten: Path) -> None:
    assert holders(handwritten / "build" / "public", RST_SENTENCE) == []


@pytest.mark.slow
def test_leak_scan_reports_a_published_restricted_page(handwritten: Path) -> None:
    page = handwritten / "build" / "public" / "html" / "en" / "index.html"
    original = page.read_bytes()
    try:  # as if a restricted page's text had been published
        planted = f"<p>{BOM_SENTENCE} {SPACE_SENTENCE} {RST_SENTENCE}</p></body>"
        page.write_text(original.decode("utf-8").replace("</body>", planted), "utf-8")
        done = crossings(handwritten, "check", "--leaks", ok=False)
    finally:
        page.write_bytes(original)
    assert done.returncode == 1, done.stdout
    assert done.stdout.count("restricted-sentence") == 3, done.stdout


# --- 2-4, 17. A withdrawn document: copies, translations, links, other languages ------------------

PIER_SENTENCE = "The volunteers met every Thursday behind the noodle stall near the ferry pier."
PIER_TITLE = "Notes on the ferry pier outreach (sample)"
PIER_TH = "อาสาสมัครพบกันทุกวันพฤหัสบดีหลังร้านก๋วยเตี๋ยวใกล้ท่าเรือข้ามฟากตัวอย่าง"
QUAY_TH = "ท่าเรือข้ามฟากที่อาสาสมัครพบกันทุกสัปดาห์ตอนกลางคืนตัวอย่างข้อความ"


@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pier` published in en and th, with its Thai translations; then the editor withdraws it."""
    root = tmp_path_factory.mktemp("withdrawn") / "archive"
    create_archive(root, "Red team: withdrawal")
    papers = root / "reports" / "papers"
    papers.mkdir(parents=True)
    (papers / "pier.md").write_text(f"{PIER_SENTENCE}\n", "utf-8")
    (papers / "pier-th.md").write_text(f"{PIER_TH}\n", "utf-8")
    (papers / "quay.md").write_text(f"{QUAY_TH}\n", "utf-8")
    (papers / "market.md").write_text("Outreach at the night market went on all year.\n", "utf-8")
    rows = [
        row("papers/pier.md", "pier", PIER_TITLE),
        row("papers/pier-th.md", "pier-th", "บันทึกท่าเรือ", language="th"),
        row("papers/quay.md", "quay", "ท่าเรือ", language="th"),
        row("papers/market.md", "market", "Market notes (sample)"),
    ]
    write_catalog(root / "reports" / "catalog.csv", rows)
    crossings(root, "ingest")
    docs = root / "source" / "documents"
    # The editor's hand: quay is a translation of pier; market links to pier; a draft copy of pier.
    quay = docs / "quay.md"
    quay.write_text(quay.read_text("utf-8").replace("source:", "translation_of: pier\nsource:", 1), "utf-8")
    market = docs / "market.md"
    market.write_text(
        market.read_text("utf-8") + "\nSee [the other notes](pier.md), [](pier.md) and {doc}`pier`.\n",
        "utf-8",
    )
    (root / "source" / "drafts").mkdir()
    (root / "source" / "drafts" / "pier-draft.md").write_text((docs / "pier.md").read_text("utf-8"), "utf-8")
    list_in_toctree(root, "drafts/pier-draft")
    crossings(root, "build", "html", "--lang", "en")
    crossings(root, "build", "html", "--lang", "th")
    assert (root / "build" / "public" / "html" / "th" / "documents" / "pier.html").is_file()
    # Consent withdrawn: the catalog says restricted, then ingest and a build, as the README says.
    rows[0] = row("papers/pier.md", "pier", PIER_TITLE, "restricted")
    write_catalog(root / "reports" / "catalog.csv", rows)
    crossings(root, "ingest")
    crossings(root, "build", "html")
    return root


@pytest.mark.slow
def test_copy_outside_documents_of_a_withdrawn_document_is_withheld(withdrawn: Path) -> None:
    site = withdrawn / "build" / "public" / "html" / "en"
    assert holders(site, PIER_SENTENCE) == []
    assert holders(site, PIER_TITLE) == []


@pytest.mark.slow
def test_translations_of_a_withdrawn_document_are_withdrawn_too(withdrawn: Path) -> None:
    site = withdrawn / "build" / "public" / "html" / "en"
    assert holders(site, PIER_TH) == []
    assert holders(site, QUAY_TH) == []


@pytest.mark.slow
def test_leak_scan_reports_a_published_translation_of_a_withdrawn_document(withdrawn: Path) -> None:
    needles = {needle.normal for needle in collect_needles(Archive(withdrawn))}
    assert any(needle in normal(QUAY_TH) for needle in needles)


class Page(HTMLParser):
    """Every href and every piece of text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "link"):
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


@pytest.mark.slow
def test_links_to_a_withdrawn_document_do_not_name_it(withdrawn: Path) -> None:
    page = Page()
    page.feed(
        (withdrawn / "build" / "public" / "html" / "en" / "documents" / "market.html").read_text("utf-8")
    )
    assert [href for href in page.hrefs if "pier.md" in href or href.endswith("pier.html")] == []
    assert [text for text in page.texts if text in {"pier", "pier.md", "documents/pier"}] == []


@pytest.mark.slow
def test_a_withdrawal_reaches_every_built_language(withdrawn: Path) -> None:
    assert holders(withdrawn / "build" / "public" / "html", PIER_SENTENCE) == []


# --- 5-16. Names -------------------------------------------------------------------------------

HANT = "陳樣本"
HANS_SPELLING = "陈样本"
EVAL_ROLE = "Nittaya Evalrolesample"
DOUBLE_TICK = "Lamai Doubleticksample"
OVERLAP_A = "Ann Overlapsample"
OVERLAP_B = "Overlapsample Wongsample"
DIGITS = "Waew Digitsample"
SVG_NAME = "Ratree Svgsample"
PNG_NAME = "Sunee Ztxtsample"
FOLDER_NAME = "Orawan Foldersample"
RAW_NAME = "Usa Rawsample"
SESSION_NAME = "Yupin Sessionsample"
ORGANISER_NAME = "Orapin Organisersample"


def png_with_text(key: bytes, text: str) -> bytes:
    """A one-pixel PNG whose zTXt chunk (compressed text, as cameras and editors write) holds *text*."""
    plain = png()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ztxt = chunk(b"zTXt", key + b"\0\0" + zlib.compress(text.encode("latin-1")))
    return plain[:33] + ztxt + plain[33:]  # after the signature and IHDR


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One public document writing withheld names in ways redaction does not see."""
    root = tmp_path_factory.mktemp("names") / "archive"
    create_archive(root, "Red team: names")
    redactions(
        root,
        HANT,
        OVERLAP_A,
        OVERLAP_B,
        DIGITS,
        SVG_NAME,
        PNG_NAME,
        FOLDER_NAME,
        RAW_NAME,
        SESSION_NAME,
        ORGANISER_NAME,
    )
    (root / "vocabularies" / "events.csv").write_text(
        "id,en,zh-Hant,zh-Hans,th,place,start,end,organisers,publisher\n"
        f"ev1,Sample meeting,,,,Sample Hall,2001-06-15,2001-06-17,{ORGANISER_NAME},Sample Press\n",
        "utf-8",
    )
    (root / "vocabularies" / "sessions.csv").write_text(
        "id,event,order,date,en,zh-Hant,zh-Hans,th,description_en\n"
        f"s1,ev1,1,2001-06-15,Testimony of {SESSION_NAME},,,,Sample session\n",
        "utf-8",
    )
    media = root / "source" / "documents" / "pub"
    (media / FOLDER_NAME).mkdir(parents=True)
    (media / FOLDER_NAME / "photo.png").write_bytes(png())
    (media / "scan.png").write_bytes(png_with_text(b"Author", PNG_NAME))
    (media / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
        f'<text x="5" y="20">{SVG_NAME}</text></svg>',
        "utf-8",
    )
    body = f"""# Public paper

In the Hong Kong notes the worker {HANS_SPELLING} is thanked (written in simplified characters).

```{{eval-rst}}
We met :redact:`{EVAL_ROLE}` at the clinic.
```

Later {EVAL_ROLE} came back.

We met {{redact}}``{DOUBLE_TICK}`` and later {DOUBLE_TICK} again.

The pair Ann Overlapsample Wongsample came in.

In 2001{DIGITS} was there.

![a photo](pub/{FOLDER_NAME}/photo.png)

![a scan](pub/scan.png)

![a chart](pub/chart.svg)
"""
    write_doc(root, "pub", meta("pub", "Public paper", event="ev1", session="s1"), body)
    raw = meta("raw", "Raw paper", myst={"disable_syntax": []})
    write_doc(
        root,
        "raw",
        raw,
        '# Raw paper\n\n<img src="https://tracker.example/pixel.png" alt="x">\n\n'
        "<span>Usa</span> <b>Raw</b>sample\n",
    )
    crossings(root, "build", "html")
    return root


@pytest.mark.slow
def test_simplified_spelling_of_a_listed_traditional_name_is_withheld(names: Path) -> None:
    assert holders(names / "build" / "public" / "html", HANS_SPELLING) == []


@pytest.mark.slow
def test_rst_redact_role_withholds_the_name_everywhere(names: Path) -> None:
    assert holders(names / "build" / "public" / "html", EVAL_ROLE) == []


@pytest.mark.slow
def test_leak_scan_collects_every_spelling_of_the_redact_role(names: Path) -> None:
    needles = {needle.normal for needle in collect_needles(Archive(names))}
    assert normal(EVAL_ROLE) in needles
    assert normal(DOUBLE_TICK) in needles


@pytest.mark.slow
def test_double_tick_role_leaves_no_name_in_staged_sources(names: Path) -> None:
    assert holders(names / "build" / "public" / "src", DOUBLE_TICK) == []


@pytest.mark.slow
def test_overlapping_names_leave_no_part_visible(names: Path) -> None:
    assert holders(names / "build" / "public" / "html", "Wongsample") == []


@pytest.mark.slow
def test_name_right_after_digits_is_withheld(names: Path) -> None:
    assert holders(names / "build" / "public" / "html", DIGITS) == []


@pytest.mark.slow
def test_name_in_an_svg_image_is_not_published(names: Path) -> None:
    assert holders(names / "build" / "public" / "html", SVG_NAME) == []


@pytest.mark.slow
def test_compressed_image_metadata_is_not_published(names: Path) -> None:
    images = list((names / "build" / "public" / "html").rglob("scan*.png"))
    assert images, "the image was published"
    for image in images:
        assert b"zTXt" not in image.read_bytes(), image


@pytest.mark.slow
def test_media_folder_named_after_a_person_is_renamed_when_staged(names: Path) -> None:
    staged = names / "build" / "public" / "src"
    assert [p for p in staged.rglob("*") if normal(FOLDER_NAME) in normal(p.name)] == []


class Tags(HTMLParser):
    """The tags of a page with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.slow
def test_per_document_myst_settings_cannot_bring_raw_html_back(names: Path) -> None:
    page = names / "build" / "public" / "html" / "en" / "documents" / "raw.html"
    tags = Tags()
    tags.feed(page.read_text("utf-8"))
    assert [a for t, a in tags.tags if t == "img" and "tracker.example" in str(a.get("src"))] == []
    assert [t for t, _ in tags.tags if t == "b"] == []


@pytest.mark.slow
def test_names_in_vocabulary_labels_are_withheld(names: Path) -> None:
    site = names / "build" / "public" / "html"
    assert holders(site, SESSION_NAME) == []
    assert holders(site, ORGANISER_NAME) == []


def test_leak_scan_finds_a_simplified_spelling_of_a_listed_name(tmp_path: Path) -> None:
    """The scan alone (no build): a page with the simplified spelling of a listed traditional name."""
    root = tmp_path / "archive"
    create_archive(root, "Red team: scan")
    redactions(root, HANT)
    page = root / "build" / "public" / "html" / "en" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text(f"<p>{HANS_SPELLING}</p>", "utf-8")
    assert scan_edition(root / "build" / "public", collect_needles(Archive(root)), root)


# --- 7-8. Translations ---------------------------------------------------------------------------

PO_NAME = "Chanida Glosssample"
PO_MARKED = "Dara Markedposample"


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A public document translated into Thai: a glossary term and a {redact} mark in the .po file."""
    root = tmp_path_factory.mktemp("translated") / "archive"
    create_archive(root, "Red team: translations")
    redactions(root, PO_NAME)
    body = (
        "# Public paper\n\nWe met the outreach worker at the clinic.\n\nSome more words about the clinic.\n\n"
        "```{glossary}\nOutreach worker\n   A person who meets workers where they are.\n```\n"
    )
    write_doc(root, "pub", meta("pub", "Public paper"), body)
    crossings(root, "translate", "update", "--lang", "th")
    po = root / "locales" / "th" / "LC_MESSAGES" / "documents" / "pub.po"
    text = po.read_text("utf-8").replace('#, fuzzy\nmsgid ""', 'msgid ""')
    for msgid, msgstr in {
        "We met the outreach worker at the clinic.": f"พบ {{redact}}`{PO_MARKED}` ที่คลินิก",
        "Some more words about the clinic.": f"ต่อมา {PO_MARKED} กลับมา",
        "Outreach worker": PO_NAME,
    }.items():
        old = f'msgid "{msgid}"\nmsgstr ""'
        assert old in text
        text = text.replace(old, f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    po.write_text(text, "utf-8")
    crossings(root, "build", "html", "--lang", "th")
    return root


@pytest.mark.slow
def test_translated_glossary_term_is_not_in_the_inventory(translated: Path) -> None:
    assert holders(translated / "build" / "public" / "html", PO_NAME) == []


@pytest.mark.slow
def test_redact_mark_in_a_translation_withholds_the_name_everywhere(translated: Path) -> None:
    assert holders(translated / "build" / "public" / "html", PO_MARKED) == []


# --- 18. Photos from contributed files -----------------------------------------------------------


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A contributed .docx holding a phone photo with the photographer's name and GPS position."""
    import pypandoc
    from PIL import Image

    root = tmp_path_factory.mktemp("photo") / "archive"
    create_archive(root, "Red team: photo")
    image = Image.new("RGB", (8, 8), (200, 10, 10))
    exif = Image.Exif()
    exif[0x013B] = "Sample Photographer"  # Artist
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 12.5), 3: "E", 4: (100.0, 30.0, 1.0)}  # GPS: a safe house
    work = root.parent / "work"
    work.mkdir()
    image.save(work / "photo.jpg", exif=exif.tobytes())
    (work / "paper.md").write_text(
        "Outreach at the harbour went on all year.\n\n![the harbour](photo.jpg)\n", "utf-8"
    )
    (root / "reports" / "papers").mkdir(parents=True)
    pypandoc.convert_file(
        str(work / "paper.md"),
        "docx",
        outputfile=str(root / "reports" / "papers" / "harbour.docx"),
        extra_args=[f"--resource-path={work}"],
    )
    write_catalog(
        root / "reports" / "catalog.csv", [row("papers/harbour.docx", "harbour", "Harbour notes (sample)")]
    )
    crossings(root, "ingest")
    crossings(root, "build", "html")
    crossings(root, "build", "epub")
    return root


def _gps(data: bytes) -> dict[int, object]:
    from PIL import Image

    with Image.open(BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(0x8825))


@pytest.mark.slow
def test_photos_lose_their_position_and_author_before_publication(photo: Path) -> None:
    public = photo / "build" / "public"
    images = [p for p in public.rglob("*.jpg") if "/src/" not in p.as_posix()]
    assert images, "the photo was published"
    for image in images:
        assert _gps(image.read_bytes()) == {}, image
    for book in public.rglob("*.epub"):
        with zipfile.ZipFile(book) as epub:
            for member in epub.namelist():
                if member.endswith(".jpg"):
                    assert _gps(epub.read(member)) == {}, f"{book}!{member}"


# --- 15, 19-21. Editors' files: redactions.csv and the catalog -----------------------------------


def test_an_unbalanced_quote_in_redactions_csv_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "redactions.csv"
    path.write_text(
        'name,documents,note\n"Wanida Quotesample,,forgot the closing quote\nMali Quotesample,,\n', "utf-8"
    )
    try:
        names = [entry.name for entry in load_redactions(path)]
    except CrossingsError:
        return
    assert names == ["Wanida Quotesample", "Mali Quotesample"]


def test_redactions_for_unknown_documents_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    create_archive(root, "Red team: scope")
    (root / "redactions.csv").write_text("name,documents,note\nN-Phornsample, Wanida\n", "utf-8")
    write_doc(root, "pub", meta("pub", "Public paper"), "# Public paper\n\nWe met Wanida N-Phornsample.\n")
    done = crossings(root, "check", ok=False)
    assert done.returncode == 1 and "redactions.csv" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("file", "command"), [("reports/catalog.csv", ("check",)), ("redactions.csv", ("build", "html"))]
)
def test_an_oversized_csv_field_is_a_clear_error(tmp_path: Path, file: str, command: tuple[str, ...]) -> None:
    root = tmp_path / "archive"
    create_archive(root, "Red team: big field")
    path = root / file
    header = ",".join(COLUMNS) if file.startswith("reports") else "name,documents,note"
    path.write_text(f'{header}\n"{"x" * 140_000}\n', "utf-8")
    done = crossings(root, *command, ok=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr[-400:]


# --- 22. The scan reading Thai in the PDF ------------------------------------------------------

THAI_SARA_AM = "น้ำผึ้ง ทดสอบตัวอย่าง"


@pytest.fixture(scope="module")
def thai_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PDF printing a Thai name with a tone mark before SARA AM; then the name is listed."""
    root = tmp_path_factory.mktemp("thai") / "archive"
    create_archive(root, "Red team: Thai in the PDF")
    body = f"# Public paper\n\nพบกับ {THAI_SARA_AM} ที่ศูนย์\n"
    write_doc(root, "pub", meta("pub", "Public paper", language="th"), body)
    crossings(root, "build", "pdf")
    redactions(root, THAI_SARA_AM)
    return root


@pytest.mark.slow
def test_leak_scan_finds_a_thai_name_with_sara_am_in_the_pdf(thai_pdf: Path) -> None:
    done = crossings(thai_pdf, "check", "--leaks", ok=False)
    assert done.returncode == 1
    assert any(".pdf" in line for line in done.stdout.splitlines() if "leak:" in line), done.stdout


# --- 23. {redact} in a catalog field ------------------------------------------------------------

TITLE_ROLE = "Wanida Titlerolesample"
AUTHOR_ROLE = "Mali Authorrolesample"


@pytest.fixture(scope="module")
def role_in_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An editor marks names with {redact} in the catalog's title and authors cells."""
    root = tmp_path_factory.mktemp("catalog-role") / "archive"
    create_archive(root, "Red team: roles in the catalog")
    (root / "reports" / "papers").mkdir(parents=True)
    (root / "reports" / "papers" / "talk.md").write_text("A public sentence about outreach work.\n", "utf-8")
    values = row("papers/talk.md", "talk", f"Interview with {{redact}}`{TITLE_ROLE}`")
    values["authors"] = f"{{redact}}`{AUTHOR_ROLE}`;Sample Author"
    write_catalog(root / "reports" / "catalog.csv", [values])
    crossings(root, "ingest")
    crossings(root, "build", "html")
    return root


@pytest.mark.slow
def test_redact_role_in_catalog_fields_withholds_the_name(role_in_catalog: Path) -> None:
    site = role_in_catalog / "build" / "public" / "html"
    assert holders(site, TITLE_ROLE) == []
    assert holders(site, AUTHOR_ROLE) == []


@pytest.mark.slow
def test_leak_scan_collects_redact_marks_of_catalog_fields(role_in_catalog: Path) -> None:
    needles = {needle.normal for needle in collect_needles(Archive(role_in_catalog))}
    assert normal(TITLE_ROLE) in needles and normal(AUTHOR_ROLE) in needles


# --- 24. A scoped name in the document's translation --------------------------------------------

SCOPED = "Somchai Scopedsample"


@pytest.fixture(scope="module")
def scoped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A name withheld in document `talk`, and talk's Thai translation naming the same person."""
    root = tmp_path_factory.mktemp("scoped") / "archive"
    create_archive(root, "Red team: scope")
    (root / "redactions.csv").write_text(f"name,documents,note\n{SCOPED},talk,\n", "utf-8")
    write_doc(root, "talk", meta("talk", "Talk"), f"# Talk\n\nWe met {SCOPED} at the clinic.\n")
    write_doc(
        root,
        "talk-th",
        meta("talk-th", "การพูด", language="th", translation_of="talk"),
        f"# การพูด\n\nเราพบ {SCOPED} ที่คลินิก\n",
    )
    crossings(root, "build", "html")
    return root


@pytest.mark.slow
def test_a_scoped_name_is_withheld_in_the_documents_translations(scoped: Path) -> None:
    assert holders(scoped / "build" / "public" / "html", SCOPED) == []


@pytest.mark.slow
def test_a_scoped_name_in_a_document_outside_its_scope_stops_the_public_build(tmp_path: Path) -> None:
    """Staging would leave the name in place there while the leak scan stops the release: the
    build refuses first, naming the document, its line and the row, never the name."""
    root = tmp_path / "archive"
    create_archive(root, "Red team: out of scope")
    (root / "redactions.csv").write_text(f"name,documents,note\n{SCOPED},talk,\n", "utf-8")
    write_doc(root, "talk", meta("talk", "Talk"), f"# Talk\n\nWe met {SCOPED} at the clinic.\n")
    order = ", ".join(reversed(SCOPED.split(" ", 1)))  # "Family, Given" is the same name
    write_doc(root, "other", meta("other", "Other"), f"# Other\n\nSample text.\n\nThanks to {order}.\n")
    done = crossings(root, "build", "html", ok=False)
    assert done.returncode == 1
    assert "source/documents/other.md:" in done.stderr, done.stderr[-800:]
    assert "row 1 of redactions.csv" in done.stderr and "'other'" in done.stderr, done.stderr[-800:]
    assert SCOPED.split()[0] not in done.stderr
    assert not list((root / "build").glob("public/html/**/other.html"))
    checked = crossings(root, "check", ok=False)
    assert checked.returncode == 1 and "source/documents/other.md:" in checked.stdout + checked.stderr


# --- 15. A withheld name in a document id ------------------------------------------------------


@pytest.mark.slow
def test_a_document_id_holding_a_withheld_name_is_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    create_archive(root, "Red team: id")
    redactions(root, "Wanida Idsample")
    write_doc(root, "pub", meta("pub", "Public paper"), "# Public paper\n\nSample text.\n")
    write_doc(
        root, "wanida-idsample-story", meta("wanida-idsample-story", "A story"), "# A story\n\nSample.\n"
    )
    done = crossings(root, "build", "html", ok=False)
    assert done.returncode == 1
    assert "redactions.csv" in done.stderr and "wanida-idsample-story" in done.stderr, done.stderr[-600:]


@pytest.mark.slow
def test_a_page_path_holding_a_withheld_name_is_a_clear_error(tmp_path: Path) -> None:
    """An editor's page, listed through a glob, whose folder or file is named after a person: the
    path is its address, so check and the public build name the file and say to rename it."""
    root = tmp_path / "archive"
    create_archive(root, "Red team: page path")
    redactions(root, "Wanida Pathsample")
    write_doc(root, "pub", meta("pub", "Public paper"), "# Public paper\n\nSample text.\n")
    for page in ("notes/wanida-pathsample.md", "wanida_pathsample/index.md"):
        (root / "source" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "source" / page).write_text("# Notes\n\nSample notes.\n", "utf-8")
    index = root / "source" / "index.md"
    index.write_text(
        index.read_text("utf-8") + "\n```{toctree}\n:glob:\n\nnotes/*\nwanida_pathsample/*\n```\n"
    )
    checked = crossings(root, "check", ok=False)
    built = crossings(root, "build", "html", ok=False)
    for done in (checked, built):
        said = done.stdout + done.stderr
        assert done.returncode == 1, said
        for page in ("notes/wanida-pathsample.md", "wanida_pathsample/index.md"):
            assert (
                f"source/{page}: error: the page's path holds a name withheld by row 1 of redactions.csv"
                in said
            )
        assert "rename the file" in said
    assert not (root / "build" / "public" / "html").exists() or not list(
        (root / "build" / "public" / "html").rglob("*pathsample*")
    )


# --- 25. Hidden text of a contributed .docx -----------------------------------------------------

HIDDEN_BY_STYLE = "Wanida Hiddenstylesample lives at the pier"


def test_text_hidden_by_a_character_style_is_not_ingested(tmp_path: Path) -> None:
    import re

    import pypandoc

    root = tmp_path / "archive"
    create_archive(root, "Red team: hidden style")
    draft = tmp_path / "draft.md"
    draft.write_text(
        f'Visible text.\n\nThe note [{HIDDEN_BY_STYLE}]{{custom-style="EditorNote"}} ends.\n', "utf-8"
    )
    plain = tmp_path / "plain.docx"
    pypandoc.convert_file(str(draft), "docx", outputfile=str(plain))
    (root / "reports" / "papers").mkdir(parents=True)
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(root / "reports" / "papers" / "note.docx", "w") as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                styles = data.decode("utf-8")
                style = re.search(r'<w:style [^>]*w:styleId="EditorNote".*?</w:style>', styles, re.DOTALL)
                assert style is not None
                hidden = style.group(0).replace("</w:style>", "<w:rPr><w:vanish/></w:rPr></w:style>")
                data = styles.replace(style.group(0), hidden).encode("utf-8")
            out.writestr(info, data)
    write_catalog(root / "reports" / "catalog.csv", [row("papers/note.docx", "note", "Note (sample)")])
    crossings(root, "ingest")
    text = (root / "source" / "documents" / "note.md").read_text("utf-8")
    assert "Visible text." in text
    assert HIDDEN_BY_STYLE not in text
