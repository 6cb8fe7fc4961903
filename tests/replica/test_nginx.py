"""Two `crossings serve` replicas behind nginx, configured by docs/deploy/nginx.conf, under load
while `crossings ship` publishes a new generation to both: no request fails, and every answer
is the answer of one whole generation, the one its X-Crossings-Generation header names.

The demo archive is ingested and its English site built. Two generations are then indexed from
its corpus with words of their own: A holds every section with the word "generationalpha"; B
holds every other document with "generationbeta" (an incremental run, in place, as after an
edit). So every query below answers differently in A and in B, and an answer from a half-copied
or mixed index could match neither. A file of the site (``en/generation.txt``) says A or B too.
nginx runs from a generated main configuration in a temporary folder (``daemon off``, its pid,
logs and temporary files there, no system service) that includes the documented site file, with
only its listening address and the replicas' ports changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import copy_demo
from tests.serving import CROSSINGS, Served, crossings_serve, free_port, serving, wait_until_up

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "docs" / "deploy" / "nginx.conf"
DEMO_PARTS = ("reports", "vocabularies", "locales", "search", "source", "conf.py", "redactions.csv")
DOCUMENTED_PORTS = ("8001", "8002")
QUERIES = [
    {"q": "generationalpha"},
    {"q": "generationbeta"},
    {"q": "police"},
    {"q": "migrant workers", "sort": "date"},
    {"q": "law", "country": "TH"},
    {"q": "health"},
]
CLIENTS = 4
AFTER_SHIP = 40  # answers each client gets once both replicas serve B, before the load stops
OAI_PAGE = 4


def crossings(*args: str) -> str:
    """Run one crossings command; fail the test with its output if it fails."""
    done = subprocess.run([CROSSINGS, *args], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def nginx() -> str:
    """The nginx program (Debian package `nginx`, installed by `make setup-test`)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
    if found is None:
        pytest.fail("nginx is not installed: run `make setup-test` (scripts/test-packages.txt)")
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive, ingested and built in English, indexed as generation A."""
    root = tmp_path_factory.mktemp("replicas") / "archive"
    root.mkdir()
    copy_demo(root, ingested=False)
    crossings("ingest", "--archive", str(root))
    crossings("build", "html", "--lang", "en", "--archive", str(root))
    publish(root, "A")
    return root


def publish(root: Path, generation: str) -> None:
    """Index generation A (every section) or B (every other document), each with its own word."""
    corpus = root / "build" / "public" / "corpus" / "en.jsonl"
    original = corpus.with_suffix(".built")
    if not original.exists():
        shutil.copy2(corpus, original)
    records = [json.loads(line) for line in original.read_text("utf-8").splitlines() if line.strip()]
    documents = sorted({record["id"] for record in records})
    kept = set(documents) if generation == "A" else set(documents[::2])
    word = "generationalpha" if generation == "A" else "generationbeta"
    lines = [
        json.dumps({**record, "text": f"{record['text']} {word}"}, ensure_ascii=False)
        for record in records
        if record["id"] in kept
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "build" / "public" / "html" / "en" / "generation.txt").write_text(generation, encoding="utf-8")
    crossings("index", "--lang", "en", "--archive", str(root), *(["--full"] if generation == "A" else []))


def nginx_site(ports: list[int], listen: int) -> str:
    """The documented site file, listening on 127.0.0.1:*listen* in front of the replicas *ports*."""
    site = TEMPLATE.read_text(encoding="utf-8")
    for documented, port in zip(DOCUMENTED_PORTS, ports, strict=True):
        assert site.count(f"server 127.0.0.1:{documented}") == 2, "each upstream lists each replica"
        site = site.replace(f"server 127.0.0.1:{documented}", f"server 127.0.0.1:{port}")
    for directive, replacement in (("listen 80;", f"listen 127.0.0.1:{listen};"), ("listen [::]:80;", "")):
        assert site.count(directive) == 1, f"{TEMPLATE} no longer has `{directive}`: adapt this test"
        site = site.replace(directive, replacement)
    return site


def nginx_main(folder: Path) -> str:
    """A main configuration keeping everything of nginx inside *folder*."""
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in kinds)
    return f"""daemon off;
master_process on;
worker_processes 1;
{user}
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
{temp}
    include {folder / "crossings.conf"};
}}
"""


@contextlib.contextmanager
def running_nginx(folder: Path, ports: list[int]) -> Iterator[str]:
    """nginx in front of the replicas *ports*; its base URL. Stopped (and reaped) at the end."""
    program = nginx()
    listen = free_port()
    (folder / "crossings.conf").write_text(nginx_site(ports, listen), encoding="utf-8")
    (folder / "nginx.conf").write_text(nginx_main(folder), encoding="utf-8")
    command = [program, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    with (folder / "nginx.out").open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{listen}"
            wait_until_up(base + "/healthz", process)
            yield base
        finally:
            process.terminate()  # nginx's fast shutdown; it stops its worker too
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class Load:
    """Answers of the clients: (generation, query number, total, ids) and every failure."""

    answers: list[tuple[str, int, int, tuple[str, ...]]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=lambda: [0] * CLIENTS)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(base: str, number: int, load: Load) -> None:
    """Ask every query and the site's generation file in turn until told to stop."""
    with httpx.Client(base_url=base, timeout=30) as http:
        i = number
        while not load.stop.is_set():
            query = i % len(QUERIES)
            i += 1
            try:
                response = http.get("/api/search", params={**QUERIES[query], "limit": "50"})
                page = http.get("/en/generation.txt")
            except httpx.HTTPError as exc:
                with load.lock:
                    load.failures.append(f"{QUERIES[query]}: {type(exc).__name__}: {exc}")
                continue
            with load.lock:
                for got in (response, page):
                    if got.status_code != 200:
                        load.failures.append(f"{got.request.url}: {got.status_code} {got.text[:200]}")
                if response.status_code == 200:
                    body = response.json()
                    ids = tuple(hit["id"] for hit in body["hits"])
                    generation = response.headers["x-crossings-generation"]
                    load.answers.append((generation, query, body["total"], ids))
                if page.status_code == 200:
                    load.pages.append(page.text)
                load.counts[number] += 1


def answers_of(base: str) -> tuple[str, list[tuple[int, tuple[str, ...]]]]:
    """The generation one replica serves and its answer (total, ids) to each query."""
    expected = []
    generations = set()
    for query in QUERIES:
        response = httpx.get(base + "/api/search", params={**query, "limit": "50"}, timeout=30)
        assert response.status_code == 200, response.text
        generations.add(response.headers["x-crossings-generation"])
        body = response.json()
        expected.append((body["total"], tuple(hit["id"] for hit in body["hits"])))
    assert len(generations) == 1, generations
    return generations.pop(), expected


def serving_generation(base: str) -> str:
    """The generation of the English index, as /healthz reports it."""
    health: dict[str, Any] = httpx.get(base + "/healthz", timeout=30).json()
    return str(health["indexes"]["en"]["generation"])


def test_two_replicas_behind_nginx_take_a_new_generation_under_load(demo: Path, tmp_path: Path) -> None:
    replicas = [tmp_path / "replica-1", tmp_path / "replica-2"]
    for replica in replicas:
        crossings("ship", str(replica), "--archive", str(demo))
    (tmp_path / "nginx").mkdir()
    options = ("--log-queries", "--oai-page-size", str(OAI_PAGE))
    with (
        serving(crossings_serve(replicas[0], "--workers", "2", *options), "/healthz") as first,
        serving(crossings_serve(replicas[1], *options), "/healthz") as second,
    ):
        servers: list[Served] = [first, second]
        ports = [int(served.base.rsplit(":", 1)[1]) for served in servers]
        with running_nginx(tmp_path / "nginx", ports) as base:
            generation_a, expected_a = answers_of(first.base)
            assert answers_of(second.base) == (generation_a, expected_a)
            harvest(base)

            load = Load()
            threads = [threading.Thread(target=client, args=(base, n, load)) for n in range(CLIENTS)]
            for thread in threads:
                thread.start()
            try:
                generation_b = ship_under_load(demo, replicas, servers, load)
            finally:
                load.stop.set()
                for thread in threads:
                    thread.join()
            b_direct = answers_of(second.base)
            assert answers_of(first.base) == b_direct and b_direct[0] == generation_b
            harvest(base)
        nginx_errors = (tmp_path / "nginx" / "error.log").read_text("utf-8", "replace")
    assert load.failures == []
    expected = {generation_a: expected_a, generation_b: b_direct[1]}
    assert generation_a != generation_b
    for query, (in_a, in_b) in enumerate(zip(expected_a, b_direct[1], strict=True)):
        assert in_a != in_b, f"{QUERIES[query]} answers alike in A and B: it cannot tell them apart"
    assert {answer[0] for answer in load.answers} == {generation_a, generation_b}
    for generation, query, total, ids in load.answers:
        assert (total, ids) == expected[generation][query], (generation, QUERIES[query])
    assert set(load.pages) == {"A", "B"}
    for served in servers:  # no replica answered an error that nginx then retried elsewhere
        assert not re.search(r'HTTP/1\.[01]" 5\d\d', served.output), served.output[-2000:]
    assert not re.search(r"\[(error|crit|alert|emerg)\]", nginx_errors), nginx_errors


def ship_under_load(demo: Path, replicas: list[Path], servers: list[Served], load: Load) -> str:
    """Once every client is under way on A, publish B and ship it to each replica in turn; return
    when both serve it and every client has had AFTER_SHIP more answers. B's generation name."""
    wait_for(lambda: min(load.counts) >= 5, load)
    publish(demo, "B")
    for replica in replicas:
        crossings("ship", str(replica), "--archive", str(demo))
    shipped = json.loads((replicas[0] / "crossings-replica.json").read_text("utf-8"))
    generation_b = str(shipped["indexes"]["en"])
    wait_for(lambda: all(serving_generation(served.base) == generation_b for served in servers), load)
    started = list(load.counts)
    wait_for(lambda: min(n - s for n, s in zip(load.counts, started, strict=True)) >= AFTER_SHIP, load)
    return generation_b


def wait_for(condition: Any, load: Load) -> None:
    """Wait until *condition()* holds (the load meanwhile running), failing after two minutes."""
    stop = threading.Event()
    for _ in range(1200):
        if condition():
            return
        if load.failures:
            pytest.fail(f"the load failed while waiting: {load.failures[:5]}")
        stop.wait(0.1)
    pytest.fail("the replicas did not get there within two minutes")


def harvest(base: str) -> None:
    """A whole OAI-PMH list through nginx, page by page: every resumption token is honoured."""
    params = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
    pages = 0
    while True:
        response = httpx.get(base + "/oai", params=params, timeout=30)
        assert response.status_code == 200 and "<error" not in response.text, response.text[:500]
        pages += 1
        token = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", response.text)
        if token is None:
            break
        params = {"verb": "ListIdentifiers", "resumptionToken": token.group(1)}
    assert pages > 2  # the list needed several tokens
