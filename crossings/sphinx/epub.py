"""The e-book proceedings: Sphinx's EPUB builder with the book's root, metadata and a cover."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Set as AbstractSet
from html import escape
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.epub3 import Epub3Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from crossings.languages import folder
from crossings.settings import Settings
from crossings.sphinx.book import word
from crossings.sphinx.confpy import set_default
from crossings.sphinx.imprint import imprint, local_era
from crossings.sphinx.latex import MASTER_DOC, event_lines
from crossings.sphinx.vocab import ui_language, vocabularies

COVER = "_static/crossings-cover.svg"
# The site's home page of each e-book build, whose root the proceedings replace.
_SITE_ROOTS: WeakKeyDictionary[Builder, str] = WeakKeyDictionary()
_MANIFEST_ITEM = re.compile(
    r'<item id="[^"]*" href="(?P<href>[^"]+\.xhtml)" media-type="application/xhtml\+xml" />'
)
# The opening tag of a page's root element (Sphinx's epub theme gives it no language).
_HTML_TAG = re.compile(r"<html\b[^>]*>")


class ProceedingsEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder; pages holding a formula are declared as MathML in the manifest."""

    def init(self) -> None:
        """Sphinx's builder, with the names of the contents and the cover in the book's language
        (Sphinx writes them in English whatever the language)."""
        super().init()
        lang = ui_language(self.config)
        self.guide_titles = {"toc": word("contents", lang), "cover": word("cover", lang)}

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        """Sphinx's, without the site's pages of documents by country and by theme (the domain's
        indices): Sphinx put them in the reading order after the book's own indices, a second
        index of each in another order, typewriter type and letter headings (Thai ones under
        leading vowels). A page left by an earlier build goes too: every file there is packed."""
        super().prepare_writing(docnames)
        for name, *_index in self.domain_indices:
            (Path(self.outdir) / f"{name}{self.out_suffix}").unlink(missing_ok=True)
        self.domain_indices = []

    def build_content(self) -> None:
        """Write content.opf, then mark every page with a <math> element ``properties="mathml"``."""
        super().build_content()
        opf = Path(self.outdir) / "content.opf"
        opf.write_text(_MANIFEST_ITEM.sub(self._declare_mathml, opf.read_text("utf-8")), encoding="utf-8")

    def build_epub(self) -> None:
        """Give every page the book's language (the cover page too, written last), then zip."""
        self._mark_languages()
        super().build_epub()

    def _mark_languages(self) -> None:
        """``lang`` and ``xml:lang`` of the book on the root of every page that has none (a
        document in another language says so on the block that holds it)."""
        lang = escape(ui_language(self.config))
        for page in Path(self.outdir).rglob("*.xhtml"):
            text = page.read_text("utf-8")
            found = _HTML_TAG.search(text)
            if found is None or " lang=" in found.group():
                continue
            tagged = found.group()[:-1].rstrip() + f' lang="{lang}" xml:lang="{lang}">'
            page.write_text(text[: found.start()] + tagged + text[found.end() :], encoding="utf-8")

    def _declare_mathml(self, item: re.Match[str]) -> str:
        """The manifest item, with properties="mathml" when its page has a formula."""
        page = Path(self.outdir) / item.group("href")
        if page.is_file() and "<math " in page.read_text("utf-8"):
            return item.group().replace(" />", ' properties="mathml" />')
        return item.group()


def identifier(config: Config, lang: str, edition: str) -> str:
    """The e-book's identifier: the same for every build of one archive, language and edition,
    different for any other. An XML name, as the NCX uid that must equal it is one.

    The archive is known by its address (``crossings_base_url``) when it has one, else by its
    title and author, never by a path of the machine that built it.
    """
    known_as = Settings.from_config(config).base_url or f"{config.project}\n{config.author}"
    digest = hashlib.sha256(known_as.encode("utf-8")).hexdigest()[:12]
    slug = re.sub(r"[^a-z0-9]+", "-", str(config.project).lower()).strip("-")[:40].strip("-")
    return f"crossings-{slug or 'proceedings'}-{digest}-{folder(lang)}-{edition}"


def configure(app: Sphinx, config: Config) -> None:
    """EPUB metadata and options (conf.py may override any of them)."""
    lang = ui_language(config)
    found = imprint(config, lang)
    uid = identifier(config, lang, Settings.from_config(config).edition)
    set_default(app, "epub_title", found.title)
    set_default(app, "epub_description", found.description)
    set_default(app, "epub_basename", "proceedings")
    set_default(app, "epub_author", config.author)
    set_default(app, "epub_contributor", found.publisher)
    set_default(app, "epub_publisher", found.publisher)
    set_default(app, "epub_language", lang)
    # epubcheck wants the NCX uid (epub_uid, an XML name) to equal the OPF identifier.
    set_default(app, "epub_identifier", uid)
    set_default(app, "epub_scheme", "")
    set_default(app, "epub_uid", uid)
    set_default(app, "epub_copyright", found.licence)
    set_default(app, "epub_cover", (COVER, "epub-cover.html"))
    set_default(app, "epub_tocdepth", 3)
    set_default(app, "epub_tocscope", "includehidden")  # the book's toctrees are hidden
    set_default(app, "epub_show_urls", "no")
    set_default(app, "epub_use_index", False)  # the book's own index of names (book/index-names)
    set_default(app, "epub_theme", "epub")


def cover_svg(title: str, lines: list[str]) -> str:
    """A plain cover: the title and the event, as SVG text (no fonts or images to fetch)."""
    head = '<text x="300" y="260" font-size="34" font-weight="bold" text-anchor="middle">'
    rows = [f"{head}{escape(title[:60])}</text>"]
    if len(title) > 60:
        rows.append(
            f'<text x="300" y="305" font-size="26" text-anchor="middle">{escape(title[60:120])}</text>'
        )
    for number, line in enumerate(lines[:3]):
        rows.append(
            f'<text x="300" y="{420 + 40 * number}" font-size="22" text-anchor="middle">{escape(line)}</text>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800" viewBox="0 0 600 800">\n'
        '<rect width="600" height="800" fill="#24324a"/>\n<g fill="#ffffff" font-family="serif">\n'
        + "\n".join(rows)
        + "\n</g>\n</svg>\n"
    )


def book_root(app: Sphinx) -> None:
    """builder-inited: make the generated proceedings the e-book's root and write its cover.

    Set here, after the environment was loaded, so the shared doctrees are not invalidated.
    """
    if app.builder.name != "epub":
        return
    if (Path(app.srcdir) / f"{MASTER_DOC}.md").is_file():
        _SITE_ROOTS[app.builder] = app.config.root_doc
        app.config.root_doc = app.config.master_doc = MASTER_DOC
    if not app.config.version:
        app.config.version = str(app.config.release or "1")  # ibooks:version must not be empty
    # Sphinx lists a cover page left by the previous build twice in the spine; write it afresh.
    (Path(app.outdir) / "epub-cover.xhtml").unlink(missing_ok=True)
    if app.config.epub_cover and app.config.epub_cover[0] == COVER:
        lang = ui_language(app.config)
        event = Settings.from_config(app.config).event
        lines, _footer = event_lines(vocabularies(app.config), event, lang, local_era(app.config))
        cover = Path(app.outdir) / COVER
        cover.parent.mkdir(parents=True, exist_ok=True)
        cover.write_text(cover_svg(imprint(app.config, lang).title, lines), encoding="utf-8")


def site_root_outside_the_book(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: the site's home page is not part of the e-book, whose root is the
    proceedings; mark it an orphan rather than have Sphinx warn that no toctree includes it."""
    site_root = _SITE_ROOTS.get(app.builder)
    if site_root and site_root in env.all_docs:
        env.metadata[site_root]["orphan"] = True


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the e-book configuration."""
    app.setup_extension("crossings.sphinx.latex")
    app.setup_extension("crossings.sphinx.booklinks")  # no links to other sites in the books
    app.setup_extension("crossings.sphinx.bookgaps")  # no missing picture or anchor stops a book
    app.add_builder(ProceedingsEpubBuilder, override=True)
    app.connect("config-inited", configure, priority=600)
    app.connect("builder-inited", book_root)
    app.connect("env-updated", site_root_outside_the_book)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
