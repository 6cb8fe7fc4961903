"""Site safety and weight: no raw HTML, no file inclusion, no copied outside files, no third-party loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform

from crossings.sphinx.confpy import chosen, set_default
from crossings.sphinx.warnings import Warn, warn

_ = get_translation("crossings")


HERE = Path(__file__).resolve().parent
# Defaults the archive needs; conf.py may still set any of them.
DEFAULTS: dict[str, Any] = {
    "html_theme": "furo",
    "html_copy_source": False,
    "html_show_sourcelink": False,
    "html_math_renderer": "crossings",
    "html_permalinks_icon": "#",
}
FURO_SIDEBARS = [
    "sidebar/brand.html",
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "crossings/sidebar-browse.html",
    "sidebar/navigation.html",
    "sidebar/scroll-end.html",
]
# Markdown-it rules that would pass HTML through to the page.
RAW_HTML_SYNTAX = ("html_block", "html_inline")
SHARED_MEDIA = "media"


def configure(app: Sphinx, config: Config) -> None:
    """config-inited: safe defaults, and the extension's templates and static files."""
    for name, value in DEFAULTS.items():
        set_default(app, name, value)
    if not chosen(app, "html_sidebars") and config.html_theme == "furo":
        config.html_sidebars = {"**": FURO_SIDEBARS}
    if "myst_disable_syntax" in config:
        disabled = list(config.myst_disable_syntax)
        config.myst_disable_syntax = [*disabled, *(rule for rule in RAW_HTML_SYNTAX if rule not in disabled)]
    config.templates_path = [str(HERE / "templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def docutils_settings(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: forbid ``raw`` and file inclusion (include, literalinclude, csv-table :file:)."""
    env.settings["raw_enabled"] = False
    env.settings["file_insertion_enabled"] = False


def allowed_folders(srcdir: Path, docname: str) -> tuple[Path, ...]:
    """Where a page may take images and downloads from: its own media folder and source/media/."""
    return ((srcdir / docname).resolve(), (srcdir / SHARED_MEDIA).resolve())


def _target(srcdir: Path, docname: str, uri: str) -> Path:
    """The file a relative or source-absolute (/...) URI points at."""
    if uri.startswith("/"):
        return (srcdir / uri.lstrip("/")).resolve()
    return (srcdir / docname).parent.joinpath(uri).resolve()


def _remote(uri: str) -> bool:
    """True for URIs the reader's browser would fetch from another site."""
    return "://" in uri or uri.startswith("//")


def _refuse(node: nodes.Element, uri: str, why: str, docname: str) -> None:
    """Replace *node* by its text and say why."""
    warn(Warn.MEDIA, _("%s %r refused: %s"), node.tagname, uri, why, location=node)
    text = node.get("alt", "") if isinstance(node, nodes.image) else node.astext()
    node.replace_self(nodes.inline("", text, classes=["crossings-refused"]) if text else [])


def check_media(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read (before Sphinx collects images): keep only files from the page's media folders."""
    env = app.env
    docname = env.current_document.docname
    srcdir = Path(env.srcdir).resolve()
    folders = allowed_folders(srcdir, docname)
    for node in list(doctree.findall(nodes.image)):
        uri = node["uri"]
        if uri.startswith("data:"):
            continue
        if _remote(uri):
            _refuse(node, uri, _("pages must not load anything from other sites"), docname)
        elif not any(_target(srcdir, docname, uri).is_relative_to(f) for f in folders):
            _refuse(node, uri, _("only files in %s/ or %s/ are published") % (docname, SHARED_MEDIA), docname)
    for ref in list(doctree.findall(addnodes.download_reference)):
        uri = ref.get("reftarget", "")
        if _remote(uri):
            continue  # a plain link to another site loads nothing by itself
        if not any(_target(srcdir, docname, uri).is_relative_to(f) for f in folders):
            _refuse(ref, uri, _("only files in %s/ or %s/ are published") % (docname, SHARED_MEDIA), docname)


class DropRawMarkup(SphinxTransform):
    """No raw HTML or LaTeX reaches any output, however it got into the doctree (a page's own
    parser settings, a directive of another extension): it could load from other sites."""

    default_priority = 790

    def apply(self, **kwargs: object) -> None:
        """Remove every raw node, with a warning at its line."""
        for node in list(self.document.findall(nodes.raw)):
            warn(
                Warn.RAW,
                _("raw %s markup removed: pages publish no raw markup"),
                node.get("format", ""),
                location=node,
            )
            node.parent.remove(node)
