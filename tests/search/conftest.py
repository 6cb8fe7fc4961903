"""Fixtures: a small corpus written as JSON Lines and a real Whoosh index built from it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from crossings.search.indexing import keys as keys_module
from crossings.search.indexing.index import build_index
from crossings.search.indexing.keys import PATTERN


def record(doc_id: str, text: str, *, section: str = "", **meta: Any) -> dict[str, Any]:
    """One corpus record as the Sphinx build writes it."""
    anchor = section.lower().replace(" ", "-")
    base: dict[str, Any] = {
        "id": doc_id,
        "section": section,
        "anchor": anchor,
        "url": f"documents/{doc_id}.html" + (f"#{anchor}" if anchor else ""),
        "title": meta.pop("title", doc_id.replace("-", " ").title()),
        "text": text,
        "countries": [],
        "themes": [],
        "type": "paper",
        "event": "bangkok-2001",
        "session": "",
        "language": "en",
        "date": "2001-06",
        "year": 2001,
        "authors": [],
    }
    base.update(meta)
    if "date" in meta and "year" not in meta:
        base["year"] = int(meta["date"][:4]) if meta["date"] else None
    return base


CORPUS = [
    record(
        "thailand-report",
        "Women migrate from northern Thailand to Malaysia and Singapore through agents and debt.",
        title="Thailand country report",
        countries=["TH", "MY", "SG"],
        themes=["migration-routes", "agents-and-debt"],
        type="country-report",
        date="2001-06-10",
    ),
    record(
        "thailand-report",
        "Police raids in Bangkok lead to deportation of migrant workers.",
        section="Police raids",
        title="Thailand country report",
        countries=["TH", "MY", "SG"],
        themes=["migration-routes", "agents-and-debt"],
        type="country-report",
        date="2001-06-10",
    ),
    record(
        "hong-kong-police",
        "Police violence against migrant sex workers in Hong Kong is rarely reported.",
        title="Policing in Hong Kong",
        countries=["HK"],
        themes=["police-and-violence"],
        date="1999-03",
    ),
    record(
        "health-handbook",
        "HIV prevention and health services for migrant workers; outreach by peer educators.",
        title="Health handbook",
        countries=["TH", "KH"],
        themes=["health-and-hiv"],
        type="handbook",
        date="2003",
    ),
    record(
        "law-paper",
        "Immigration law and trafficking policy push migrants into debt bondage. "
        "Labour rights must cover entertainment workers.",
        title="Law and policy models",
        countries=["JP", "PH"],
        themes=["law-and-policy", "labour-rights"],
        date="2000-11-02",
    ),
    record(
        "hostile",
        "A hostile <script>alert('x')</script> section about migration & borders.",
        title="Hostile <b>markup</b>",
        countries=["SG"],
        date="2002",
    ),
    record(
        "long-notes",
        " ".join(
            f"Paragraph {i}: migration " + "filler words about the network meeting " * 6 for i in range(12)
        ),
        title="Long session notes",
        type="session-notes",
        countries=["MY"],
        date="2001-06-11",
    ),
]


def write_corpus(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write *records* as JSON Lines to *path*."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index of CORPUS (read-only for the tests that use it)."""
    root = tmp_path_factory.mktemp("search")
    corpus = write_corpus(root / "corpus" / "en.jsonl", CORPUS)
    build_index(corpus, root / "index")
    return root / "index"


def key_file(index_dir: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The one key file of *index_dir*'s first generation: its path, first line and content
    (``{"documents": {id: value}, "corpus": tiling}``, its documents decoded)."""
    (path,) = sorted((index_dir / "gen-000001").glob(PATTERN))
    head, _, body = path.read_bytes().partition(b"\n")
    listing, _, text = body.partition(b"\n")
    data = json.loads(listing)
    documents, start = {}, 0
    for doc_id, size in zip(data["ids"], data["sizes"], strict=True):
        documents[doc_id] = json.loads(text[start : start + size])
        start += size
    return path, json.loads(head), {"documents": documents, "corpus": data.get("corpus")}


def reseal(path: Path, header: dict[str, Any], data: dict[str, Any]) -> None:
    """Write a key file (content as :func:`key_file` gives it) as edited by someone who also set
    its first line's checksum right."""
    body = keys_module._encoded(data["documents"], data.get("corpus"))
    header = {**header, "sha256": hashlib.sha256(body).hexdigest()}
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
