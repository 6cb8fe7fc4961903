"""A withdrawn document's sentence that a public document quotes: a note where the quoting
document's own source holds it, a leak anywhere else (crossings.leaks.quotes)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.archive import Archive
from crossings.catalog.frontmatter import dump
from crossings.cli import main
from crossings.leaks import collect_needles
from crossings.leaks.quotes import public_text
from crossings.leaks.scan import Scan, scan_artifacts
from tests.browser.conftest import copy_demo, run
from tests.leaks.test_leaks import NAME, SECRET, minimal_pdf
from tests.serving import CROSSINGS

QUOTE = f"As the testimony put it: {SECRET} We agree."


def document(doc_id: str, body: str, access: str = "public") -> str:
    """A document's Markdown with its front matter."""
    meta = {"id": doc_id, "title": doc_id.title(), "type": "other", "language": "en", "access": access}
    return dump(meta) + f"# {doc_id.title()}\n\n{body}\n"


@pytest.fixture
def archive(empty_archive: Path) -> Archive:
    """secret-doc restricted; open-doc public and quoting its sentence; other-doc public, not
    quoting; each public one staged as a build stages it, and a clean site."""
    docs = empty_archive / "source" / "documents"
    docs.mkdir(parents=True)
    staged = empty_archive / "build" / "public" / "src" / "en" / "documents"
    staged.mkdir(parents=True)
    texts = {
        "secret-doc": document("secret-doc", SECRET, "restricted"),
        "open-doc": document("open-doc", QUOTE),
        "other-doc": document("other-doc", "Nothing to hide here at all, and nothing quoted either."),
    }
    for doc_id, text in texts.items():
        (docs / f"{doc_id}.md").write_text(text, "utf-8")
        if doc_id != "secret-doc":
            (staged / f"{doc_id}.md").write_text(text, "utf-8")
    (empty_archive / "redactions.csv").write_text(f"name,documents,note\n{NAME},,\n", "utf-8")
    html = empty_archive / "build" / "public" / "html" / "en"
    (html / "documents").mkdir(parents=True)
    (html / "index.html").write_text("<html><body><p>Nothing here</p></body></html>", "utf-8")
    return Archive.at(empty_archive)


def put(archive: Archive, name: str, text: str) -> None:
    """Write one artifact of the public edition."""
    path = archive.edition_dir("public") / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def scan(archive: Archive) -> Scan:
    return scan_artifacts(
        archive.edition_dir("public"), collect_needles(archive), archive.root, public=public_text(archive)
    )


def leaks(archive: Archive) -> list[str]:
    return [str(leak) for leak in scan(archive).leaks]


def test_the_quoting_documents_page_is_a_note_naming_both_documents(archive: Archive) -> None:
    put(archive, "html/en/documents/open-doc.html", f"<p>{QUOTE}</p>")
    put(archive, "html/en/documents/open-doc.parallel-th.html", f"<p>{QUOTE}</p>")
    found = scan(archive)
    assert found.leaks == []
    assert sorted(note.artifact for note in found.notes) == [
        "build/public/html/en/documents/open-doc.html",
        "build/public/html/en/documents/open-doc.parallel-th.html",
        "build/public/src/en/documents/open-doc.md",
    ]
    note = found.notes[0]
    assert (note.withdrawn, note.quoted_by) == ("secret-doc", ("open-doc",))
    assert "secret-doc" in str(note) and "open-doc" in str(note) and ": note: " in str(note)


def test_check_passes_and_reports_the_quotation_as_a_note(archive: Archive) -> None:
    put(archive, "html/en/documents/open-doc.html", f"<p>{QUOTE}</p>")
    result = CliRunner().invoke(main, ["check", "--leaks", "--archive", str(archive.root), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] is True and report["leaks"] == []
    assert {(n["withdrawn"], tuple(n["quoted_by"])) for n in report["notes"]} == {
        ("secret-doc", ("open-doc",))
    }
    text = CliRunner().invoke(main, ["check", "--leaks", "--archive", str(archive.root)])
    assert text.exit_code == 0, text.output
    assert (
        "build/public/html/en/documents/open-doc.html:1:29: note: restricted-sentence of secret-doc"
        in text.output
    )
    assert "0 leaks, 2 quotations to review" in text.output


@pytest.mark.parametrize(
    "name",
    [
        "html/en/documents/other-doc.html",  # a page whose source does not quote it
        "html/en/documents/secret-doc.html",  # the withdrawn document's own page, left behind
        "html/en/index.html",  # a page that is no document
        "html/en/sessions/s1.html",  # a generated page, of no staged source
        "epub/en/proceedings.epub!documents/other-doc.xhtml",
        "papers/en/other-doc.tex",
    ],
)
def test_the_same_sentence_on_another_page_is_a_leak(archive: Archive, name: str) -> None:
    put(archive, "html/en/documents/open-doc.html", f"<p>{QUOTE}</p>")
    if "!" in name:
        import zipfile

        book, member = name.split("!")
        path = archive.edition_dir("public") / book
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w") as epub:
            epub.writestr(member, f"<p>{SECRET}</p>")
    else:
        put(archive, name, f"<p>{SECRET}</p>")
    found = scan(archive)
    assert f"build/public/{name}:1:4: leak: restricted-sentence of secret-doc" in map(str, found.leaks)
    assert {note.artifact for note in found.notes} == {
        "build/public/html/en/documents/open-doc.html",
        "build/public/src/en/documents/open-doc.md",
    }


def test_a_book_may_hold_the_sentence_as_often_as_the_public_sources_do(archive: Archive) -> None:
    put(archive, "latex/en/proceedings.tex", f"\\chapter{{Open}}\n{QUOTE}\n")
    assert leaks(archive) == []
    assert [note.artifact for note in scan(archive).notes] == [
        "build/public/latex/en/proceedings.tex",
        "build/public/src/en/documents/open-doc.md",
    ]
    put(archive, "latex/en/proceedings.tex", f"\\chapter{{Open}}\n{QUOTE}\n\\chapter{{Secret}}\n{SECRET}\n")
    assert leaks(archive) == [
        "build/public/latex/en/proceedings.tex:2:26: leak: restricted-sentence of secret-doc"
    ]


def test_a_pdf_book_holding_the_withdrawn_chapter_too_is_a_leak(archive: Archive) -> None:
    (archive.edition_dir("public") / "proceedings.pdf").write_bytes(minimal_pdf(SECRET))
    assert leaks(archive) == []
    put(archive, "html/en/documents/open-doc.html", f"<p>{QUOTE}</p>")
    (archive.edition_dir("public") / "proceedings.pdf").write_bytes(
        minimal_pdf(SECRET).replace(b"Tj ET", b"Tj 0 -12 Td (" + SECRET.encode() + b") Tj ET")
    )
    assert any(leak.startswith("build/public/proceedings.pdf (text)") for leak in leaks(archive))


def test_search_records_are_judged_by_the_document_they_name(archive: Archive) -> None:
    own = {"id": "secret-doc", "text": SECRET}
    quoting = {"id": "open-doc", "text": QUOTE}
    put(archive, "corpus/en.jsonl", json.dumps(quoting) + "\n")
    assert leaks(archive) == []
    put(archive, "corpus/en.jsonl", json.dumps(quoting) + "\n" + json.dumps(own) + "\n")
    assert "build/public/corpus/en.jsonl:2:31: leak: restricted-sentence of secret-doc" in leaks(archive)


def test_the_withdrawn_documents_own_whoosh_record_is_a_leak(archive: Archive) -> None:
    from whoosh import fields, index

    folder = archive.edition_dir("public") / "search" / "en"
    folder.mkdir(parents=True)
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(stored=True))
    ix = index.create_in(str(folder), schema)
    with ix.writer() as writer:
        writer.add_document(id="open-doc", body=QUOTE)
    assert leaks(archive) == []
    assert {note.artifact for note in scan(archive).notes} >= {
        "build/public/search/en (stored document 0)",
        "build/public/search/en (terms of field body)",
    }
    with ix.writer() as writer:
        writer.add_document(id="other-doc", body=SECRET)
    found = leaks(archive)
    assert "build/public/search/en (stored document 1):1:1: leak: restricted-sentence of secret-doc" in found
    assert "build/public/search/en (terms of field body): leak: restricted-sentence of secret-doc" in found


def test_a_partial_quotation_excuses_nothing(archive: Archive) -> None:
    half = SECRET.split(" on the back")[0]
    source = archive.edition_dir("public") / "src" / "en" / "documents" / "open-doc.md"
    source.write_text(document("open-doc", f"She said: {half}."), "utf-8")
    put(archive, "html/en/documents/open-doc.html", f"<p>{SECRET}</p>")
    assert leaks(archive) == [
        "build/public/html/en/documents/open-doc.html:1:4: leak: restricted-sentence of secret-doc"
    ]


def test_a_stale_staged_copy_of_a_withdrawn_document_excuses_nothing(archive: Archive) -> None:
    """open-doc is withdrawn too, but the last build's staged copy of it is still there."""
    (archive.source / "documents" / "open-doc.md").write_text(
        document("open-doc", QUOTE, "restricted"), "utf-8"
    )
    put(archive, "html/en/documents/open-doc.html", f"<p>{QUOTE}</p>")
    assert (
        "build/public/html/en/documents/open-doc.html:1:29: leak: restricted-sentence of secret-doc"
        in leaks(archive)
    )


@pytest.mark.parametrize("what", ["name", "title"])
def test_names_and_titles_are_never_excused_by_a_quotation(archive: Archive, what: str) -> None:
    text = NAME if what == "name" else "Secret-Doc"  # the withdrawn document's title
    source = archive.edition_dir("public") / "src" / "en" / "documents" / "open-doc.md"
    source.write_text(document("open-doc", f"{QUOTE} {text} told us."), "utf-8")
    put(archive, "html/en/documents/open-doc.html", f"<p>{QUOTE} {text} told us.</p>")
    kind = "redacted name (redactions.csv row 1)" if what == "name" else "restricted-title of secret-doc"
    assert f"build/public/html/en/documents/open-doc.html:1:121: leak: {kind}" in leaks(archive)


def test_a_withdrawn_document_entirely_quoted_still_leaks_by_its_page(archive: Archive) -> None:
    """Every sentence of secret-doc is quoted: its quoting page passes, its own page does not."""
    put(archive, "html/en/documents/open-doc.html", f"<p>{QUOTE}</p>")
    assert leaks(archive) == []
    put(archive, "html/en/documents/secret-doc.html", f"<p>{SECRET}</p>")
    found = leaks(archive)
    assert (
        "build/public/html/en/documents/secret-doc.html:1:4: leak: restricted-sentence of secret-doc" in found
    )
    assert (
        "build/public/html/en/documents/secret-doc.html (its path):1:9: leak: restricted-id of secret-doc"
        in found
    )


WITHDRAWN = "closing-statement"
QUOTING = "handbook-ch1-outreach"  # its rights card holds the closing statement's quoted sentence
SENTENCE = (
    "You have rights: if the police arrest you, you may ask for an interpreter and you may contact "
    "a relative or friend."
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive's English site and search index, built after the closing statement,
    whose sentence the handbook's chapter also holds, was withdrawn."""
    root = tmp_path_factory.mktemp("quotations") / "archive"
    copy_demo(root)
    catalog = root / "reports" / "catalog.csv"
    lines = catalog.read_text("utf-8").splitlines(keepends=True)
    row = next(n for n, line in enumerate(lines) if f",{WITHDRAWN}," in line)
    assert ",2001-06-17,public," in lines[row]
    lines[row] = lines[row].replace(",2001-06-17,public,", ",2001-06-17,restricted,")
    catalog.write_text("".join(lines), "utf-8")
    run("ingest", "--archive", str(root))
    run("build", "html", "--lang", "en", "--archive", str(root))
    run("index", "--lang", "en", "--archive", str(root))
    return root


def crossings_json(root: Path, *args: str) -> tuple[int, dict[str, object]]:
    """Run a crossings command with --json; its exit status and report (or its stderr)."""
    done = subprocess.run(
        [CROSSINGS, *args, "--json", "--archive", str(root)], capture_output=True, text=True, timeout=600
    )
    return done.returncode, json.loads(done.stdout) if done.stdout else {"stderr": done.stderr}


@pytest.mark.slow
def test_demo_withdrawn_statement_quoted_by_the_handbook_passes_check_and_bundle(demo: Path) -> None:
    status, report = crossings_json(demo, "check", "--leaks")
    assert status == 0, report
    notes = report["notes"]
    assert isinstance(notes, list)
    assert {(n["withdrawn"], tuple(n["quoted_by"])) for n in notes} == {(WITHDRAWN, (QUOTING,))}
    artifacts = {n["artifact"] for n in notes}
    assert f"build/public/html/en/documents/{QUOTING}.html" in artifacts
    assert any(a.startswith("build/public/search/en/") for a in artifacts)  # the Whoosh record
    status, bundled = crossings_json(demo, "bundle", "--lang", "en")
    assert status == 0, bundled
    assert f"en/documents/{QUOTING}.html" in {n["artifact"] for n in bundled["notes"]}  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.parametrize("page", ["documents/hk-hong-kong.html", "foreword.html"])
def test_demo_the_quoted_sentence_on_another_page_stops_check_and_bundle(
    demo: Path, tmp_path: Path, page: str
) -> None:
    root = tmp_path / "archive"
    shutil.copytree(demo, root, symlinks=True)
    shutil.rmtree(root / "build" / "public" / "bundle", ignore_errors=True)
    assert not (demo / "build" / "public" / "src" / "en" / "documents" / f"{WITHDRAWN}.md").exists()
    html = root / "build" / "public" / "html" / "en" / page
    html.write_text(html.read_text("utf-8").replace("</article>", f"<p>{SENTENCE}</p></article>", 1), "utf-8")
    assert SENTENCE in html.read_text("utf-8")
    status, report = crossings_json(root, "check", "--leaks")
    assert status == 1
    assert {"artifact": f"build/public/html/en/{page}", "what": f"restricted-sentence of {WITHDRAWN}"} in [
        {key: leak[key] for key in ("artifact", "what")}
        for leak in report["leaks"]  # type: ignore[attr-defined]
    ]
    status, refused = crossings_json(root, "bundle", "--lang", "en")
    assert status == 1 and f"en/{page}" in str(refused)
    assert not (root / "build" / "public" / "bundle" / "crossings-en.zip").exists()


def test_searchindex_js_holding_the_withdrawn_documents_record_is_a_leak(archive: Archive) -> None:
    """Sphinx's index names its pages: the withdrawn one's record is a leak by its name, whatever
    the quotation excuses of the sentence (the file holds it no more often than open-doc does)."""
    from sphinx.search import js_index

    put(archive, "html/en/documents/open-doc.html", f"<p>{QUOTE}</p>")
    record = {"docnames": ["documents/open-doc"], "titles": ["Open-Doc"], "alltitles": {SECRET: [[0, "q"]]}}
    put(archive, "html/en/searchindex.js", js_index.dumps(record))
    assert leaks(archive) == []
    record["docnames"].append("documents/secret-doc")
    put(archive, "html/en/searchindex.js", js_index.dumps(record))
    assert any(
        leak.startswith("build/public/html/en/searchindex.js:")
        and leak.endswith("restricted-id of secret-doc")
        for leak in leaks(archive)
    )
