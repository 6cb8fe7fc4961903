"""The search page's files on a slow connection: its stylesheets inlined, its scripts in one file.

On a phone's slow connection (2 s per round trip) each request the search page makes before its
first results costs seconds: six stylesheets and four scripts are two rounds of requests (a
browser opens six connections to a host), and the API call waited for the scripts. So the page
written at build time carries its stylesheets in one ``<style>`` (styles may be inline under the
service's Content-Security-Policy; they compress with the page) and loads one deferred script,
``_static/crossings-search-page.js``, the page's scripts joined in their order, made when the page
is written (the theme's and the extension's static files are in the output folder by then). The
API call itself starts from the page's head (crossings.web.firstsearch), before any of these.
Only local files are joined; any other (an address on another host, an inline script) stays as
it was.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from crossings.sphinx.head import write_if_changed

SCRIPT = "crossings-search-page.js"
# A source map's comment: the map is not beside the joined file, and the text it maps has moved.
SOURCE_MAP = re.compile(r"^(?://[#@] sourceMappingURL=.*|/\*[#@] sourceMappingURL=[^*]*\*/)$", re.MULTILINE)
# url(...) in a stylesheet naming a file relative to the stylesheet (not data:, http:, /, #).
RELATIVE_URL = re.compile(r"""url\(\s*(['"]?)(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^'")\s]+)\1\s*\)""")
# "</style" inside the text would end the <style> element; "<\/style" means the same to CSS.
END_OF_STYLE = re.compile(r"</(style)", re.IGNORECASE)


def local_file(outdir: Path, asset: Any) -> Path | None:
    """The file of *asset* in the output folder (Sphinx names them ``_static/...``), or None
    (another host, an inline script)."""
    name = str(getattr(asset, "filename", "") or "")
    if not name or "://" in name or name.startswith("/"):
        return None
    path = outdir / name.split("?")[0]
    return path if path.is_file() else None


def attributes(asset: Any) -> dict[str, str]:
    """The attributes of *asset*'s tag that matter, without the ones every such tag has."""
    found = getattr(asset, "attributes", {}) or {}
    return {
        key: str(value)
        for key, value in found.items()
        if value is not None and (key, value) not in {("rel", "stylesheet"), ("type", "text/css")}
    }


def inline_css(outdir: Path, page_dir: str, assets: list[Any]) -> tuple[str, list[Any]]:
    """The text of the local stylesheets among *assets*, in order, with relative ``url()``s made
    relative to the page (in *page_dir* of the site) and a ``media`` kept as ``@media``; and the
    assets left as links (another host, or a tag with other attributes, such as a title)."""
    parts, kept = [], []
    for asset in assets:
        path, attrs = local_file(outdir, asset), attributes(asset)
        media = attrs.pop("media", "all")
        if path is None or attrs:
            kept.append(asset)
            continue
        folder = posixpath.relpath(posixpath.dirname(str(asset.filename)), page_dir or ".")
        text = from_page(SOURCE_MAP.sub("", path.read_text(encoding="utf-8")).strip(), folder)
        wrapped = text if media == "all" else f"@media {media} {{\n{text}\n}}"
        parts.append(f"/* {asset.filename} */\n{wrapped}")
    return END_OF_STYLE.sub(r"<\\/\1", "\n".join(parts)), kept


def from_page(css: str, folder: str) -> str:
    """*css* with each relative ``url()`` starting from the page instead of the stylesheet's *folder*."""
    return RELATIVE_URL.sub(lambda m: f"url({m[1]}{posixpath.join(folder, m[2])}{m[1]})", css)


def joined_script(outdir: Path, assets: list[Any]) -> tuple[str, list[Any]]:
    """The local scripts among *assets* in their order, each a statement of its own; the rest
    (another host, inline, or a tag with attributes other than ``defer``: async, a module, an id)."""
    parts, kept = [], []
    for asset in assets:
        path, attrs = local_file(outdir, asset), attributes(asset)
        attrs.pop("defer", None)
        if path is None or attrs:
            kept.append(asset)
            continue
        text = SOURCE_MAP.sub("", path.read_text(encoding="utf-8")).strip()
        parts.append(f"/* {asset.filename} */\n{text}\n;")
    return "\n".join(parts) + "\n" if parts else "", kept


def one_of_each(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """Inline the page's stylesheets and replace its scripts by their one joined file (written
    into ``_static`` now, so that Sphinx gives its link the file's checksum)."""
    outdir = Path(app.outdir)
    css_files, script_files = context.get("css_files"), context.get("script_files")
    if isinstance(css_files, list):
        page_dir = posixpath.dirname(app.builder.get_target_uri(pagename))
        context["crossings_inline_css"], css_files[:] = inline_css(outdir, page_dir, css_files)
    if isinstance(script_files, list):
        text, script_files[:] = joined_script(outdir, script_files)
        if not text:
            return
        write_if_changed(outdir / "_static" / SCRIPT, text)
        # Linked from the head (page.html), where the browser finds it with the page's first bytes
        # rather than after the whole page; deferred, it still runs once the page is parsed.
        app.add_js_file(SCRIPT, defer="defer")
        context["crossings_head_scripts"] = [script_files.pop()]
