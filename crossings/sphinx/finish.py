"""build-finished: sitemap.xml, robots.txt, and removal of generated files no longer produced."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

from sphinx.application import Sphinx
from sphinx.util import logging

from crossings import citefiles, searchindex
from crossings.sphinx import citeall, manifest
from crossings.sphinx.address import site_url
from crossings.sphinx.domain import get_domain
from crossings.sphinx.head import write_if_changed
from crossings.sphinx.pages import BUILDERS

logger = logging.getLogger(__name__)
NO_SITEMAP = (
    "sitemap.xml not written: crossings_base_url is not set in conf.py (a sitemap lists absolute "
    "addresses, e.g. crossings_base_url = 'https://archive.example.org/')"
)

# Sphinx's own pages that are not content.
SKIPPED = {"genindex", "search", "py-modindex", "404"}  # 404: the page for no page


def sitemap(urls: list[str]) -> str:
    """A sitemaps.org urlset."""
    body = "".join(f"  <url><loc>{escape(url)}</loc></url>\n" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )


def robots(site: str) -> str:
    """robots.txt allowing everything and pointing at the sitemap when the site's address is known."""
    text = "User-agent: *\nAllow: /\n"
    return text + (f"Sitemap: {site}sitemap.xml\n" if site else "")


def prune(outdir: Path, builder_suffix: str, current: set[str], previous: set[str], ids: set[str]) -> None:
    """Delete generated pages and citation files that this build no longer produces."""
    for page in previous - current:
        (outdir / f"{page}{builder_suffix}").unlink(missing_ok=True)
    cite = outdir / "_cite"
    if cite.is_dir():
        for path in cite.iterdir():
            if path.stem not in ids and path.stem != citefiles.COMBINED:  # those are citeall's
                path.unlink()


TRANSLATIONS_JS = re.compile(r"^Object\.assign\(Documentation\.TRANSLATIONS, (\{.*\})\);$", re.MULTILINE)
JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def trim_translations(static: Path) -> None:
    """Keep in ``translations.js`` only the messages the site's scripts ask for.

    Sphinx writes the whole catalogue of the language there (about 80 KB for Chinese, every
    message of Sphinx's command line included) and every page loads it; the scripts translate a
    handful of strings (the search page's status lines, "Hide Search Matches"). A message is kept
    when its msgid is a string literal of some other script in ``_static``.
    """
    path = static / "translations.js"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    found = TRANSLATIONS_JS.search(text)
    if found is None:
        return
    messages = json.loads(found.group(1))
    used: set[str] = set()
    for script in static.rglob("*.js"):
        if script != path:
            for literal in JS_STRING.findall(script.read_text(encoding="utf-8", errors="replace")):
                try:
                    used.add(json.loads(f'"{literal}"'))
                except ValueError:
                    continue
    kept = {msgid: value for msgid, value in messages.items() if msgid in used}
    if len(kept) == len(messages):
        return
    trimmed = f"Object.assign(Documentation.TRANSLATIONS, {json.dumps(kept, ensure_ascii=False)});"
    write_if_changed(path, text[: found.start()] + trimmed + text[found.end() :])


# Files other extensions may write into _images themselves.
FOREIGN_IMAGES = ("graphviz-", "math-", "inheritance-", "plantuml-")


def prune_media(app: Sphinx, outdir: Path) -> None:
    """Delete copied images and downloads no current page uses (a document may have been withdrawn)."""
    images = {str(name) for _docs, name in app.env.images.values()}
    folder = outdir / "_images"
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() and path.name not in images and not path.name.startswith(FOREIGN_IMAGES):
                path.unlink()
    downloads = {Path(str(dest)).as_posix() for _docs, dest in app.env.dlfiles.values()}
    folder = outdir / "_downloads"
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and path.relative_to(folder).as_posix() not in downloads:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def finish(app: Sphinx, exception: Exception | None) -> None:
    """Write the sitemap and robots.txt, and clear out stale generated files."""
    if exception is not None or app.builder.name not in BUILDERS:
        return
    outdir = Path(app.outdir)
    pages = manifest.current(app)
    previous = manifest.read(outdir)
    ids = {entry.meta.id for entry in get_domain(app.env).documents.values()}
    kept = set(pages) | set(app.env.found_docs)  # a hand-written page may have replaced a generated one
    prune(outdir, app.builder.out_suffix, kept, set(previous), ids)  # type: ignore[attr-defined]
    prune_media(app, outdir)
    found = set(app.env.found_docs)
    searchindex.prune_file(outdir, found.__contains__)  # Sphinx keeps a removed page's words
    citeall.write_all(app, outdir)
    write_if_changed(outdir / manifest.MANIFEST, json.dumps(pages, sort_keys=True, indent=0))
    site = site_url(app)
    if site:
        names = sorted({*app.env.found_docs, *pages} - SKIPPED)
        write_if_changed(
            outdir / "sitemap.xml", sitemap([site + app.builder.get_target_uri(n) for n in names])
        )
    else:
        # A sitemap holds absolute addresses (sitemaps.org): without the site's address there is none.
        (outdir / "sitemap.xml").unlink(missing_ok=True)
        logger.info(NO_SITEMAP)
    write_if_changed(outdir / "robots.txt", robots(site))
    trim_translations(outdir / "_static")
    sources = outdir / "_sources"
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()  # Sphinx creates it even with html_copy_source = False


def write_root_robots(html_dir: Path) -> None:
    """build/<edition>/html/robots.txt, where crawlers look for it (the archive's root): every
    language site's sitemap, as each site's own robots.txt names it."""
    sitemaps = sorted(
        line
        for robots_txt in html_dir.glob("*/robots.txt")
        for line in robots_txt.read_text("utf-8").splitlines()
        if line.startswith("Sitemap: ")
    )
    write_if_changed(
        html_dir / "robots.txt", "".join(f"{line}\n" for line in ["User-agent: *", "Allow: /", *sitemaps])
    )
