"""/api/search, /api/facets and /healthz against a real Whoosh index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from crossings.search.engine import support, whoosh_internals
from crossings.web.app import create_app
from tests.web.conftest import Built

HIT_KEYS = {
    "id",
    "title",
    "section",
    "url",
    "score",
    "countries",
    "themes",
    "type",
    "language",
    "date",
    "snippet",
}


@pytest.fixture
def client(built: Built) -> Iterator[TestClient]:
    """A client of the app over the built archive."""
    with TestClient(create_app(built.archive)) as test_client:
        yield test_client


def ids(answer: dict[str, object]) -> set[str]:
    """The document ids of an answer's hits."""
    hits = answer["hits"]
    assert isinstance(hits, list)
    return {hit["id"] for hit in hits}


def test_search_answers_the_design_json(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "police"})
    assert response.status_code == 200
    answer = response.json()
    assert {"query", "total", "page", "hits", "facets", "suggestion"} <= set(answer)
    assert answer["query"] == "police" and answer["page"] == 1
    assert answer["total"] >= 2 and ids(answer) >= {"thailand-report", "hong-kong-police"}
    assert all(set(hit) >= HIT_KEYS for hit in answer["hits"])
    assert {"country", "theme", "type", "language"} <= set(answer["facets"])
    assert answer["facets"]["country"]["TH"] >= 1
    assert any("<mark>" in hit["snippet"] for hit in answer["hits"])


def test_country_filter_is_repeatable(client: TestClient) -> None:
    only_th = client.get("/api/search?q=police&country=TH").json()
    assert ids(only_th) == {"thailand-report"}
    th_or_hk = client.get("/api/search?q=police&country=TH&country=HK").json()
    assert ids(th_or_hk) >= {"thailand-report", "hong-kong-police"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "migrant", "theme": "health-and-hiv"}, {"health-handbook"}),
        ({"q": "migrant", "type": "handbook"}, {"health-handbook"}),
        ({"q": "migrant", "event": "tokyo-2003"}, {"health-handbook"}),
        ({"q": "police", "lang": "zh-Hant"}, {"chinese-statement"}),
        ({"q": "police", "from": "1998", "to": "1999"}, {"hong-kong-police"}),
        ({"q": "migrant", "from": "2003"}, {"health-handbook"}),
    ],
)
def test_each_filter_narrows_the_hits(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    assert ids(response.json()) == expected


def test_sort_page_and_limit(client: TestClient) -> None:
    by_date = client.get("/api/search", params={"q": "police", "sort": "date", "limit": "50"}).json()
    dates = [hit["date"] for hit in by_date["hits"]]
    assert dates == sorted(dates, reverse=True)
    first = client.get("/api/search", params={"q": "police", "limit": "1", "page": "1"}).json()
    second = client.get("/api/search", params={"q": "police", "limit": "1", "page": "2"}).json()
    assert len(first["hits"]) == 1 and len(second["hits"]) == 1
    assert first["hits"][0]["url"] != second["hits"][0]["url"]
    assert second["page"] == 2


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("q=%22unclosed", "quote"),
        ("q=" + "a" * 501, "limit"),
        ("q=police&limit=0", "limit"),
        ("q=police&limit=51", "limit"),
        ("q=police&limit=ten", "limit"),
        ("q=police&page=0", "page"),
        ("q=police&page=1001", "page"),
        ("q=police&page=%D9%A1", "page"),
        ("q=police&from=20x1", "from"),
        ("q=police&from=2005&to=2001", "year range"),
        ("q=police&sort=random", "sort"),
        ("q=police&country=T%20H", "country"),
        ("q=police&lang=%3Cscript%3E", "lang"),
        ("q=police&bogus=1", "unknown parameter"),
        ("q=police&q=other", "only once"),
        ("q=AND%20OR", "AND"),
        ("q=%00", "NUL"),
        ("q=spell_body:%E6%80%A7%E5%B7%A5", "unknown field 'spell_body' at character 1"),
        ("q=key:x", "unknown field 'key'"),
        ("q=police%20AND", "AND at character 8"),
        ("q=police~9", "edit distance at character 7"),
        ("q=police&limit=51", "limit"),
    ],
)
def test_bad_requests_are_400_with_a_message(client: TestClient, query: str, fragment: str) -> None:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["status"] == 400
    assert fragment in body["error"]


def test_facets_for_everything_and_for_a_query(client: TestClient) -> None:
    everything = client.get("/api/facets").json()
    assert everything["total"] == 4  # documents: the Thailand report's two sections count once
    assert everything["facets"]["country"]["TH"] == 2
    assert "hits" not in everything
    narrowed = client.get("/api/facets", params={"q": "police", "country": "HK"}).json()
    assert narrowed["facets"]["country"] == {"HK": 1}


def test_nothing_found_gives_a_suggestion(client: TestClient) -> None:
    answer = client.get("/api/search", params={"q": "polise"}).json()
    assert answer["total"] == 0
    assert answer["suggestion"] == "police"


def test_health_says_only_status_generation_and_counts(client: TestClient, built: Built) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    health = response.json()
    assert set(health) == {"status", "indexes", "engine"} and health["status"] == "ok"
    assert set(health["indexes"]) == {"en"}
    en = health["indexes"]["en"]
    assert set(en) == {"generation", "documents", "sections"}
    assert (en["documents"], en["sections"]) == (4, 5) and en["generation"].startswith("gen-")
    assert set(health["engine"]) == {"fast_paths", *whoosh_internals.READ_COUNTS}
    assert whoosh_internals.SUPPORT.version not in response.text  # no software version
    assert str(built.archive.root) not in response.text


def test_health_shows_the_engine_reads_fast_and_a_fallback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reads of the service's searches are counted in /healthz: through the fast paths on
    the supported Whoosh, through Whoosh's matchers (fallback) on another version."""
    whoosh_internals.reset_counters()
    assert client.get("/api/search", params={"q": "police"}).json()["total"] > 0
    engine = client.get("/healthz").json()["engine"]
    assert engine["fast_paths"] is True
    assert engine["fast_reads"] > 0 and engine["fallback_reads"] == engine["fallback_scoring"] == 0
    monkeypatch.setattr(support, "SUPPORT", support.judge((2, 7, 99)))
    before = engine["fast_reads"]
    assert client.get("/api/search", params={"q": "health"}).json()["total"] > 0
    health = client.get("/healthz")
    engine = health.json()["engine"]
    assert engine["fast_paths"] is False and "2.7.99" not in health.text
    assert engine["fallback_reads"] > 0 and engine["fast_reads"] == before


def test_unknown_api_paths_and_methods_answer_json(client: TestClient) -> None:
    missing = client.get("/api/nothing")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    wrong_method = client.post("/api/search", data={"q": "x"})
    assert wrong_method.status_code == 405 and wrong_method.json()["status"] == 405


def test_no_index_is_a_503_not_a_crash(built: Built) -> None:
    import shutil

    shutil.rmtree(built.index)
    with TestClient(create_app(built.archive)) as client:
        response = client.get("/api/search", params={"q": "police"})
    assert response.status_code == 503
    assert "crossings index" in response.json()["error"]


def test_a_budget_spent_before_the_search_starts_is_a_503_to_retry(built: Built) -> None:
    with TestClient(create_app(built.archive, time_limit=0.0)) as client:
        response = client.get("/api/search", params={"q": "migrant OR police OR health"})
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert response.json()["retry_after"] == 1 and "busy" in response.json()["error"]


def test_log_queries_logs_them_and_the_default_does_not(
    built: Built, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="crossings.web.queries"):
        with TestClient(create_app(built.archive)) as client:
            client.get("/api/search", params={"q": "secretword"})
        assert "secretword" not in caplog.text
        with TestClient(create_app(built.archive, log_queries=True)) as client:
            client.get("/api/search", params={"q": "secretword"})
        assert "secretword" in caplog.text


@pytest.mark.parametrize(
    "q", ["police ANDNOT bangkok", "police ANDMAYBE bangkok", "police^2 OR (raids NOT bangkok)"]
)
def test_every_operator_answers_200(client: TestClient, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text
    assert response.json()["total"] >= 1


def test_hits_are_documents_with_their_sections(client: TestClient) -> None:
    answer = client.get("/api/search", params={"q": "police OR migrate"}).json()
    found = [hit["id"] for hit in answer["hits"]]
    assert len(found) == len(set(found)) == answer["total"]
    report = next(hit for hit in answer["hits"] if hit["id"] == "thailand-report")
    assert {section["section"] for section in report["sections"]} == {"", "Police raids"}
    assert all({"section", "url", "score", "snippet"} == set(section) for section in report["sections"])
