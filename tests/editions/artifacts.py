"""Read every artifact of a built edition as text, independently of the leak scanner's code."""

from __future__ import annotations

import html
import subprocess
import unicodedata
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote_plus

SKIPPED = {".woff", ".woff2", ".png", ".jpg", ".ttf", ".otf"}


def normal(text: str) -> str:
    """This test suite's own normal form: entities and URL escapes decoded, NFKC, letters and digits."""
    text = unquote_plus(html.unescape(text))
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(
        c for c in decomposed if (c.isalnum() and not unicodedata.combining(c)) or "\u0e00" <= c <= "\u0e7f"
    )


def pdf_text(path: Path) -> str:
    """The text layer of a PDF (pdftotext)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def whoosh_stored(folder: Path) -> str:
    """Every stored field of every Whoosh index generation under *folder*."""
    from whoosh import index

    texts = []
    for toc in sorted(folder.rglob("_*.toc")):
        ix = index.open_dir(str(toc.parent), readonly=True)
        with ix.searcher() as searcher:
            texts += [str(value) for fields in searcher.all_stored_fields() for value in fields.values()]
        ix.close()
    return "\n".join(texts)


def artifact_texts(edition: Path) -> dict[str, str]:
    """Each artifact of *edition* (a build/<edition> folder) as readable text, by relative name."""
    found = {}
    for path in sorted(edition.rglob("*")):
        if not path.is_file() or path.suffix in SKIPPED:
            continue
        name = path.relative_to(edition).as_posix()
        data = path.read_bytes()
        if path.suffix == ".pdf":
            found[name] = pdf_text(path)
        elif path.suffix in (".epub", ".zip"):  # e-books, bundles and exports: each member read
            with zipfile.ZipFile(path) as book:
                for member in book.namelist():
                    found[f"{name}!{member}"] = book.read(member).decode("utf-8", "replace")
        elif path.name == "objects.inv":
            head, _, packed = data.partition(b"zlib.\n")
            found[name] = head.decode() + zlib.decompress(packed).decode("utf-8", "replace")
        else:
            found[name] = data.decode("utf-8", "replace")
    search = edition / "search"
    if search.is_dir():
        found["search (stored fields)"] = whoosh_stored(search)
    return found


def holding(edition: Path, text: str) -> list[str]:
    """The artifacts of *edition* whose text holds *text* (in the normal form)."""
    needle = normal(text)
    return [name for name, body in artifact_texts(edition).items() if needle in normal(body)]
