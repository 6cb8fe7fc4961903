"""A running app follows new index runs (incremental and full) without a restart."""

from __future__ import annotations

from starlette.testclient import TestClient

from crossings.search.indexing.index import build_index, current_generation
from crossings.web.app import create_app
from tests.web.conftest import CORPUS, Built, record, write_corpus


def found(client: TestClient, query: str) -> set[str]:
    """Document ids the API finds for *query*."""
    response = client.get("/api/search", params={"q": query, "limit": "50"})
    assert response.status_code == 200, response.text
    return {hit["id"] for hit in response.json()["hits"]}


def test_a_removed_document_stops_matching_in_a_running_app(built: Built) -> None:
    with TestClient(create_app(built.archive)) as client:
        assert "hong-kong-police" in found(client, "police")
        before = client.get("/healthz").json()["indexes"]["en"]["documents"]
        kept = [r for r in CORPUS if r["id"] != "hong-kong-police"]
        build_index(write_corpus(built.corpus, kept), built.index)  # incremental: same generation
        assert "hong-kong-police" not in found(client, "police")
        assert client.get("/healthz").json()["indexes"]["en"]["documents"] == before - 1


def test_a_new_generation_is_picked_up(built: Built) -> None:
    with TestClient(create_app(built.archive)) as client:
        old = current_generation(built.index)
        assert found(client, "zebra") == set()
        extra = record("zebra-notes", "A zebra crossing at the border post.", countries=["LA"])
        build_index(write_corpus(built.corpus, [*CORPUS, extra]), built.index, incremental=False)
        assert current_generation(built.index) != old
        assert found(client, "zebra") == {"zebra-notes"}
        health = client.get("/healthz").json()["indexes"]["en"]
        assert health["generation"] == current_generation(built.index)
        assert (health["documents"], health["sections"]) == (5, 6)
