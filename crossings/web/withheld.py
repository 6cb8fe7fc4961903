"""What a running public server no longer publishes: followed from the catalog, without a restart.

A withdrawal (``access`` set to ``restricted`` in reports/catalog.csv, or the document's row
deleted) takes effect in the built site only with the next ``crossings build``. Until then the
server refuses what the catalog withholds now, by the build's own rules
(crossings.catalog.access.Holdings.decide_all): the pages of every document the rules withhold,
and under ``documents/`` every built document that no page of ``source/`` publishes any more.

The catalog, every folder and page of ``source/`` and each language's ``.buildinfo`` are
looked at (one ``stat`` each) at most once per CHECK_EVERY seconds: a page's own front matter
withholds it too (``access: restricted``), and an editor saving it in place changes no folder.
What is withheld stays withheld until the next build of the site: a document restored to
``public`` is published again by that build, not before (an editor's half-saved catalog must
never publish anything). A catalog that cannot be read keeps what was withheld, is logged once,
and publishes nothing new.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from crossings.archive import Archive
from crossings.catalog.access import DOCUMENTS, PAGE_SUFFIXES, PUBLIC, FrontMatter, Holdings
from crossings.errors import CrossingsError
from crossings.publish.withdrawn import withheld_ids

CHECK_EVERY = 1.0  # seconds between two looks at the catalog
BUILD_MARK = ".buildinfo"  # rewritten by Sphinx at the end of every HTML build
# Files a built page names that are its own: its images and downloads.
_ASSET = re.compile(r"""(?:src|href)="(?:\.\./)*((?:_images|_downloads)/[^"#?]+)""")
log = logging.getLogger("crossings.web")


@dataclass(frozen=True)
class Withheld:
    """What the server refuses: pages by docname (``documents/pier``), document ids, and the
    images and downloads those pages named, all lower-cased."""

    pages: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    assets: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.pages or self.ids)

    def refuses(self, rest: str) -> bool:
        """True when *rest*, a path inside a language folder (``documents/pier.pdf``), belongs to
        a withheld document: its page, its folder, any file beside it named after it (PDF,
        parallel pages), its source, its citation files, or its images and downloads."""
        path = rest.lower().strip("/")
        if path in self.assets:
            return True
        folder, _, name = path.partition("/")
        if folder == "_cite":
            return name.split(".", 1)[0] in self.ids
        page = path.removeprefix("_sources/")
        return any(page == p or page.startswith((p + ".", p + "/")) for p in self.pages)

    def with_(self, other: Withheld) -> Withheld:
        """Both together."""
        return Withheld(self.pages | other.pages, self.ids | other.ids, self.assets | other.assets)


NOTHING = Withheld()


class Unreadable(CrossingsError):
    """The catalog cannot be read now (half-saved, wrong encoding, missing): nothing is decided."""


def decide(archive: Archive, site: Path) -> Withheld:
    """What the catalog withholds now from the built *site* (``build/public/html``); Unreadable
    when it cannot be read."""
    try:
        holdings = Holdings.load(archive)
    except (CrossingsError, OSError, ValueError) as exc:
        raise Unreadable(str(exc)) from None
    if holdings.problems:
        raise Unreadable("; ".join(str(problem) for problem in holdings.problems))
    decisions = holdings.decide_all(archive.source, PUBLIC)
    held = {relative.with_suffix("").as_posix() for relative, d in decisions.items() if d.held}
    # Only what the built site still holds: a page the last build already left out (a document
    # restricted before it was built) is not served anyway, and must not count as withheld (while
    # anything is, the server filters every listing file and offers no "did you mean").
    languages = [folder for folder in site.iterdir() if folder.is_dir()] if site.is_dir() else []
    refused_sources = {
        relative: relative.with_suffix("").as_posix()
        for relative, decision in decisions.items()
        if not decision.held
        and any((folder / relative.with_suffix(".html")).is_file() for folder in languages)
    }
    refused = set(refused_sources.values())
    ids = withheld_ids(refused)
    for relative in refused_sources:
        ids.add(FrontMatter.read(archive.source / relative).text("id"))
    for stem in _built_documents(site):  # built, but no page of source/ publishes it now
        if f"{DOCUMENTS}/{stem}" not in held:
            refused.add(f"{DOCUMENTS}/{stem}")
            ids.add(stem)
    pages = frozenset(name.lower() for name in refused)
    ids.discard("")
    # Lower-cased for addresses; as written too, for the search index's ``id`` field.
    return Withheld(pages, frozenset(ids | {i.lower() for i in ids}), _assets(site, pages))


def _built_documents(site: Path) -> set[str]:
    """The ids of the document pages of every built language (``<lang>/documents/<id>.html``)."""
    stems: set[str] = set()
    for folder in site.glob(f"*/{DOCUMENTS}") if site.is_dir() else []:
        for entry in os.scandir(folder):
            name = entry.name
            if name.endswith(".html") and "." not in name[: -len(".html")]:
                stems.add(name[: -len(".html")])
    return stems


def _assets(site: Path, pages: frozenset[str]) -> frozenset[str]:
    """The images and downloads the built pages of *pages* name, in any language."""
    found: set[str] = set()
    for language in site.iterdir() if site.is_dir() else []:
        for page in pages:
            try:
                text = (language / f"{page}.html").read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            found.update(match.lower() for match in _ASSET.findall(text))
    return frozenset(found)


class Withdrawals:
    """What the served edition refuses now, looked up at most once per CHECK_EVERY seconds.

    Only the public edition withholds: the internal one holds restricted documents by design.
    """

    def __init__(self, archive: Archive, edition: str, site: Path, every: float = CHECK_EVERY) -> None:
        self.archive = archive
        self.site = site
        self.every = every
        self.active = edition == PUBLIC and not archive.is_replica  # a replica has no catalog
        self._guard = threading.Lock()
        self._checked = -float("inf")
        self._seen: tuple[object, ...] | None = None
        self._build: tuple[object, ...] | None = None
        self._withheld = NOTHING
        self._reported = ""

    def current(self) -> Withheld:
        """What is withheld now (NOTHING for the internal edition or a replica without a catalog)."""
        if not self.active:
            return NOTHING
        now = time.monotonic()
        with self._guard:
            if now - self._checked >= self.every:
                self._checked = now
                self._refresh()
            return self._withheld

    async def now(self) -> Withheld:
        """:meth:`current` for a request: the look at the files, when due, in a thread."""
        if not self.active:
            return NOTHING
        if time.monotonic() - self._checked < self.every:
            return self._withheld
        withheld: Withheld = await run_in_threadpool(self.current)
        return withheld

    def _refresh(self) -> None:
        """Decide again when the catalog, a source page or folder, or a build changed."""
        build = _stats(sorted(self.site.glob(f"*/{BUILD_MARK}")) if self.site.is_dir() else [])
        source = self.archive.source
        seen = (_stats([self.archive.catalog, source]), _source_stats(source), build)
        if seen == self._seen:
            return
        try:
            now = decide(self.archive, self.site)
        except Unreadable as exc:
            self._unreadable(str(exc))
            return  # nothing learnt: what was withheld stays withheld, nothing is published again
        if self._reported:
            log.warning("%s can be read again; withdrawals are followed again", self.archive.catalog)
            self._reported = ""
        rebuilt = self._build is not None and build != self._build
        self._withheld = now if rebuilt or self._seen is None else self._withheld.with_(now)
        self._seen, self._build = seen, build

    def _unreadable(self, why: str) -> None:
        """Log once per problem that the catalog cannot be read, naming it and what to do."""
        if why == self._reported:
            return
        self._reported = why
        log.error(
            "%s cannot be read (%s). The server keeps refusing every document it withheld and "
            "publishes nothing again; save the catalog again as CSV UTF-8 (`crossings check` says "
            "what is wrong), and the server follows it within a second.",
            self.archive.catalog,
            why,
        )


def _source_stats(source: Path) -> tuple[object, ...]:
    """:func:`_stats` of every folder and page under *source* (symlinks not followed, as the
    build's rules do not), read with ``scandir``: 10,000 pages take 30 to 80 ms, once a second
    at most."""
    found: list[object] = []
    folders = [str(source)]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            found.append((folder, None))
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif not entry.name.endswith(PAGE_SUFFIXES):
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                found.append((entry.path, None))
                continue
            found.append((entry.path, info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(found)


def _stats(paths: list[Path]) -> tuple[object, ...]:
    """What changes when a file or folder is replaced or written: its time, size and inode."""
    found: list[object] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            found.append((str(path), None))
            continue
        found.append((str(path), info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(found)
