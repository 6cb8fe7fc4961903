"""Browse pages (countries, themes, events, types, languages, routes) generated at html-collect-pages.

They are rendered from the domain on every build, so they are never stale and never written to
source/. A hand-written page with the same name wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import get_translation

from crossings.catalog import Route
from crossings.errors import CrossingsError
from crossings.languages import collation_key
from crossings.sphinx import citelinks, manifest
from crossings.sphinx import markup as m
from crossings.sphinx.domain import Entry, get_domain
from crossings.sphinx.graph import prune_cache, render_many, render_svg, route_dot
from crossings.sphinx.view import ArchiveView, _number
from crossings.sphinx.vocab import ui_language, vocabularies
from crossings.sphinx.warnings import Warn, warn

_ = get_translation("crossings")

PageSpec = tuple[str, dict[str, Any], str]
BUILDERS = ("html", "dirhtml")


def archive_view(app: Sphinx) -> ArchiveView:
    """The documents of this build, with the vocabularies in the build's language."""
    domain = get_domain(app.env)
    return ArchiveView(list(domain.documents.values()), vocabularies(app.config), ui_language(app.config))


def country_page(code: str) -> str:
    """Page name of a country."""
    return f"countries/{code.lower()}"


@dataclass
class Pages:
    """Renders the browse pages of one build."""

    app: Sphinx
    view: ArchiveView
    svgs: dict[str, str] = field(default_factory=dict)

    def uri(self, page: str, target: str) -> str:
        """Relative URI from *page* to *target* (a document or generated page)."""
        return self.app.builder.get_relative_uri(page, target)

    def docs(self, page: str, entries: list[Entry]) -> str:
        """A list of documents linked from *page*."""
        return m.document_list(entries, lambda docname: self.uri(page, docname))

    def by_type(self, page: str, entries: list[Entry], level: int = 3) -> str:
        """Documents grouped under their type's heading (of *level*: one below the page's section
        heading, so that no level is skipped), in the types' order."""
        html = ""
        for type_id in self.type_order({e.meta.type for e in entries}):
            group = [e for e in entries if e.meta.type == type_id]
            html += m.heading(level, self.view.label("types", type_id)) + self.docs(page, group)
        return html

    def type_order(self, type_ids: set[str]) -> list[str]:
        """Type ids in the vocabulary's order column, unknown ones last."""
        order = {t.id: _number(t.attrs.get("order", "")) for t in self.view.vocab.types}
        return sorted(type_ids, key=lambda t: (order.get(t, float("inf")), t))

    def countries_index(self) -> PageSpec:
        """Countries grouped by region, each with its number of documents."""
        page, view = "countries/index", self.view
        counts = view.counts("countries")
        on_routes = {stop for route in view.routes() for stop in route.stops}
        regions = sorted(view.vocab.regions, key=lambda t: (_number(t.attrs.get("order", "")), t.id))
        region_ids = [t.id for t in regions]
        known = set(counts) | on_routes
        body = ""
        for region in [*region_ids, ""]:
            codes = [
                c
                for c in known
                if self._region(c) == region or (not region and self._region(c) not in region_ids)
            ]
            if not codes:
                continue
            key = collation_key(view.lang)
            codes.sort(key=lambda c: key(view.label("countries", c)))
            rows = [
                m.link(self.uri(page, country_page(c)), view.label("countries", c))
                + f' <span class="crossings-count">({counts.get(c, 0)})</span>'
                for c in codes
            ]
            title = view.label("regions", region) if region else _("Other")
            body += m.section(f"region-{region or 'other'}", m.heading(2, title) + m.items(rows))
        return self._page(page, _("Countries"), body)

    def _region(self, code: str) -> str:
        """The region id of a country, '' when unknown."""
        term = self.view.vocab.countries.terms.get(code)
        return term.attrs.get("region", "") if term else ""

    def country(self, code: str) -> PageSpec:
        """One country: documents by type, routes through it, its themes."""
        page, view = country_page(code), self.view
        entries = view.where(country=[code])
        body = m.section(
            "documents",
            m.heading(2, _("Documents"))
            + (self.by_type(page, entries) or m.paragraph(_("No documents yet."))),
        )
        routes = view.routes_of(code)
        if routes:
            diagram = self.diagram(page, routes, highlight=code)
            body += m.section(
                "routes", m.heading(2, _("Migration routes")) + diagram + self.route_table(page, routes)
            )
        themes = Counter(theme for entry in entries for theme in entry.meta.themes)
        if themes:
            rows = [
                m.link(self.uri(page, f"themes/{t}"), view.label("themes", t)) + f" ({n})"
                for t, n in sorted(themes.items(), key=lambda item: (-item[1], item[0]))
            ]
            body += m.section("themes", m.heading(2, _("Themes")) + m.items(rows))
        return self._page(page, view.label("countries", code), body)

    def themes_index(self) -> PageSpec:
        """Every theme with its description and number of documents."""
        page, view = "themes/index", self.view
        counts = view.counts("themes")
        rows = [
            m.link(self.uri(page, f"themes/{t.id}"), t.label(view.lang))
            + f' <span class="crossings-count">({counts.get(t.id, 0)})</span>'
            + (
                f'<br><span class="crossings-description">{escape(t.description(view.lang))}</span>'
                if t.description(view.lang)
                else ""
            )
            for t in view.vocab.themes
        ]
        return self._page(page, _("Themes"), m.items(rows, "crossings-themes"))

    def theme(self, theme_id: str) -> PageSpec:
        """One theme: its description and documents by type."""
        page, view = f"themes/{theme_id}", self.view
        term = view.vocab.themes.terms.get(theme_id)
        body = (
            m.paragraph(term.description(view.lang), "crossings-description")
            if term and term.description(view.lang)
            else ""
        )
        entries = view.where(theme=[theme_id])
        body += self.by_type(page, entries, level=2) or m.paragraph(_("No documents yet."))
        return self._page(page, view.label("themes", theme_id), body)

    def events_index(self) -> PageSpec:
        """Every event with its place and dates."""
        page, view = "events/index", self.view
        rows = [
            m.link(self.uri(page, f"events/{t.id}"), t.label(view.lang))
            + (f' <span class="crossings-note">{escape(_when(t.attrs))}</span>' if _when(t.attrs) else "")
            for t in view.vocab.events
        ]
        return self._page(page, _("Events"), m.items(rows) or m.paragraph(_("No events yet.")))

    def event(self, event_id: str) -> PageSpec:
        """One event: its sessions in order, each with its documents, then the rest."""
        page, view = f"events/{event_id}", self.view
        term = view.vocab.events.terms.get(event_id)
        body = m.paragraph(_when(term.attrs), "crossings-note") if term and _when(term.attrs) else ""
        if term and term.attrs.get("organisers"):
            body += m.paragraph(
                _("Organised by %s") % ", ".join(o.strip() for o in term.attrs["organisers"].split(";"))
            )
        for session in view.sessions_of(event_id):
            entries = view.where(event=event_id, session=session)
            attrs = view.vocab.sessions[session].attrs
            title = view.label("sessions", session) + (f" ({attrs['date']})" if attrs.get("date") else "")
            body += m.section(
                f"session-{session}",
                m.heading(2, title) + (self.docs(page, entries) or m.paragraph(_("No documents yet."))),
            )
        rest = [e for e in view.where(event=event_id) if not e.meta.session]
        if rest:
            body += m.section(
                "other-documents", m.heading(2, _("Other documents")) + self.by_type(page, rest)
            )
        return self._page(page, view.label("events", event_id), body)

    def simple_index(self, folder: str, vocabulary: str, attribute: str, title: str) -> PageSpec:
        """An index of the values of *attribute* that documents use, with counts."""
        page, view = f"{folder}/index", self.view
        counts = view.counts(attribute)
        values = (
            self.type_order(set(counts))
            if vocabulary == "types"
            else sorted(counts, key=lambda v: collation_key(view.lang)(view.label(vocabulary, v)))
        )
        rows = [
            m.link(self.uri(page, f"{folder}/{v}"), view.label(vocabulary, v))
            + f' <span class="crossings-count">({counts[v]})</span>'
            for v in values
        ]
        return self._page(page, title, m.items(rows))

    def type_page(self, type_id: str) -> PageSpec:
        """Every document of one type."""
        page = f"types/{type_id}"
        return self._page(
            page, self.view.label("types", type_id), self.docs(page, self.view.where(type=type_id))
        )

    def language_page(self, language: str) -> PageSpec:
        """Every document written in one language."""
        page = f"languages/{language}"
        return self._page(
            page, self.view.label("languages", language), self.docs(page, self.view.where(language=language))
        )

    def routes_page(self) -> PageSpec:
        """All routes: one diagram and a table with the documents describing each."""
        page, routes = "routes", self.view.routes()
        if not routes:
            return self._page(page, _("Migration routes"), m.paragraph(_("No routes yet.")))
        body = self.diagram(page, routes) + self.route_table(page, routes)
        return self._page(page, _("Migration routes"), body)

    def diagram_source(self, page: str, routes: dict[Route, list[Entry]], highlight: str = "") -> str:
        """DOT source of the diagram of *routes* on *page*, nodes linking to country pages."""
        view = self.view
        return route_dot(
            routes,
            lambda c: view.label("countries", c),
            lambda c: self.uri(page, country_page(c)),
            _("Migration routes"),
            highlight,
        )

    def draw_all(self, countries: list[str]) -> None:
        """Draw every diagram of this build at once (one Graphviz process for all that changed)."""
        routes = self.view.routes()
        sources = [self.diagram_source("routes", routes)] if routes else []
        sources += [self.diagram_source(country_page(c), self.view.routes_of(c), c) for c in countries]
        try:
            self.svgs = render_many(sources, self.cache)
        except CrossingsError as exc:
            warn(Warn.ROUTES, "%s", exc)
        prune_cache(self.cache, sources)

    @property
    def cache(self) -> Path:
        """Where drawn diagrams are kept between builds (beside the doctrees, outside the output)."""
        return Path(self.app.doctreedir) / "crossings-routes"

    def diagram(self, page: str, routes: dict[Route, list[Entry]], highlight: str = "") -> str:
        """Inline SVG of *routes*, nodes linking to country pages."""
        source = self.diagram_source(page, routes, highlight)
        svg = self.svgs.get(source)
        if svg is None:
            try:
                svg = render_svg(source, self.cache)
            except CrossingsError as exc:
                warn(Warn.ROUTES, "%s", exc, location=page)
                return ""
        title = escape(_("Migration routes"))
        alternative = escape(_("Migration routes: a diagram of the routes the table below lists"))
        svg = svg.replace('<svg role="img"', f'<svg role="img" aria-label="{alternative}"', 1)
        counted = escape(
            _("The number on an arrow is how many documents describe that hop (a document counts once).")
        )
        return (
            f'<figure class="crossings-routes" tabindex="0" aria-label="{title}">\n{svg}\n'
            f"<figcaption>{counted}</figcaption>\n</figure>\n"
        )

    def route_table(self, page: str, routes: dict[Route, list[Entry]]) -> str:
        """A table: origin, transit, destination, documents."""
        view = self.view

        def country(code: str) -> str:
            return m.link(self.uri(page, country_page(code)), view.label("countries", code))

        rows = [
            [
                country(route.origin),
                ", ".join(country(c) for c in route.transit) or "–",
                country(route.destination),
                "<br>".join(m.link(self.uri(page, e.docname), e.meta.title) for e in entries),
            ]
            for route, entries in routes.items()
        ]
        head = [_("Origin"), _("Transit"), _("Destination"), _("Documents")]
        return m.table(head, rows, "crossings-routes-table")

    def hub(self) -> PageSpec:
        """The browse hub: links to every index."""
        page = "browse"
        rows = [m.link(self.uri(page, target), text) for target, text in browse_links(self.view)]
        body = m.items(rows, "crossings-browse")
        if self.view.entries:  # the whole archive's citation files (crossings.sphinx.citeall)
            body += citelinks.archive_html(self.app, page)
        return self._page(page, _("Browse the archive"), body)

    def _page(self, page: str, title: str, body: str) -> PageSpec:
        """A page spec for html-collect-pages."""
        html = m.section(page.replace("/", "-"), m.heading(1, title) + body)
        context = {"title": title, "body": html, "crossings_generated": True, "display_toc": False, "toc": ""}
        return page, context, "page.html"


def _when(attrs: dict[str, str]) -> str:
    """ "Place, start–end" of an event ('' when unknown)."""
    dates = "–".join(d for d in (attrs.get("start", ""), attrs.get("end", "")) if d)
    return ", ".join(b for b in (attrs.get("place", ""), dates) if b)


def browse_links(view: ArchiveView) -> list[tuple[str, str]]:
    """(page, label) of the browse indices, for the hub, the sidebar and the home page."""
    links = [("countries/index", _("Countries")), ("themes/index", _("Themes"))]
    if len(view.vocab.events):
        links.append(("events/index", _("Events")))
    links += [
        ("types/index", _("Document types")),
        ("languages/index", _("Languages")),
        ("routes", _("Migration routes")),
    ]
    return links


def all_pages(pages: Pages) -> Iterator[PageSpec]:
    """Every browse page of the archive."""
    view = pages.view
    yield pages.hub()
    yield pages.countries_index()
    on_routes = {stop for route in view.routes() for stop in route.stops}
    countries = set(view.counts("countries")) | on_routes
    pages.draw_all(sorted(on_routes))
    for code in sorted(countries):
        yield pages.country(code)
    yield pages.themes_index()
    for theme in sorted({t.id for t in view.vocab.themes} | set(view.counts("themes"))):
        yield pages.theme(theme)
    yield pages.events_index()
    for event in sorted({t.id for t in view.vocab.events} | set(view.counts("event"))):
        yield pages.event(event)
    yield pages.simple_index("types", "types", "type", _("Document types"))
    for type_id in sorted(view.counts("type")):
        yield pages.type_page(type_id)
    yield pages.simple_index("languages", "languages", "language", _("Languages"))
    for language in sorted(view.counts("language")):
        yield pages.language_page(language)
    yield pages.routes_page()


def _specs(app: Sphinx) -> Iterator[PageSpec]:
    """The page specs this build yields, minus those a hand-written page replaces."""
    if app.builder.name not in BUILDERS:
        return
    pages = Pages(app, archive_view(app))
    for spec in all_pages(pages):
        if spec[0] in app.env.found_docs:
            continue  # a hand-written page with the same name wins
        yield spec


def collect_pages(app: Sphinx) -> Iterator[PageSpec]:
    """html-collect-pages: yield the browse pages whose content changed since the last build."""
    outdir = Path(app.outdir)
    previous = manifest.read(outdir)
    digests = {}
    for spec in _specs(app):
        name, context, _template = spec
        digests[name] = manifest.digest(app, context)
        target = outdir / f"{name}{app.builder.out_suffix}"  # type: ignore[attr-defined]
        if previous.get(name) == digests[name] and target.is_file():
            continue  # the same page is already there
        yield spec
    manifest.note(app, digests)
