"""The hostile-content suite: canaries in every position must never reach the public edition.

Builds real archives with the real command line (Sphinx, xelatex, Whoosh, `crossings serve`).
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crossings.catalog.frontmatter import dump
from crossings.init import create_archive
from tests.serving import crossings_serve, serving

CROSSINGS = [sys.executable, "-m", "crossings"]
NAME = "Mali Canary-Srisuk"
ROLE_NAME = "Somchai Rolecanary"
SECRET = "The safe house was called Persimmon Canary Orchard and nobody wrote its address down."
SECRET_TITLE = "Testimony of the canary border crossing"

pytestmark = pytest.mark.slow


def png() -> bytes:
    """A valid one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def meta(doc_id: str, title: str, access: str = "public", authors: tuple[str, ...] = ()) -> dict[str, object]:
    return {
        "id": doc_id,
        "title": title,
        "type": "paper",
        "countries": ["TH"],
        "themes": ["law-and-policy"],
        "authors": list(authors),
        "language": "en",
        "date": "2001-06-16",
        "access": access,
    }


PUBLIC_BODY = f"""# Outreach notes

## Meeting {NAME}

We met {NAME} and {{redact}}`{ROLE_NAME}` at the clinic; later
{NAME.split()[0]}
{NAME.split()[1]} came back.

| Who | Role |
|---|---|
| {NAME} | outreach worker |

A footnote names her too.[^1]

[^1]: As told by {NAME}.

```{{figure}} pub/Mali_Canary-Srisuk.png
:alt: Photo of {NAME}

Caption naming {NAME}.
```

![{NAME} portrait](pub/Mali_Canary-Srisuk.png)

See [the page about {NAME}](https://example.org/).
"""

SECRET_BODY = f"# {SECRET_TITLE}\n\n{SECRET}\n\nA second paragraph about the crossing itself.\n"


def write_archive(root: Path) -> None:
    """An archive with one public document full of a redacted name and one restricted document."""
    create_archive(root, "Leak test archive")
    (root / "redactions.csv").write_text(f"name,documents,note\n{NAME},,\n", "utf-8")
    docs = root / "source" / "documents"
    (docs / "pub").mkdir(parents=True)
    (docs / "pub" / "Mali_Canary-Srisuk.png").write_bytes(png())
    (docs / "pub.md").write_text(
        dump(meta("pub", "Outreach notes", authors=(NAME, "Sample Author"))) + PUBLIC_BODY
    )
    (docs / "secret.md").write_text(dump(meta("secret", SECRET_TITLE, "restricted")) + SECRET_BODY)


def crossings(root: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*CROSSINGS, *args, "--archive", str(root)], capture_output=True, text=True, check=False
    )
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive built in both editions: public html+pdf+epub with its index; internal html."""
    root = tmp_path_factory.mktemp("leaks") / "archive"
    write_archive(root)
    crossings(root, "build", "all", "--edition", "public")
    crossings(root, "index", "--edition", "public")
    crossings(root, "build", "html", "--edition", "internal")
    crossings(root, "index", "--edition", "internal")
    return root


def test_public_edition_has_no_leak_in_any_artifact(built: Path) -> None:
    done = crossings(built, "check", "--leaks", "--edition", "public")
    assert "0 leaks" in done.stdout + done.stderr
    public = built / "build" / "public"
    assert any(public.rglob("*.pdf")) and any(public.rglob("*.epub")) and any((public / "search").iterdir())


def test_public_pages_show_the_marker_where_the_name_was(built: Path) -> None:
    page = (built / "build" / "public" / "html" / "en" / "documents" / "pub.html").read_text("utf-8")
    assert page.count("[name withheld]") >= 6
    assert "Canary" not in page and "Rolecanary" not in page
    assert not (built / "build" / "public" / "html" / "en" / "documents" / "secret.html").exists()
    log = (built / "build" / "public" / "redaction-log" / "en.csv").read_text("utf-8")
    assert "documents/pub.md" in log and "Canary" not in log


def test_internal_edition_keeps_everything_and_marks_names(built: Path) -> None:
    internal = built / "build" / "internal" / "html" / "en" / "documents"
    assert SECRET in (internal / "secret.html").read_text("utf-8")
    assert f'<span class="crossings-redact">{NAME}</span>' in (internal / "pub.html").read_text("utf-8")


def test_planting_a_restricted_sentence_is_caught_and_named(built: Path, tmp_path: Path) -> None:
    page = built / "build" / "public" / "html" / "en" / "documents" / "pub.html"
    original = page.read_bytes()
    try:
        page.write_text(original.decode("utf-8").replace("</body>", f"<p>{SECRET}</p></body>"), "utf-8")
        done = crossings(built, "check", "--leaks", ok=False)
        assert done.returncode == 1
        assert "build/public/html/en/documents/pub.html" in done.stdout
        assert "restricted-sentence of secret" in done.stdout
    finally:
        page.write_bytes(original)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A built public archive and a running `crossings serve` over it."""
    root = tmp_path / "archive"
    write_archive(root)
    crossings(root, "build", "html")
    crossings(root, "index")
    with serving(crossings_serve(root), "/healthz") as served:
        yield root, served.base


def test_restricting_a_published_document_removes_it_from_a_running_server(server: tuple[Path, str]) -> None:
    root, base = server
    url = f"{base}/en/documents/pub.html"
    assert httpx.get(url).status_code == 200
    assert httpx.get(f"{base}/api/search", params={"q": "clinic"}).json()["total"] >= 1

    doc = root / "source" / "documents" / "pub.md"
    doc.write_text(doc.read_text("utf-8").replace("access: public", "access: restricted"), "utf-8")
    crossings(root, "build", "html")
    crossings(root, "index")

    assert httpx.get(url).status_code == 404
    answer = httpx.get(f"{base}/api/search", params={"q": "clinic"}).json()
    assert answer.get("total") == 0, answer
    crossings(root, "check", "--leaks")
