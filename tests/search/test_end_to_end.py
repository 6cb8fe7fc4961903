"""A real Sphinx build of a small archive writes the corpus; the index holds exactly what was published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.init import create_archive
from crossings.publish.sphinx_build import build_site
from crossings.search.api import search
from crossings.search.indexing.index import LiveSearcher, build_index
from crossings.search.indexing.paths import corpus_path, index_path
from crossings.search.request.search_request import SearchRequest

FRONT = """---
id: {id}
title: {title}
type: {type}
countries: {countries}
themes: [migration-routes]
language: {lang}
date: "{date}"
access: {access}
---
"""

DOCS = {
    "th-report": (
        {"title": "Thailand country report", "type": "country-report", "countries": "[TH, MY]", "lang": "en"},
        "# Thailand country report\n\nMigration from Chiang Mai[^1] to Kuala Lumpur.\n\n"
        "## Police raids\n\nRaids in Bangkok; <script>alert(1)</script>.\n\n"
        "| place | year |\n|---|---|\n| Hat Yai | 1999 |\n\n### Court cases\n\nCourts fined workers.\n\n"
        "[^1]: The footnote names Lampang.\n",
    ),
    "zh-paper": (
        {"title": "移民性工作者", "type": "paper", "countries": "[HK]", "lang": "zh-Hant"},
        "# 移民性工作者\n\n香港的移民性工作者面對警察。\n",
    ),
    "secret-testimony": (
        {"title": "Testimony", "type": "statement", "countries": "[TH]", "lang": "en"},
        "# Testimony\n\nThe canary sentence is violet marmalade.\n",
    ),
}


def write_doc(root: Path, doc_id: str, access: str = "public") -> None:
    """Write one archive document with crossings front matter into source/documents/."""
    meta, body = DOCS[doc_id]
    values = {"access": access, "date": "2001-06", **meta, "id": doc_id}
    path = root / "source" / "documents" / f"{doc_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT.format(**values) + body, encoding="utf-8")


def records(archive: Archive, edition: str) -> list[dict[str, object]]:
    """The corpus records the build wrote."""
    lines = corpus_path(archive, edition, "en").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.slow
def test_build_corpus_index_and_restriction(tmp_path: Path) -> None:
    create_archive(tmp_path / "a", "E2E")
    archive = Archive.at(tmp_path / "a")
    for doc_id in DOCS:
        write_doc(archive.root, doc_id)
    write_doc(archive.root, "secret-testimony", access="restricted")
    build_site(archive, "html", "public", "en")

    recs = records(archive, "public")
    assert corpus_path(archive, "public", "en") == archive.build / "public" / "corpus" / "en.jsonl"
    assert not list((archive.build / "public" / "html").rglob("*.jsonl"))
    assert {r["id"] for r in recs} == {"th-report", "zh-paper"}
    th = {r["section"]: r for r in recs if r["id"] == "th-report"}
    assert set(th) == {"", "Police raids", "Court cases"}
    assert th["Police raids"]["url"] == "documents/th-report.html#police-raids"
    assert "Lampang" in str(th[""]["text"]) and "Chiang Mai" in str(th[""]["text"])
    assert "Hat Yai" in str(th["Police raids"]["text"]) and "Courts" not in str(th["Police raids"]["text"])
    assert th[""]["countries"] == ["TH", "MY"] and th[""]["year"] == 2001
    assert "violet" not in corpus_path(archive, "public", "en").read_text(encoding="utf-8")

    ix = index_path(archive, "public", "en")
    build_index(corpus_path(archive, "public", "en"), ix)
    hit = search(ix, SearchRequest("Bangkok"))["hits"][0]
    assert hit["url"] == "documents/th-report.html#police-raids" and "&lt;script&gt;" in hit["snippet"]
    assert search(ix, SearchRequest("violet"))["total"] == 0
    zh = search(ix, SearchRequest("警察"))["hits"]  # Traditional query, Traditional text
    assert [h["id"] for h in zh] == ["zh-paper"]

    # The Thailand report becomes restricted while a server holds a searcher open.
    live = LiveSearcher(ix)
    assert search(ix, SearchRequest("Bangkok"), searcher=live.get())["total"] == 1
    write_doc(archive.root, "th-report", access="restricted")
    build_site(archive, "html", "public", "en")
    assert {r["id"] for r in records(archive, "public")} == {"zh-paper"}
    # The build brought the index up to date itself: no window in which a server still finds it.
    assert search(ix, SearchRequest("Bangkok"), searcher=live.get())["total"] == 0
    report = build_index(corpus_path(archive, "public", "en"), ix)
    assert report.documents == 1
    live.close()


@pytest.mark.slow
def test_internal_edition_has_its_own_corpus_and_index(tmp_path: Path) -> None:
    create_archive(tmp_path / "a", "E2E")
    archive = Archive.at(tmp_path / "a")
    write_doc(archive.root, "zh-paper")
    write_doc(archive.root, "secret-testimony", access="restricted")
    for edition in ("public", "internal"):
        build_site(archive, "html", edition, "en")
        build_index(corpus_path(archive, edition, "en"), index_path(archive, edition, "en"))
    assert search(index_path(archive, "internal", "en"), SearchRequest("marmalade"))["total"] == 1
    assert search(index_path(archive, "public", "en"), SearchRequest("marmalade"))["total"] == 0


@pytest.mark.slow
def test_parallel_and_incremental_builds_write_the_same_corpus(tmp_path: Path) -> None:
    create_archive(tmp_path / "a", "E2E")
    archive = Archive.at(tmp_path / "a")
    write_doc(archive.root, "th-report")
    write_doc(archive.root, "zh-paper")
    build_site(archive, "html", "public", "en", jobs=2, fresh=True)
    parallel = corpus_path(archive, "public", "en").read_text(encoding="utf-8")
    build_site(archive, "html", "public", "en", fresh=True)
    assert corpus_path(archive, "public", "en").read_text(encoding="utf-8") == parallel
    # An incremental build that re-reads one document keeps the records of the others.
    zh = archive.root / "source" / "documents" / "zh-paper.md"
    zh.write_text(zh.read_text(encoding="utf-8").replace("面對警察", "面對暴力"), encoding="utf-8")
    build_site(archive, "html", "public", "en")
    after = records(archive, "public")
    assert {r["id"] for r in after} == {"th-report", "zh-paper"}
    assert any("暴力" in str(r["text"]) for r in after) and not any("警察" in str(r["text"]) for r in after)
