"""The site's files that name other documents, served without the documents withheld since the build.

Sphinx's ``searchindex.js`` and ``objects.inv``, the citations of the whole site
(``_cite/all_documents.*``), the sitemap and the OAI Static Repository file name each document
of the site, and every HTML page may link some. Until the next build removes a withdrawn
document from them, the server sends them with its entries taken out (crossings.web.withheld),
and the pages without their links to it (crossings.web.unlinked).

In ``searchindex.js`` a page that links a withheld document holds the words of its title (the
link's text) among its own words: Sphinx indexes the related documents and lists of a page as
its text. The words of the withheld documents' titles (their ``titleterms``, as Sphinx stemmed
them) are taken out of the words of every page whose served HTML lost a link, even when the
page also says them itself: until the build, the site's own search may miss such a page for
such a word, and never names the withheld document. Section titles of the linking pages are
kept (a link is never one).

Each answer is kept for the file's version (time, size, inode) and what is withheld, so a page
is read once per withdrawal and build.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from crossings import searchindex
from crossings.oai.xmlout import OAI, STATIC, STATIC_PREFIXES, q, serialize
from crossings.web.unlinked import edits, without_links
from crossings.web.withheld import Withheld

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_BIB_KEY = re.compile(r"^@\w+\{([^,\s]+),", re.MULTILINE)
_RIS_ID = re.compile(r"^ID  - (.*)$", re.MULTILINE)
INVENTORY = "objects.inv"
CACHED = 512  # answers kept: pages are small, and only what readers ask while anything is withheld


class Unfilterable(Exception):
    """A listing file that cannot be read or filtered: refused rather than sent whole."""


def filtered(path: Path, rest: str, withheld: Withheld) -> bytes | None:
    """*path* (``rest`` inside its language folder) without the withheld documents' entries or
    links; None when it is not a file that names documents. Unfilterable when it cannot be read."""
    name = rest.lower()
    if name not in _FILTERS and name not in (INVENTORY, searchindex.FILENAME) and not name.endswith(".html"):
        return None
    try:
        info = path.stat()
        return _cached(str(path), (info.st_mtime_ns, info.st_size, info.st_ino), rest, withheld)
    except (OSError, ValueError, UnicodeDecodeError, ET.ParseError, zlib.error) as exc:
        raise Unfilterable(rest) from exc


@lru_cache(maxsize=CACHED)
def _cached(path: str, version: tuple[int, int, int], rest: str, withheld: Withheld) -> bytes:
    """:func:`filtered` of one version of a file (*version* is only its key here)."""
    where = Path(path)
    name = rest.lower()
    if name == INVENTORY:
        return _inventory(where.read_bytes(), withheld)
    text = where.read_text(encoding="utf-8")
    if name == searchindex.FILENAME:
        return _searchindex(text, withheld, where.parent)
    if name in _FILTERS:
        return _FILTERS[name](text, withheld)
    return without_links(text, f"/_/{rest}", withheld).encode("utf-8")


def _searchindex(text: str, withheld: Withheld, folder: Path) -> bytes:
    """Sphinx's search index without the withheld pages (their titles, words and entries), and
    without their titles' words in the pages that link them."""
    data = searchindex.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a search index")
    names = [str(name) for name in data.get("docnames", [])]
    gone = {n for n, name in enumerate(names) if withheld.refuses(f"{name}.html")}
    words = {t for t, v in data.get("titleterms", {}).items() if gone & set(searchindex.documents(v))}
    linking = {n for n, name in enumerate(names) if n not in gone and _links(folder, name, withheld)}
    data["terms"] = _without(data.get("terms", {}), words, linking)
    pruned = searchindex.prune(data, lambda name: not withheld.refuses(f"{name}.html"))
    return searchindex.dumps(pruned).encode("utf-8")


def _links(folder: Path, docname: str, withheld: Withheld) -> bool:
    """True when the built page of *docname* links a withheld document (one that cannot be
    read is taken to)."""
    try:
        text = (folder / f"{docname}.html").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError):
        return True
    return bool(edits(text, f"/_/{docname}.html", withheld))


def _without(terms: dict[str, Any], words: set[str], pages: set[int]) -> dict[str, Any]:
    """*terms* where each of *words* no longer names any of *pages*."""
    if not words or not pages:
        return terms
    kept = dict(terms)
    for word in words & set(terms):
        left = [n for n in searchindex.documents(terms[word]) if n not in pages]
        kept[word] = left[0] if len(left) == 1 else left
    return kept


def _inventory(data: bytes, withheld: Withheld) -> bytes:
    """Sphinx's inventory (``objects.inv``: each object and page with its title) without the
    withheld documents' entries; its four lines of header as they are, the rest compressed."""
    lines = data.split(b"\n", 4)
    if len(lines) < 5 or not lines[0].startswith(b"# Sphinx inventory version 2"):
        raise ValueError("not a Sphinx inventory of version 2")
    kept = []
    for line in zlib.decompress(lines[4]).decode("utf-8").splitlines():
        fields = line.split(None, 4)
        if len(fields) < 4:
            continue
        address = fields[3].removesuffix("$") + fields[0] if fields[3].endswith("$") else fields[3]
        address = address.split("#")[0]
        if not withheld.refuses(address) and fields[0].lower() not in withheld.ids:
            kept.append(line + "\n")
    return b"\n".join(lines[:4]) + b"\n" + zlib.compress("".join(kept).encode("utf-8"), 9)


def _entries(text: str, keep: Callable[[str], bool]) -> bytes:
    """Entries separated by a blank line (BibTeX, RIS), those *keep* accepts, each with the
    separator after it, byte for byte as built (RIS ends a record with ``ER  - ``, its space
    included)."""
    parts = re.split(r"(\n[ \t\r]*\n)", text)
    kept = [
        entry + (parts[n + 1] if n + 1 < len(parts) else "")
        for n, entry in enumerate(parts)
        if n % 2 == 0 and entry.strip() and keep(entry)
    ]
    return "".join(kept).encode("utf-8")


def _bibtex(text: str, withheld: Withheld) -> bytes:
    """BibTeX without the withheld documents' entries (keyed by id)."""
    return _entries(text, lambda entry: not _named(_BIB_KEY.findall(entry), withheld))


def _ris(text: str, withheld: Withheld) -> bytes:
    """RIS without the withheld documents' records (``ID  - <id>``)."""
    return _entries(text, lambda entry: not _named(_RIS_ID.findall(entry), withheld))


def _csl(text: str, withheld: Withheld) -> bytes:
    """CSL-JSON without the withheld documents' items."""
    items = json.loads(text)
    if not isinstance(items, list):
        raise ValueError("not a list of items")
    kept = [item for item in items if not (isinstance(item, dict) and _named([item.get("id")], withheld))]
    return json.dumps(kept, ensure_ascii=False, indent=2).encode("utf-8")


def _named(keys: list[object], withheld: Withheld) -> bool:
    """True when any of *keys* is a withheld document's id (no key: refused too)."""
    return not keys or any(str(key).strip().lower() in withheld.ids for key in keys)


def _sitemap(text: str, withheld: Withheld) -> bytes:
    """The sitemap without the withheld pages' addresses."""
    root = ET.fromstring(text)
    for url in list(root):
        loc = (url.findtext(q(SITEMAP, "loc")) or "").split("?")[0]
        parts = loc.split("://", 1)[-1].split("/")
        if len(parts) < 3 or withheld.refuses("/".join(parts[2:])):  # host, language, then the page
            root.remove(url)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=SITEMAP)
    return written


def _oai_static(text: str, withheld: Withheld) -> bytes:
    """The OAI Static Repository without the withheld documents' records."""
    root = ET.fromstring(text)
    records = root.find(q(STATIC, "ListRecords"))
    for record in list(records) if records is not None else []:
        identifier = record.findtext(f"{q(OAI, 'header')}/{q(OAI, 'identifier')}") or ""
        if _named([identifier.rsplit(":", 1)[-1]], withheld):
            records.remove(record)  # type: ignore[union-attr]
    return serialize(root, STATIC_PREFIXES)


_FILTERS: dict[str, Callable[[str, Withheld], bytes]] = {
    "_cite/all_documents.bib": _bibtex,
    "_cite/all_documents.ris": _ris,
    "_cite/all_documents.json": _csl,
    "sitemap.xml": _sitemap,
    "oai-static.xml": _oai_static,
}
