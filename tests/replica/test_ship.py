"""`crossings ship`: a replica gets the site, the live index state, the records and the settings,
each made live whole; a running app on the replica follows; what the source dropped leaves."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from starlette.testclient import TestClient

from crossings.archive import REPLICA_MARKER, Archive
from crossings.cli import main
from crossings.replica.ship import ship
from crossings.search.api import search
from crossings.search.indexing.index import build_index, current_generation
from crossings.search.request.search_request import SearchRequest
from crossings.web.app import create_app
from tests.web.conftest import CORPUS, Built, record, write_corpus

ZEBRA = record("zebra-notes", "A zebra crossing at the border post; police stood by.", countries=["LA"])


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def ids(index_dir: Path, query: str) -> set[str]:
    """The documents *query* finds in the index folder *index_dir*."""
    return {hit["id"] for hit in search(index_dir, SearchRequest(query, limit=50))["hits"]}


def test_a_new_folder_becomes_a_replica_that_answers_like_the_source(source: Built, replica: Path) -> None:
    code, out = run("ship", str(replica), "--archive", str(source.archive.root), "--json")
    assert code == 0, out
    report = json.loads(out)
    index = replica / "build" / "public" / "search" / "en"
    generation = report["indexes"]["en"]["generation"]
    assert current_generation(index) == generation and generation.startswith("gen-")
    assert report["indexes"]["en"]["source_generation"] == current_generation(source.index)
    for query in ("police", "migrant", "警察", "zebra"):
        assert ids(index, query) == ids(source.index, query), query
    html = replica / "build" / "public" / "html"
    assert html.is_symlink() and str(html.readlink()) == report["site"]["folder"]
    assert (html / "th" / "index.html").read_bytes() == (source.html / "th" / "index.html").read_bytes()
    oai = replica / "build" / "public" / "oai"
    assert sorted(p.name for p in oai.iterdir()) == ["en.json", "th.json"]
    assert sorted(p.name for p in (replica / "search").iterdir()) == sorted(
        p.name for p in source.archive.search_settings.iterdir()
    )
    marker = json.loads((replica / REPLICA_MARKER).read_text("utf-8"))
    assert marker["edition"] == "public" and marker["indexes"] == {"en": generation}


def test_only_the_live_commit_is_shipped_and_never_an_older_one(source: Built, replica: Path) -> None:
    build_index(write_corpus(source.corpus, [*CORPUS, ZEBRA]), source.index)  # a commit in place
    build_index(write_corpus(source.corpus, CORPUS), source.index)  # the zebra withdrawn, in place
    shipped = ship(source.archive, replica, "public").indexes["en"]
    folder = replica / "build" / "public" / "search" / "en" / shipped.generation
    names = sorted(p.name for p in folder.iterdir())
    assert [name for name in names if name.endswith(".toc")] == [f"_MAIN_{shipped.commit}.toc"]
    assert "crossings.json" in names and not [name for name in names if name.startswith("crossings-keys")]
    assert shipped.commit == 3
    assert not any(b"zebra" in p.read_bytes() for p in folder.iterdir())  # no segment that held it


def test_the_same_state_ships_as_the_same_generation_and_a_new_one_replaces_it(
    source: Built, replica: Path, tmp_path: Path
) -> None:
    first = ship(source.archive, replica, "public")
    other = ship(source.archive, tmp_path / "second-replica", "public")
    assert other.indexes["en"].generation == first.indexes["en"].generation  # names say what they hold
    again = ship(source.archive, replica, "public")
    assert again.indexes["en"].unchanged and again.site.unchanged
    assert again.indexes["en"].generation == first.indexes["en"].generation
    assert again.site.folder == first.site.folder

    build_index(write_corpus(source.corpus, [*CORPUS, ZEBRA]), source.index)  # in place, new commit
    (source.html / "en" / "documents" / "zebra-notes.html").write_text("<p>zebra</p>", encoding="utf-8")
    third = ship(source.archive, replica, "public")
    index = replica / "build" / "public" / "search" / "en"
    assert third.indexes["en"].generation != first.indexes["en"].generation
    generations = sorted(p.name for p in index.iterdir() if p.name.startswith("gen-"))
    assert generations == [third.indexes["en"].generation]
    assert ids(index, "zebra") == {"zebra-notes"}
    assert third.site.copied == 1 and third.site.files == first.site.files + 1  # the rest linked
    assert third.site.folder != first.site.folder and third.removed_sites == [first.site.folder]
    assert not (replica / "build" / "public" / first.site.folder).exists()


def test_a_running_app_on_the_replica_follows_each_ship_and_names_the_generation(
    source: Built, replica: Path
) -> None:
    ship(source.archive, replica, "public")
    with TestClient(create_app(Archive.at(replica, replica=True))) as client:
        response = client.get("/api/search", params={"q": "zebra"})
        first = response.headers["x-crossings-generation"]
        assert first == current_generation(replica / "build" / "public" / "search" / "en")
        assert response.json()["total"] == 0
        assert response.headers["x-crossings-commit"] == "1"
        assert client.get("/th/index.html").status_code == 200

        build_index(write_corpus(source.corpus, [*CORPUS, ZEBRA]), source.index, incremental=False)
        (source.html / "en" / "zebra.html").write_text("<p>zebra</p>", encoding="utf-8")
        shipped = ship(source.archive, replica, "public")
        response = client.get("/api/search", params={"q": "zebra"})
        assert response.headers["x-crossings-generation"] == shipped.indexes["en"].generation != first
        assert [hit["id"] for hit in response.json()["hits"]] == ["zebra-notes"]
        assert client.get("/en/zebra.html").text == "<p>zebra</p>"
        health = client.get("/healthz").json()["indexes"]["en"]
        assert health["generation"] == shipped.indexes["en"].generation


def test_what_the_source_no_longer_has_leaves_the_replica(source: Built, replica: Path) -> None:
    th_corpus = write_corpus(source.archive.edition_dir("public") / "corpus" / "th.jsonl", CORPUS[:2])
    build_index(th_corpus, source.index.parent / "th")
    ship(source.archive, replica, "public")
    target = replica / "build" / "public"
    assert current_generation(target / "search" / "th") is not None
    # The Thai site, its index and its records withdrawn at the source (as a withdrawal does).
    for path in (source.index.parent / "th", source.html / "th"):
        for child in sorted(path.rglob("*"), reverse=True):
            child.unlink() if child.is_file() or child.is_symlink() else child.rmdir()
        path.rmdir()
    (source.archive.edition_dir("public") / "oai" / "th.json").unlink()
    report = ship(source.archive, replica, "public")
    assert report.removed_indexes == ["th"] and report.records == ["th.json"]
    assert not (target / "search" / "th").exists() and not (target / "oai" / "th.json").exists()
    assert not (target / "html" / "th").exists()
    assert sorted(p.name for p in target.iterdir() if p.name.startswith("site-")) == [report.site.folder]


def test_links_and_hidden_files_of_the_site_are_not_shipped(source: Built, replica: Path) -> None:
    report = ship(source.archive, replica, "public")
    assert sorted(report.site.skipped) == ["en/_static/up", "en/leak.txt", "en/same.html", "th/same.html"]
    site = replica / "build" / "public" / "html"
    assert not (site / "en" / "leak.txt").exists() and not (site / "en" / ".buildinfo").exists()
    for path in site.resolve().rglob("*"):
        assert not path.is_symlink(), path
        assert b"SECRET-OUTSIDE-THE-SITE" not in (path.read_bytes() if path.is_file() else b""), path


def test_a_replica_can_be_the_source_of_another_on_a_second_machine(
    source: Built, replica: Path, tmp_path: Path
) -> None:
    first = ship(source.archive, replica, "public")
    code, out = run("ship", str(tmp_path / "far"), "--archive", str(replica))
    assert code == 0, out
    far = tmp_path / "far" / "build" / "public"
    assert current_generation(far / "search" / "en") == first.indexes["en"].generation
    assert ids(far / "search" / "en", "police") == ids(source.index, "police")
    page = (far / "html" / "en" / "index.html").read_bytes()
    assert page == (source.html / "en" / "index.html").read_bytes()
