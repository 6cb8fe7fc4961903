"""The site's files that list every document, served without the documents withheld since the build.

Sphinx's ``searchindex.js``, the citations of the whole site (``_cite/all_documents.*``), the
sitemap and the OAI Static Repository file name each document of the site. Until the next
build removes a withdrawn document from them, the server sends them with its entries taken out
(crossings.web.withheld); the other pages that link it (browse lists, next and previous) are
rewritten by that build only.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from sphinx.search import js_index

from crossings.oai.xmlout import OAI, STATIC, STATIC_PREFIXES, q, serialize
from crossings.sphinx import searchindex
from crossings.web.withheld import Withheld

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_BIB_KEY = re.compile(r"^@\w+\{([^,\s]+),", re.MULTILINE)
_RIS_ID = re.compile(r"^ID  - (.*)$", re.MULTILINE)


class Unfilterable(Exception):
    """A listing file that cannot be read or filtered: refused rather than sent whole."""


def filtered(path: Path, rest: str, withheld: Withheld) -> bytes | None:
    """*path* (``rest`` inside its language folder) without the withheld documents' entries;
    None when it is not a file that lists documents. Unfilterable when it cannot be read."""
    make = _FILTERS.get(rest.lower())
    if make is None:
        return None
    try:
        return make(path.read_text(encoding="utf-8"), withheld)
    except (OSError, ValueError, UnicodeDecodeError, ET.ParseError) as exc:
        raise Unfilterable(rest) from exc


def _searchindex(text: str, withheld: Withheld) -> bytes:
    """Sphinx's search index without the withheld pages (their titles, words and entries)."""
    data = js_index.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a search index")
    pruned = searchindex.prune(data, lambda name: not withheld.refuses(f"{name}.html"))
    return js_index.dumps(pruned).encode("utf-8")


def _entries(text: str, keep: Callable[[str], bool]) -> bytes:
    """Entries separated by a blank line (BibTeX, RIS), those *keep* accepts."""
    entries = [entry for entry in re.split(r"\n\s*\n", text.strip()) if entry.strip()]
    kept = [entry for entry in entries if keep(entry)]
    return ("\n\n".join(kept) + "\n").encode("utf-8") if kept else b""


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
    searchindex.FILENAME: _searchindex,
    "_cite/all_documents.bib": _bibtex,
    "_cite/all_documents.ris": _ris,
    "_cite/all_documents.json": _csl,
    "sitemap.xml": _sitemap,
    "oai-static.xml": _oai_static,
}
