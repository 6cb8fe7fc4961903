"""`crossings check --leaks` finds restricted text and redacted names in every kind of artifact."""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.archive import Archive
from crossings.catalog.frontmatter import dump
from crossings.cli import main
from crossings.leaks import collect_needles, scan_edition
from crossings.leaks.needles import distinctive_sentences

SECRET = "The parrot tattoo man wrote the receipt on the back of a lottery ticket at night."
NAME = "Noi Example-Canary"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with *text* in Helvetica, enough for pdftotext."""
    stream = f"BT /F1 9 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_file(objects)


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of *objects* (numbered from 1, the first its catalog) with its cross-reference
    table; *trailer*: more entries for the trailer dictionary."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    )
    return out.getvalue()


def pdf_with_metadata(title: str, bookmark: str, xmp: str) -> bytes:
    """A one-page PDF whose text names nobody, with *title* in its information dictionary and
    *bookmark* as its one bookmark (UTF-16, as hyperref writes them) and *xmp* in its compressed
    XMP metadata."""
    utf16 = "<FEFF{}>".format
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R /Metadata 9 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 42 >>\nstream\nBT /F1 9 Tf 20 100 Td (Nothing here) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
        f"<< /Title {utf16(bookmark.encode('utf-16-be').hex())} /Parent 6 0 R /Dest [3 0 R /Fit] >>".encode(),
        f"<< /Title {utf16(title.encode('utf-16-be').hex())} >>".encode(),
    ]
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>'
        f"{xmp}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    packed = zlib.compress(packet)  # compressed, as xdvipdfmx writes it
    objects.append(
        b"<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream"
    )
    return pdf_file(objects, b" /Info 8 0 R")


@pytest.fixture
def archive(empty_archive: Path) -> Archive:
    """An archive with one restricted document and one redacted name, and a clean public build."""
    docs = empty_archive / "source" / "documents"
    docs.mkdir(parents=True)
    meta = {"id": "secret-doc", "title": "Border testimony", "type": "other", "language": "en"}
    restricted = dump({**meta, "access": "restricted"}) + f"# Border testimony\n\n{SECRET}\n"
    (docs / "secret-doc.md").write_text(restricted, "utf-8")
    public = dump({**meta, "id": "open-doc", "title": "Open", "access": "public"})
    (docs / "open-doc.md").write_text(public + "# Open\n\nNothing to hide here at all.\n", "utf-8")
    (empty_archive / "redactions.csv").write_text(f"name,documents,note\n{NAME},,\n", "utf-8")
    html = empty_archive / "build" / "public" / "html" / "en"
    html.mkdir(parents=True)
    (html / "index.html").write_text("<html><body><p>Nothing here</p></body></html>", "utf-8")
    return Archive.at(empty_archive)


def scan(archive: Archive) -> list[str]:
    return [
        str(leak)
        for leak in scan_edition(archive.edition_dir("public"), collect_needles(archive), archive.root)
    ]


def test_needles_cover_restricted_sentences_ids_titles_and_names(archive: Archive) -> None:
    kinds = {(n.kind, n.text) for n in collect_needles(archive)}
    assert ("restricted-sentence", SECRET) in kinds
    assert ("restricted-id", "documents/secret-doc") in kinds
    assert ("redacted-name", NAME) in kinds
    assert not any("Nothing to hide" in text for _, text in kinds)


def test_distinctive_sentences_split_chinese_and_skip_short_ones() -> None:
    body = "短句。這是一個很長的句子，內容是只在受限制文件中出現的獨特說法。\n\nShort one."
    assert distinctive_sentences(body) == ["這是一個很長的句子，內容是只在受限制文件中出現的獨特說法。"]


def test_a_clean_build_passes(archive: Archive) -> None:
    assert scan(archive) == []
    result = CliRunner().invoke(main, ["check", "--leaks", "--archive", str(archive.root)])
    assert result.exit_code == 0, result.output


def test_sentence_in_html_found_across_markup_and_line_breaks(archive: Archive) -> None:
    page = archive.edition_dir("public") / "html" / "en" / "page.html"
    wrapped = SECRET.replace("lottery ticket", "lottery\n<em>ticket</em>")
    page.write_text(f"<p>line one</p>\n<p>{wrapped}</p>", "utf-8")
    leaks = scan(archive)
    assert leaks == ["build/public/html/en/page.html:2:4: leak: restricted-sentence of secret-doc"]


@pytest.mark.parametrize(
    "name, data",
    [
        ("searchindex.js", b'Search.setIndex({"docnames":["documents/secret-doc"]})'),
        ("sitemap.xml", b"<url><loc>documents/secret-doc.html</loc></url>"),
        (
            "objects.inv",
            b"# Sphinx inventory version 2\n# Project: x\n# Version: \n# zlib\n"
            + zlib.compress(b"documents/secret-doc std:doc -1 documents/secret-doc.html Border\n"),
        ),
        ("_corpus/en.jsonl", json.dumps({"text": f"with {NAME} inside"}).encode()),
    ],
)
def test_every_kind_of_artifact_is_scanned(archive: Archive, name: str, data: bytes) -> None:
    path = archive.edition_dir("public") / "html" / "en" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    leaks = scan(archive)
    assert leaks and all(name in leak for leak in leaks)
    assert NAME not in "".join(leaks)  # reports never repeat a redacted name


@pytest.mark.parametrize("name", ["สมศรี ใจตัวอย่าง", "陳樣本", "Nguyễn Thị Mẫusample", "Noi Exämple"])
def test_a_name_in_searchindex_js_is_found_as_sphinx_escapes_it(archive: Archive, name: str) -> None:
    """Sphinx writes searchindex.js as ASCII JSON: every other letter is a \\u escape."""
    from sphinx.search import js_index

    redactions = archive.root / "redactions.csv"
    redactions.write_text(redactions.read_text("utf-8") + f"{name},,\n", "utf-8")
    written = js_index.dumps({"docnames": ["index"], "titles": [f"Meeting {name}"]})
    assert "\\u" in written
    path = archive.edition_dir("public") / "html" / "en" / "searchindex.js"
    path.write_text(written, "utf-8")
    column = written.index("Meeting ") + len("Meeting ") + 1
    assert scan(archive) == [
        f"build/public/html/en/searchindex.js:1:{column}: leak: redacted name (redactions.csv row 2)"
    ]


def test_epub_members_are_scanned(archive: Archive) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as epub:
        epub.writestr("mimetype", "application/epub+zip")
        epub.writestr("EPUB/ch1.xhtml", f"<p>{NAME}</p>")
    (archive.edition_dir("public") / "book.epub").write_bytes(buffer.getvalue())
    assert scan(archive) == [
        "build/public/book.epub!EPUB/ch1.xhtml:1:4: leak: redacted name (redactions.csv row 1)"
    ]


def test_pdf_text_layer_is_scanned(archive: Archive) -> None:
    (archive.edition_dir("public") / "book.pdf").write_bytes(minimal_pdf(f"Thanks to {NAME} for help"))
    leaks = scan(archive)
    assert any(leak.startswith("build/public/book.pdf (text)") for leak in leaks), leaks


@pytest.mark.parametrize("where", ["title", "bookmark", "xmp"])
def test_pdf_metadata_and_bookmarks_are_scanned(archive: Archive, where: str) -> None:
    """A name in a PDF's information dictionary, bookmarks or XMP is in no page's text layer, and
    in the file only as UTF-16 or (from xelatex) inside compressed object streams."""
    places = dict.fromkeys(["title", "bookmark", "xmp"], "Sample title")
    places[where] = f"Told by {NAME}"
    (archive.edition_dir("public") / "book.pdf").write_bytes(pdf_with_metadata(**places))
    leaks = scan(archive)
    assert leaks and all(leak.startswith("build/public/book.pdf (") for leak in leaks), leaks
    assert all("redacted name (redactions.csv row 1)" in leak for leak in leaks)


def test_whoosh_index_stored_fields_and_terms_are_scanned(archive: Archive) -> None:
    from whoosh import fields, index

    folder = archive.edition_dir("public") / "search" / "en"
    folder.mkdir(parents=True)
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(stored=False))
    ix = index.create_in(str(folder), schema)
    with ix.writer() as writer:
        writer.add_document(id="secret-doc#intro", body=f"A text naming {NAME} in the middle.")
    leaks = scan(archive)
    assert "build/public/search/en (stored document 0):1:1: leak: restricted-id of secret-doc" not in leaks
    assert any("(terms of field id): leak: restricted-id of secret-doc" in leak for leak in leaks)
    assert any("(terms of field body): leak: redacted name" in leak for leak in leaks)


def test_cli_exits_1_and_names_the_file(archive: Archive) -> None:
    page = archive.edition_dir("public") / "html" / "en" / "documents" / "open-doc.html"
    page.parent.mkdir(parents=True)
    page.write_text(f"<p>{SECRET}</p>", "utf-8")
    result = CliRunner().invoke(main, ["check", "--leaks", "--archive", str(archive.root), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    assert report["leaks"][0]["artifact"] == "build/public/html/en/documents/open-doc.html"


def test_cli_without_a_build_says_what_to_do(empty_archive: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--leaks", "--archive", str(empty_archive)])
    assert result.exit_code == 1
    assert "run `crossings build`" in result.output


@pytest.mark.parametrize(
    "name, data",
    [
        (
            "html/en/oai-static.xml",
            b"<oai:record><oai:header><oai:identifier>oai:archive.example.org:secret-doc"
            b"</oai:identifier></oai:header></oai:record>",
        ),
        ("oai/en.json", b'{"records": [{"id": "secret-doc", "datestamp": "2026-01-01T00:00:00Z"}]}'),
    ],
)
def test_oai_files_are_scanned_for_bare_identifiers(archive: Archive, name: str, data: bytes) -> None:
    path = archive.edition_dir("public") / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    leaks = scan(archive)
    assert leaks and all(name in leak and "secret-doc" in leak for leak in leaks), leaks


def test_an_oai_record_of_a_public_document_is_no_leak(archive: Archive) -> None:
    path = archive.edition_dir("public") / "oai" / "en.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '{"records": [{"id": "open-doc", "fields": [{"name": "title", "value": "Open"}]}]}', "utf-8"
    )
    assert scan(archive) == []
