"""build-finished of an HTML build: the archive's OAI-PMH records and its Static Repository file.

Writes ``build/<edition>/oai/<lang>.json`` (outside the published output; ``crossings serve``
answers ``/oai`` from it, crossings.web.oai) and, when ``crossings_base_url`` and
``crossings_oai_admin_email`` are set, ``oai-static.xml`` at the root of the language's site
(crossings.oai.static). Records are made from the documents this build published, in its
interface language: labels of themes, countries, types and events, the imprint's publisher and
licence, the page's absolute address.
A restricted document never becomes a record of the public edition. Datestamps come from the
previous records file (crossings.oai.ledger): unchanged records keep theirs.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

from crossings import atomic
from crossings.catalog.vocab import TERM_ID
from crossings.oai import dates, ledger
from crossings.oai.protocol import NO_CONTACT, admin_email
from crossings.oai.repository import BadRecords, Field, Record, Repository, SetInfo, read
from crossings.oai.static import FILE_NAME, static_repository
from crossings.settings import settings
from crossings.sphinx import address
from crossings.sphinx.corpus import CorpusDomain
from crossings.sphinx.domain import Entry
from crossings.sphinx.head import shown_meta, write_if_changed
from crossings.sphinx.imprint import imprint
from crossings.sphinx.pages import BUILDERS
from crossings.sphinx.resolve import view_of
from crossings.sphinx.view import ArchiveView
from crossings.sphinx.vocab import ui_language

_ = get_translation("crossings")
logger = logging.getLogger(__name__)
# The set families: setSpec prefix, vocabulary, and the msgid of their name.
FAMILIES = (("country", "countries", "Countries"), ("theme", "themes", "Themes"))
SINGLE = (("event", "events", "Events"), ("type", "types", "Document types"))


def records_path(outdir: Path) -> Path:
    """``build/<edition>/oai/<lang>.json`` for ``build/<edition>/html/<lang>``; beside other outdirs."""
    if outdir.parent.name == "html":
        return outdir.parent.parent / "oai" / f"{outdir.name}.json"
    return outdir.parent / "oai" / f"{outdir.name}.json"


def spec_value(term: str) -> str:
    """A vocabulary term as the last part of a setSpec (``TH`` -> ``th``)."""
    return term.lower()


def is_code(term: str) -> bool:
    """True for a term that can be a set: one a vocabulary can hold (crossings.catalog.vocab.TERM_ID).
    A front matter naming another (a space, a colon: the build warns) puts its document in no set
    of that name, rather than in a setSpec the schema refuses or under a parent no ListSets names."""
    return TERM_ID.fullmatch(term) is not None


def sets_of(entry: Entry) -> tuple[str, ...]:
    """The setSpecs of a document."""
    meta = entry.meta
    specs = [f"country:{spec_value(c)}" for c in meta.countries if is_code(c)]
    specs += [f"theme:{spec_value(t)}" for t in meta.themes if is_code(t)]
    specs += [f"event:{spec_value(meta.event)}"] if is_code(meta.event) else []
    specs += [f"type:{spec_value(meta.type)}"] if is_code(meta.type) else []
    return tuple(dict.fromkeys(specs))


def page_url(app: Sphinx, entry: Entry) -> str:
    """The absolute address of a document's page ("" without a base URL), as citations give it."""
    return address.page_url(app, entry.docname)


def fields_of(
    app: Sphinx, view: ArchiveView, entry: Entry, url: str, published_ids: set[str]
) -> tuple[Field, ...]:
    """The Dublin Core fields of a document in the build's language (a page a catalogue translates
    is described as the translation it shows); its translations (published in this edition) are its
    relations."""
    meta, lang = shown_meta(app, entry), ui_language(app.config)
    found = imprint(app.config)
    fields = [Field("title", meta.title, meta.language)]
    fields += [Field("creator", author) for author in meta.authors]
    fields += [Field("subject", view.label("themes", theme), lang) for theme in meta.themes]
    fields += [Field("description", meta.summary)] if meta.summary else []
    fields += [Field("publisher", found.publisher, lang)] if found.publisher else []
    fields += [Field("contributor", organisation) for organisation in meta.organisations]
    fields += [Field("date", meta.date)] if meta.date else []
    fields += [Field("type", "Text"), Field("type", view.label("types", meta.type), lang)]
    fields += [Field("format", "text/html")]
    fields += [Field("identifier", url)] if url else []
    fields += [Field("source", view.label("events", meta.event), lang)] if meta.event else []
    fields += [Field("language", meta.language)]
    others = [other for other in view.translations(entry) if other.meta.id in published_ids]
    fields += [Field("relation", page_url(app, other)) for other in others if page_url(app, other)]
    fields += [Field("coverage", view.label("countries", country), lang) for country in meta.countries]
    fields += [Field("rights", found.licence, lang)] if found.licence else []
    return tuple(fields)


def set_list(view: ArchiveView, entries: list[Entry]) -> tuple[SetInfo, ...]:
    """The sets documents of this build are in, each family first, with their labels."""
    found: list[SetInfo] = []
    for prefix, vocabulary, name in (*FAMILIES, *SINGLE):
        terms: set[str] = set()
        for entry in entries:
            if prefix in ("country", "theme"):
                terms.update(getattr(entry.meta, vocabulary))
            else:
                value = getattr(entry.meta, prefix)
                terms.update([value] if value else [])
        terms = {term for term in terms if is_code(term)}
        if not terms:
            continue
        found.append(SetInfo(prefix, _(name)))
        for term in sorted(terms, key=spec_value):
            found.append(SetInfo(f"{prefix}:{spec_value(term)}", view.label(vocabulary, term)))
    return tuple(found)


def published(app: Sphinx, view: ArchiveView) -> list[Entry]:
    """The documents this build wrote a page for (never a restricted one in the public edition)."""
    public = settings(app).edition == "public"
    found = set(app.env.found_docs)
    return [e for e in view.entries if e.docname in found and not (public and e.meta.restricted)]


def previous_records(path: Path) -> dict[str, Record]:
    """The last build's records by id (none when there is no readable file)."""
    try:
        return {record.id: record for record in read(path).records}
    except (OSError, BadRecords):
        return {}


def build_repository(app: Sphinx, path: Path) -> Repository:
    """The records of this build, stamped against the previous file at *path*."""
    view = view_of(app)
    entries = published(app, view)
    corpus = app.env.get_domain(CorpusDomain.name)
    assert isinstance(corpus, CorpusDomain)
    chosen = settings(app)
    ids = {entry.meta.id for entry in entries}
    made = []
    for entry in sorted(entries, key=lambda e: e.meta.id):
        url = page_url(app, entry)
        record = Record(
            entry.meta.id, "", fields_of(app, view, entry, url, ids), sets_of(entry), entry.meta.access
        )
        text = [part.get("text", "") for part in corpus.records.get(entry.docname, [])]
        made.append(Record(**{**record.__dict__, "digest": ledger.digest(record, text)}))
    stamped = ledger.stamp(made, previous_records(path), dates.stamp(dates.now()))
    return Repository(
        name=imprint(app.config).title,
        admin_email=chosen.oai_admin_email,
        base_url=chosen.base_url.rstrip("/"),
        language=ui_language(app.config),
        records=tuple(stamped),
        sets=set_list(view, entries),
        edition=chosen.edition,
        static_gateway=chosen.oai_static_gateway,
    )


def without_contact(outdir: Path) -> bool:
    """True when the records an HTML build wrote for *outdir* name no contact for harvesters, so
    that OAI-PMH is off (crossings.oai.protocol.NO_CONTACT); False without a readable file."""
    try:
        return not admin_email(read(records_path(outdir)))
    except (OSError, BadRecords):
        return False


def write(app: Sphinx, exception: BaseException | None) -> None:
    """Write the records file and, with a base URL and a contact, the Static Repository file."""
    if exception is not None or app.builder.name not in BUILDERS:
        return
    outdir = Path(app.outdir)
    path = records_path(outdir)
    repository = build_repository(app, path)
    atomic.write_text(path, repository.to_json())
    static = outdir / FILE_NAME
    site = address.site_url(app)
    if site and repository.records and admin_email(repository):
        write_if_changed(static, static_repository(repository, f"{site}{FILE_NAME}").decode("utf-8"))
        return
    static.unlink(missing_ok=True)
    if not admin_email(repository):
        logger.info(f"{FILE_NAME} not written: {NO_CONTACT}")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the writer (after the corpus's, which it reads)."""
    app.setup_extension("crossings.settings")
    app.setup_extension("crossings.sphinx.corpus")
    app.connect("build-finished", write, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
