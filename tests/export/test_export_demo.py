"""`crossings export crossref` and `crossings export archive` on a real build of the demo archive:
the deposit parsed back with lxml, the zip unpacked and checked against its manifest, the catalog
and the leak scan; restricted documents and withheld names never in either."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from crossings.archive import Archive
from crossings.export.crossref import NAMESPACE
from crossings.leaks import collect_needles, scan_edition
from crossings.redact import load_redactions
from tests.browser.conftest import DEMO_PARTS, copy_demo, run
from tests.leaks.test_leaks import minimal_pdf
from tests.serving import CROSSINGS

pytestmark = pytest.mark.slow

NS = {"c": NAMESPACE}
PLANTED = "Mali Sample-Srisuk"  # a withheld name of the demo's redactions.csv


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive, ingested, its public English site, PDF proceedings and papers built."""
    root = tmp_path_factory.mktemp("export") / "archive"
    root.mkdir()
    copy_demo(root)
    run("ingest", "--archive", str(root))
    run("build", "html", "--lang", "en", "--archive", str(root))
    run("build", "pdf", "--lang", "en", "--archive", str(root))
    run("build", "papers", "--lang", "en", "--archive", str(root))
    return root


def export(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `crossings export ARGS --archive ARCHIVE`."""
    return subprocess.run(
        [CROSSINGS, "export", *args, "--archive", str(archive)], capture_output=True, text=True, timeout=600
    )


def exported(archive: Path, *args: str) -> dict[str, Any]:
    """The JSON report of a successful export."""
    done = export(archive, *args, "--json")
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["ok"] is True
    return report


def catalog_ids(archive: Path, access: str) -> set[str]:
    """Ids of the demo catalog's rows with that access (read here, not through crossings)."""
    with (archive / "reports" / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"] for row in csv.DictReader(handle) if row["access"] == access}


def withheld_names(archive: Path) -> list[str]:
    """The names redactions.csv withholds."""
    return [entry.name for entry in load_redactions(archive / "redactions.csv")]


def copy_of(demo: Path, tmp_path: Path) -> Path:
    """A copy of the built demo to change, without what earlier exports wrote."""
    copy = tmp_path / "archive"
    shutil.copytree(demo, copy, symlinks=True)
    shutil.rmtree(copy / "build" / "public" / "export", ignore_errors=True)
    return copy


def unzip(path: str, target: Path) -> Path:
    """Unpack a zip into *target*."""
    with zipfile.ZipFile(path) as packed:
        packed.extractall(target)
    return target


# The deposit


def test_the_crossref_deposit_registers_every_public_document_and_nothing_else(demo: Path) -> None:
    report = exported(demo, "crossref")
    assert report["path"] == str(demo / "build" / "public" / "export" / "crossref-en.xml")
    data = Path(report["path"]).read_bytes()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert etree.QName(root).namespace == NAMESPACE and etree.QName(root).localname == "doi_batch"
    for path in ("c:head/c:doi_batch_id", "c:head/c:timestamp", "c:head/c:depositor/c:depositor_name",
                 "c:head/c:depositor/c:email_address", "c:head/c:registrant",
                 "c:body/c:conference/c:event_metadata/c:conference_name",
                 "c:body/c:conference/c:event_metadata/c:conference_location",
                 "c:body/c:conference/c:proceedings_metadata/c:proceedings_title",
                 "c:body/c:conference/c:proceedings_metadata/c:publisher/c:publisher_name",
                 "c:body/c:conference/c:proceedings_metadata/c:publication_date/c:year",
                 "c:body/c:conference/c:proceedings_metadata/c:doi_data/c:doi",
                 "c:body/c:conference/c:proceedings_metadata/c:doi_data/c:resource"):  # fmt: skip
        assert (root.findtext(path, namespaces=NS) or "").strip(), path
    assert root.find("c:body/c:conference/c:proceedings_metadata/c:noisbn", NS) is not None
    assert root.findtext(".//c:conference_location", namespaces=NS) == "Hong Kong"  # vocabularies/events.csv
    public = catalog_ids(demo, "public")
    papers = root.findall("c:body/c:conference/c:conference_paper", NS)
    dois = {p.findtext("c:doi_data/c:doi", namespaces=NS): p for p in papers}
    assert set(dois) == {f"10.5555/hk-2001.{doc_id}" for doc_id in public}
    for doc_id in public:
        paper = dois[f"10.5555/hk-2001.{doc_id}"]
        assert paper.findtext("c:doi_data/c:resource", namespaces=NS) == (
            f"https://crossings.example.org/en/documents/{doc_id}.html"
        )
        assert (paper.findtext("c:titles/c:title", namespaces=NS) or "").strip()
        first = paper.findtext("c:pages/c:first_page", namespaces=NS)
        last = paper.findtext("c:pages/c:last_page", namespaces=NS)
        assert first and last and 1 <= int(first) <= int(last), doc_id
    text = data.decode("utf-8")
    for doc_id in catalog_ids(demo, "restricted"):
        assert doc_id not in text
    for name in withheld_names(demo):
        assert name not in text
    assert "[name withheld]" not in text and report["withheld_contributors"] >= 1
    assert report["pages_from"].endswith("proceedings.aux")


def test_pages_are_those_the_book_prints(demo: Path) -> None:
    """The first page of a document is the page of the book printed with that number, and holds
    its title; its last page is no earlier (pdftotext, page by page)."""
    report = exported(demo, "crossref")
    pdf = demo / "build" / "public" / "latex" / "en" / "proceedings.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = {}
    for page in text.split("\f"):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines and lines[-1].isdigit():
            printed[lines[-1]] = " ".join(page.split())
    titles = {
        "au-australia": "Australia: one country, many models",
        "vn-vietnam": "Vietnam: across the border to Cambodia and China",
    }
    for paper in report["papers"]:
        if paper["id"] in titles:
            first, last = paper["pages"]
            assert titles[paper["id"]] in printed[first], paper
            assert last in printed and int(last) >= int(first)


def test_without_a_prefix_or_an_address_the_deposit_is_refused(demo: Path, tmp_path: Path) -> None:
    copy = copy_of(demo, tmp_path)
    conf = copy / "conf.py"
    lines = conf.read_text("utf-8").splitlines()
    conf.write_text("\n".join(line for line in lines if not line.startswith("crossings_doi_prefix")), "utf-8")
    done = export(copy, "crossref")
    assert done.returncode == 1
    assert "crossings_doi_prefix" in done.stderr and str(conf) in done.stderr
    assert not (copy / "build" / "public" / "export" / "crossref-en.xml").exists()
    kept = [line for line in lines if not line.startswith("crossings_base_url")]
    conf.write_text("\n".join(kept), "utf-8")
    done = export(copy, "crossref")
    assert done.returncode == 1 and "crossings_base_url" in done.stderr
    conf.write_text("\n".join([*lines, 'crossings_doi_prefix = "10.55"']), "utf-8")
    done = export(copy, "crossref")
    assert done.returncode == 1 and "crossings_doi_prefix = '10.55': not a DOI prefix" in done.stderr


def test_a_name_longer_than_crossref_takes_stops_the_deposit(demo: Path, tmp_path: Path) -> None:
    """Crossref refuses a surname over 60 characters: the deposit is not written, and the error
    names the catalog column and the document."""
    copy = copy_of(demo, tmp_path)
    staged = next(copy.glob("build/public/**/documents/my-malaysia.md"))
    text = staged.read_text("utf-8")
    long_name = "Sample " + "Verylongfamilyname" * 4
    staged.write_text(text.replace("authors:", f"authors:\n- {long_name}", 1), "utf-8")
    done = export(copy, "crossref")
    assert done.returncode == 1, done.stdout
    assert "authors" in done.stderr and "'my-malaysia'" in done.stderr and "60" in done.stderr, done.stderr
    assert not (copy / "build" / "public" / "export" / "crossref-en.xml").exists()


# The bulk download


def test_the_zip_holds_the_public_edition_and_matches_its_manifest(demo: Path, tmp_path: Path) -> None:
    report = exported(demo, "archive")
    assert report["path"] == str(demo / "build" / "public" / "export" / "crossings-archive-en.zip")
    root = unzip(report["path"], tmp_path / "unzipped")
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    listed = {}
    for line in (root / "MANIFEST.sha256").read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == files - {"MANIFEST.sha256"}
    for name, digest in listed.items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest, name
    assert {"README.txt", "catalog.csv"} <= files
    with (root / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["id"] for row in rows} == catalog_ids(demo, "public") == set(report["documents"])
    assert len(rows) == len(report["documents"])
    assert "file" not in rows[0] and "encoding" not in rows[0] and "title" in rows[0]
    for doc_id in report["documents"]:
        assert f"sources/documents/{doc_id}.md" in files
    assert "sources/documents/handbook-ch1-outreach" in {str(Path(f).parent) for f in files}
    paper = (root / "sources" / "documents" / "paper-th-outreach.md").read_text("utf-8")
    assert "[name withheld]" in paper and "source:" not in paper and "sha256" not in paper
    assert "th-outreach-lessons.odt" not in paper  # the contributor's file name
    readme = (root / "README.txt").read_text("utf-8")
    assert "Crossings: a sample archive" in readme and "Demo sample of invented documents" in readme
    assert "file and encoding" in readme
    assert report["not_built"] == {"papers": [], "citations": []} and report["build"] == []
    site = demo / "build" / "public" / "html" / "en"
    for doc_id in report["documents"]:  # every paper's own PDF, as built beside its page
        assert (root / "papers" / f"{doc_id}.pdf").read_bytes() == (
            site / "documents" / f"{doc_id}.pdf"
        ).read_bytes()
    for name in ("all_documents.bib", "all_documents.ris", "all_documents.json"):
        assert (root / "citations" / name).read_bytes() == (site / "_cite" / name).read_bytes()


def test_nothing_restricted_or_withheld_is_in_the_zip(demo: Path, tmp_path: Path) -> None:
    report = exported(demo, "archive")
    root = unzip(report["path"], tmp_path / "unzipped")
    assert scan_edition(root, collect_needles(Archive.at(demo)), root) == []
    restricted = catalog_ids(demo, "restricted")
    names = withheld_names(demo)
    assert restricted and names
    for path in root.rglob("*"):
        data = path.relative_to(root).as_posix().encode() + (path.read_bytes() if path.is_file() else b"")
        for doc_id in restricted:
            assert doc_id.encode() not in data, path
        for name in names:
            assert name.encode() not in data, path


def test_two_exports_of_one_build_are_the_same_bytes(demo: Path, tmp_path: Path) -> None:
    first = exported(demo, "archive", "--output", str(tmp_path / "one.zip"))
    second = exported(demo, "archive", "--output", str(tmp_path / "two.zip"))
    assert first["sha256"] == second["sha256"]
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as packed:
        names = packed.namelist()
        assert names == sorted(names) and {info.date_time for info in packed.infolist()} == {
            (1980, 1, 1, 0, 0, 0)
        }


def test_what_is_not_built_is_listed_with_the_command_that_builds_it(demo: Path, tmp_path: Path) -> None:
    """A paper whose PDF is missing (it failed, or papers were never built) and a missing
    citation file are left out, listed, and the commands that make them are named."""
    copy = copy_of(demo, tmp_path)
    site = copy / "build" / "public" / "html" / "en"
    (site / "documents" / "au-australia.pdf").unlink()
    (site / "_cite" / "all_documents.ris").unlink()
    report = exported(copy, "archive")
    assert report["not_built"] == {"papers": ["au-australia.pdf"], "citations": ["all_documents.ris"]}
    assert (
        "au-australia.pdf" not in report["papers"] and len(report["papers"]) == len(report["documents"]) - 1
    )
    assert report["citations"] == ["all_documents.bib", "all_documents.json"]
    assert report["build"] == ["crossings build papers --lang en", "crossings build html --lang en"]
    root = unzip(report["path"], tmp_path / "unzipped")
    assert not (root / "papers" / "au-australia.pdf").exists()
    assert not (root / "citations" / "all_documents.ris").exists()


def test_a_withheld_name_planted_in_a_public_source_stops_both_exports(demo: Path, tmp_path: Path) -> None:
    copy = copy_of(demo, tmp_path)
    staged = copy / "build" / "public" / "src" / "en" / "documents" / "au-australia.md"
    text = staged.read_text("utf-8")
    staged.write_text(text.replace("Australia: one country, many models", f"Australia: {PLANTED}"), "utf-8")
    out = copy / "build" / "public" / "export"
    for action in ("archive", "crossref"):
        done = export(copy, action)
        assert done.returncode == 1, action
        assert "restricted text" in done.stderr and "nothing was written" in done.stderr
        assert "redacted name" in done.stderr and PLANTED not in done.stderr and "Mali" not in done.stderr
    assert "sources/documents/au-australia.md" in export(copy, "archive").stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_planted_name_in_a_paper_pdf_stops_the_zip(demo: Path, tmp_path: Path) -> None:
    copy = copy_of(demo, tmp_path)
    pdf = copy / "build" / "public" / "html" / "en" / "documents" / "au-australia.pdf"
    pdf.write_bytes(minimal_pdf(f"Stand-in paper naming {PLANTED}"))
    done = export(copy, "archive")
    assert done.returncode == 1 and "papers/au-australia.pdf" in done.stderr and "Mali" not in done.stderr
    assert not (copy / "build" / "public" / "export" / "crossings-archive-en.zip").exists()


def test_a_restricted_document_left_staged_is_not_exported(demo: Path, tmp_path: Path) -> None:
    """A staged copy the access rules no longer hold (a stale build) stays out of both exports."""
    copy = copy_of(demo, tmp_path)
    staged = copy / "build" / "public" / "src" / "en" / "documents"
    text = (copy / "source" / "documents" / "au-australia.md").read_text("utf-8")
    (staged / "stale-sample.md").write_text(text.replace("id: au-australia", "id: stale-sample"), "utf-8")
    report = exported(copy, "archive")
    assert "stale-sample" not in report["documents"]
    with zipfile.ZipFile(report["path"]) as packed:
        assert not [name for name in packed.namelist() if "stale-sample" in name]
    deposit = exported(copy, "crossref")
    assert "stale-sample" not in {paper["id"] for paper in deposit["papers"]}


def test_the_internal_edition_and_an_unbuilt_site_are_refused(demo: Path, tmp_path: Path) -> None:
    for action in ("archive", "crossref"):
        done = export(demo, action, "--edition", "internal")
        assert done.returncode == 1 and "never exported" in done.stderr
    bare = tmp_path / "bare"
    bare.mkdir()
    for part in DEMO_PARTS:
        source = demo / part
        if source.is_dir():
            shutil.copytree(source, bare / part)
        elif source.is_file():
            shutil.copy2(source, bare / part)
    for action in ("archive", "crossref"):
        done = export(bare, action)
        assert done.returncode == 1 and "crossings build html --lang en" in done.stderr
    done = export(demo, "archive", "--lang", "xx")
    assert done.returncode == 1 and "--lang" in done.stderr


def test_a_file_that_cannot_be_written_is_said_in_one_line(demo: Path, tmp_path: Path) -> None:
    for action, output in (("archive", "/proc/crossings.zip"), ("crossref", "/proc/crossref.xml")):
        done = export(demo, action, "--output", output)
        assert done.returncode == 1, done.stderr
        assert f"cannot write {output}" in done.stderr and "Traceback" not in done.stderr


def test_a_terminated_export_leaves_no_staging_folder(demo: Path, tmp_path: Path) -> None:
    """`kill` (SIGTERM) while the zip is staged: the staging folder (public text, but not where
    anyone looks for it) goes with the process, and no zip is written."""
    copy = copy_of(demo, tmp_path)
    build = copy / "build"
    shutil.rmtree(build / "public" / "export", ignore_errors=True)  # an earlier test's export
    running = subprocess.Popen(
        [CROSSINGS, "export", "archive", "--archive", str(copy)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    staged = False
    for _ in range(6000):  # until the staging folder exists (the export takes seconds on the demo)
        staged = bool(list(build.glob(".export-*")))
        if staged or running.poll() is not None:
            break
        time.sleep(0.005)
    running.send_signal(signal.SIGTERM)
    _, err = running.communicate(timeout=60)
    assert staged, "the export ended before its staging folder was seen; nothing was terminated"
    assert running.returncode == 143, err
    assert b"Traceback" not in err
    assert not list(build.glob(".export-*"))
    assert (
        not list((build / "public" / "export").glob("*.zip"))
        if (build / "public" / "export").is_dir()
        else True
    )


def test_an_event_value_crossrefs_schema_refuses_stops_the_deposit(demo: Path, tmp_path: Path) -> None:
    """The event's name over 512 characters and a one-letter place in vocabularies/events.csv: the
    deposit is not written, and the error names the file's row and column and the limits."""
    copy = copy_of(demo, tmp_path)
    events = copy / "vocabularies" / "events.csv"
    rows = list(csv.DictReader(events.open(encoding="utf-8", newline="")))
    rows[0]["en"], rows[0]["place"] = "Sample conference " * 30, "X"
    with events.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    done = export(copy, "crossref")
    assert done.returncode == 1, done.stdout
    assert f"{events}, row 1 (line 2), column en: " in done.stderr and "3 to 512" in done.stderr
    assert f"{events}, row 1 (line 2), column place: 'X'" in done.stderr and "2 to 255" in done.stderr
    assert "nothing was written" in done.stderr
    assert not (copy / "build" / "public" / "export" / "crossref-en.xml").exists()
