"""Serving the built HTML site of one edition, one folder per language, and nothing else."""

from __future__ import annotations

import html
import mimetypes
import os
import re
from dataclasses import dataclass
from email.utils import parsedate
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.staticfiles import NotModifiedResponse

from crossings import citefiles
from crossings.languages import find
from crossings.web.derived import Unfilterable, filtered
from crossings.web.safepath import inside, path_segments
from crossings.web.withheld import NOTHING, Withheld

SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")  # a file name needing no quoting or encoding
LANGUAGE_FOLDER = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("application/epub+zip", ".epub")
NOT_FOUND_FILE = "404.html"
# Every 404 alike, a page that never was and a withdrawn one: kept nowhere, so a shared phone
# or proxy never answers for a withdrawn page, and the headers do not tell the two apart.
NOT_FOUND_CACHE = "no-store"
# Files of the edition's root itself (crossings.sphinx.finish.write_root_robots): crawlers ask the
# host's root for robots.txt. Nothing else outside a language folder is served.
ROOT_FILES = frozenset({"robots.txt"})
NOT_FOUND_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1>
<p>There is no page at this address. <a href="/">Go to the archive's home page</a>.</p>
</body></html>
"""


@dataclass(frozen=True)
class Site:
    """The folder ``build/<edition>/html`` holding one built site per language."""

    root: Path
    default_language: str | None = None

    def languages(self) -> list[str]:
        """The languages built so far (folders holding an index.html), sorted."""
        if not self.root.is_dir():
            return []
        folders = [entry for entry in os.scandir(self.root) if LANGUAGE_FOLDER.match(entry.name)]
        return sorted(entry.name for entry in folders if Path(entry.path, "index.html").is_file())

    def preferred_language(self, accept_language: str) -> str | None:
        """The built language the reader asks for first, else the default, else None."""
        built = self.languages()
        if not built:
            return None
        by_lower = {lang.lower(): lang for lang in built}
        for tag in _accepted_tags(accept_language):
            # Browsers send region tags (zh-TW); the declared language they name is built by script.
            for candidate in (tag, _declared_tag(tag), tag.split("-")[0]):
                if candidate.lower() in by_lower:
                    return by_lower[candidate.lower()]
        if self.default_language in built:
            return self.default_language
        return "en" if "en" in built else built[0]

    def file_for(self, segments: tuple[str, ...]) -> Path | None:
        """The file or folder *segments* name inside a built language (or a root file), or None."""
        if len(segments) == 1 and segments[0] in ROOT_FILES:
            found = inside(self.root, segments)
            return found if found is not None and found.is_file() else None
        if not segments or not LANGUAGE_FOLDER.match(segments[0]):
            return None
        return inside(self.root, segments)


def _declared_tag(tag: str) -> str:
    """The declared interface language an Accept-Language tag names ('' for none)."""
    found = find(tag)
    return found.tag if found is not None else ""


def _accepted_tags(header: str) -> list[str]:
    """Language tags of an Accept-Language header, most wanted first (q=0 dropped)."""
    weighted = []
    for position, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag.lower()))
    return [tag for _, _, tag in sorted(weighted)]


def not_found_page(request: Request | None = None, site: Site | None = None) -> HTMLResponse:
    """The 404 page of the reader's language (crossings.sphinx.notfound), with its Quick exit bar;
    the plain page when no language is built or the built site has none. (The API answers JSON.)"""
    page = _language_not_found(request, site) if request is not None and site is not None else None
    return HTMLResponse(page or NOT_FOUND_PAGE, status_code=404, headers={"cache-control": NOT_FOUND_CACHE})


def _language_not_found(request: Request, site: Site) -> str | None:
    """The built 404.html of the address's language folder, else of the reader's preferred one,
    with a <base> so that its relative links work at any depth of the missing address."""
    built = site.languages()
    segments = path_segments(request.scope["path"], request.scope.get("raw_path")) or ()
    language = segments[0] if segments and segments[0] in built else None
    language = language or site.preferred_language(request.headers.get("accept-language", ""))
    if language is None:
        return None
    try:
        page = (site.root / language / NOT_FOUND_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head = page.find("<head>")
    if head < 0:
        return None
    base = f"{request.scope.get('root_path', '')}/{language}/"
    at = head + len("<head>")
    return f'{page[:at]}<base href="{html.escape(base)}">{page[at:]}'


async def serve_site(request: Request, site: Site, withheld: Withheld = NOTHING) -> Response:
    """Answer a GET/HEAD for the site: a file, a redirect to a folder's slash, or 404 (also for
    anything of a document *withheld* since the site was built, under any of its addresses)."""
    path: str = request.scope["path"]
    segments = path_segments(path, request.scope.get("raw_path"))
    if segments is None or _refused(segments, withheld):
        return not_found_page(request, site)
    if not segments:
        language = site.preferred_language(request.headers.get("accept-language", ""))
        if language is None:
            return not_found_page(request, site)
        return RedirectResponse(f"/{language}/", status_code=302, headers={"vary": "Accept-Language"})
    target = site.file_for(segments)
    if target is None:
        return not_found_page(request, site)
    if target.is_dir():
        if not path.endswith("/"):
            return RedirectResponse(path + "/", status_code=301)
        target = target / "index.html"
        if not target.is_file():
            return not_found_page(request, site)
    elif path.endswith("/"):  # a file named as a folder: its relative links would all go wrong
        return not_found_page(request, site)
    if withheld:
        return await _withheld_response(request, site, target, segments, withheld)
    return _file_response(target, request.headers, segments)


def _refused(segments: tuple[str, ...], withheld: Withheld) -> bool:
    """True when the path inside a language folder is a withheld document's (any case)."""
    return bool(withheld) and len(segments) > 1 and withheld.refuses("/".join(segments[1:]))


async def _withheld_response(
    request: Request, site: Site, target: Path, segments: tuple[str, ...], withheld: Withheld
) -> Response:
    """While documents are withheld: 404 for a file that is theirs by where it really lies (a
    link or another name of it), a listing file without them, every page without its links to
    them (crossings.web.derived; kept nowhere, changed or not, so that no header tells which
    pages changed), else the file as usual."""
    try:
        real = target.relative_to(site.root.resolve()).parts
    except ValueError:  # the site was swapped under the request: no answer rather than a guess
        return not_found_page(request, site)
    if _refused(real, withheld):
        return not_found_page(request, site)
    try:
        body = (
            await run_in_threadpool(filtered, target, "/".join(real[1:]), withheld) if len(real) > 1 else None
        )
    except Unfilterable:
        return not_found_page(request, site)
    if body is None:
        return _file_response(target, request.headers, segments)
    media_type, headers = _described(target, segments)
    headers["cache-control"] = NOT_FOUND_CACHE
    return Response(body, media_type=media_type, headers=headers)


def _file_response(path: Path, request_headers: Headers, segments: tuple[str, ...] = ()) -> Response:
    """The file with its type, ETag and Last-Modified; 304 when the reader has it already."""
    media_type, headers = _described(path, segments)
    response = FileResponse(path, media_type=media_type, stat_result=path.stat(), headers=headers)
    if _not_modified(response.headers, request_headers):
        return NotModifiedResponse(response.headers)
    return response


def _described(path: Path, segments: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """The media type of a file and its headers: a citation file is a download of its own type
    (crossings.citefiles)."""
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media_type.startswith(TEXT_TYPES):
        media_type += "; charset=utf-8"
    headers: dict[str, str] = {}
    cited = citefiles.citation_file(segments) if segments and path.name == segments[-1] else None
    if cited is not None:
        stem, extension = cited
        media_type = citefiles.MEDIA_TYPES[extension]
        headers["content-disposition"] = _attachment(citefiles.download_name(stem, extension, segments[0]))
    return media_type, headers


def _attachment(name: str) -> str:
    """A Content-Disposition saving the file as *name* (quoted only when it is a safe token)."""
    return f'attachment; filename="{name}"' if SAFE_NAME.match(name) else "attachment"


def _not_modified(response_headers: Headers, request_headers: Headers) -> bool:
    """True when the reader's If-None-Match / If-Modified-Since still matches."""
    if if_none_match := request_headers.get("if-none-match"):
        # The compression layer tags encoded bodies "<etag>-br"/"<etag>-gzip"; same file.
        tags = [_plain_tag(tag) for tag in if_none_match.split(",")]
        return response_headers["etag"] in tags or "*" in tags
    since = parsedate(request_headers.get("if-modified-since", ""))
    modified = parsedate(response_headers.get("last-modified", ""))
    return since is not None and modified is not None and since >= modified


def _plain_tag(tag: str) -> str:
    """An entity tag without the weak prefix or the compression suffix."""
    tag = tag.strip().removeprefix("W/")
    for suffix in ('-br"', '-gzip"'):
        if tag.endswith(suffix):
            return tag.removesuffix(suffix) + '"'
    return tag
