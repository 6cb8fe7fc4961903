"""Fixtures: an archive with a small built site (two languages) and a real Whoosh index."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Message

from crossings.archive import Archive
from crossings.init import create_archive
from crossings.search.indexing.index import build_index
from crossings.web.app import create_app
from tests.search.conftest import record

THEME_SCRIPT = '\n      document.body.dataset.theme = localStorage.getItem("theme") || "auto";\n    '
PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{up}_static/site.css"></head>
<body><script>{script}</script>
<h1 id="top">{title}</h1>
<section id="police-raids"><h2>Police raids</h2><p>{body}</p></section>
</body></html>
"""


CORPUS = [
    record(
        "thailand-report",
        "Women migrate from northern Thailand to Malaysia through agents and debt.",
        countries=["TH", "MY"],
        themes=["migration-routes", "agents-and-debt"],
        type="country-report",
        date="2001-06-10",
        year=2001,
    ),
    record(
        "thailand-report",
        "Police raids in Bangkok lead to the deportation of migrant workers.",
        section="Police raids",
        countries=["TH", "MY"],
        themes=["police-and-violence"],
        type="country-report",
        date="2001-06-10",
        year=2001,
    ),
    record(
        "hong-kong-police",
        "Police violence against migrant sex workers in Hong Kong is rarely reported.",
        countries=["HK"],
        themes=["police-and-violence"],
        date="1999-03",
        year=1999,
    ),
    record(
        "health-handbook",
        "HIV prevention and health services for migrant workers; outreach by peer educators.",
        countries=["TH", "KH"],
        themes=["health-and-hiv"],
        type="handbook",
        event="tokyo-2003",
        date="2003",
        year=2003,
    ),
    record(
        "chinese-statement",
        "移民性工作者的權利 police 警察",
        countries=["TW"],
        themes=["labour-rights"],
        type="statement",
        language="zh-Hant",
        date="2000",
        year=2000,
    ),
]


@dataclass
class Built:
    """An archive with a built public site and index, plus a file outside the site."""

    archive: Archive
    html: Path
    corpus: Path
    index: Path
    outside: Path


def write_corpus(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write *records* as JSON Lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_site(lang_dir: Path, lang: str) -> None:
    """A few pages like Sphinx writes them, a theme file and two symlinks (one escaping)."""
    (lang_dir / "_static").mkdir(parents=True)
    (lang_dir / "documents").mkdir()
    (lang_dir / "index.html").write_text(
        PAGE.format(lang=lang, title="Home", up="", script=THEME_SCRIPT, body="Welcome " * 100),
        encoding="utf-8",
    )
    for doc_id in {r["id"] for r in CORPUS}:
        page = PAGE.format(lang=lang, title=doc_id, up="../", script=THEME_SCRIPT, body="Police raids. " * 80)
        (lang_dir / "documents" / f"{doc_id}.html").write_text(page, encoding="utf-8")
    (lang_dir / "_static" / "site.css").write_text("body { margin: 0 auto; }\n" * 100, encoding="utf-8")
    (lang_dir / "_static" / "tiny.js").write_text("let a = 1;\n", encoding="utf-8")
    (lang_dir / ".buildinfo").write_text("config: abc\n", encoding="utf-8")
    (lang_dir / "same.html").symlink_to(lang_dir / "index.html")


def write_sources(archive: Archive) -> None:
    """The source page of each built document, public: the server refuses a built document
    that no source page publishes any more (crossings.web.withheld)."""
    documents = archive.source / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    for doc_id in {r["id"] for r in CORPUS}:
        (documents / f"{doc_id}.md").write_text(
            f"---\nid: {doc_id}\naccess: public\n---\n# {doc_id}\n", "utf-8"
        )


@pytest.fixture
def built(tmp_path: Path) -> Built:
    """A fresh archive (per test) with en and th sites, an en index and a secret outside."""
    root = tmp_path / "archive"
    create_archive(root, "Web test archive")
    archive = Archive.at(root)
    html = archive.edition_dir("public") / "html"
    for lang in ("en", "th"):
        write_site(html / lang, lang)
    write_sources(archive)
    outside = tmp_path / "secret.txt"
    outside.write_text("SECRET-OUTSIDE-THE-SITE\n", encoding="utf-8")
    (html / "en" / "leak.txt").symlink_to(outside)
    (html / "en" / "_static" / "up").symlink_to(tmp_path)
    corpus = write_corpus(archive.edition_dir("public") / "corpus" / "en.jsonl", CORPUS)
    index = archive.edition_dir("public") / "search" / "en"
    build_index(corpus, index, incremental=False)
    return Built(archive, html, corpus, index, outside)


@pytest.fixture
def watching(built: Built) -> Iterator[TestClient]:
    """A client of *built*'s public app that looks at the catalog on every request (the
    withdrawals a running server follows, crossings.web.withheld)."""
    app = create_app(built.archive)
    app.state.withdrawals.every = 0.0
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


async def _raw_request(app: ASGIApp, raw_path: str, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    """Send one GET whose path reaches the app exactly as written (no client normalisation)."""
    path_part, _, query = raw_path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 1234),
        "root_path": "",
        "path": unquote_to_bytes(path_part).decode("utf-8", "replace"),
        "raw_path": path_part.encode("latin-1"),
        "query_string": query.encode("latin-1"),
        "headers": headers,
    }
    messages: list[Message] = []
    done = asyncio.Event()
    requested = False

    async def receive() -> Message:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # the client hangs up only once the response is complete
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        messages.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            done.set()

    await app(scope, receive, send)
    status = next(m["status"] for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return status, body


def raw_get(
    app: ASGIApp, raw_path: str, headers: list[tuple[bytes, bytes]] | None = None
) -> tuple[int, bytes]:
    """Status and body of a GET of *raw_path*, sent byte for byte."""
    return asyncio.run(_raw_request(app, raw_path, headers or []))
