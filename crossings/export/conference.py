"""The conference and its publisher, as the books name them, read outside a build.

The same sources as the books' title page (crossings.sphinx.imprint): the imprint settings of
conf.py in one language, and the book's event (``crossings_event``, else the first of
vocabularies/events.csv) with its label, place and dates, every withheld name of redactions.csv
replaced as the public edition replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from crossings.archive import Archive
from crossings.catalog import Vocabularies
from crossings.catalog.parse import split_list
from crossings.languages import Language
from crossings.locales import archive_settings
from crossings.redact.apply import withhold_vocabularies
from crossings.settings import PREFIX, Imprint, Settings, in_language, language_key
from crossings.sphinx.withhold import archive_names


@dataclass(frozen=True)
class Conference:
    """What an export says about the conference, the archive and who publishes it."""

    settings: Settings
    imprint: Imprint
    event: str  # the event id ('' when the vocabulary has none)
    name: str  # the event's label in the language
    place: str
    start: str  # ISO dates ('' when unknown)
    end: str
    organisers: tuple[str, ...]
    # Where each value was read ("name", "place", "organisers", "start", "end", "event", "title",
    # "publisher", "publisher_place", "year"): a file's row and column, or a conf.py setting.
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def read_conference(archive: Archive, language: Language) -> Conference:
    """The conference and imprint of *archive* in *language*."""
    config, chosen = archive_settings(archive)
    vocab = withhold_vocabularies(
        Vocabularies.load(archive.vocabularies), archive_names(str(archive.root)), language.tag
    )
    event = chosen.event or next((term.id for term in vocab.events), "")
    term = vocab.events.terms.get(event)
    attrs = term.attrs if term is not None else {}
    publisher = "" if chosen.publisher else ", ".join(split_list(attrs.get("publisher", "")))
    found = chosen.imprint(
        language.tag, str(config.project), publisher or str(config.author), str(config.copyright)
    )
    places = {key.removeprefix("place_"): value for key, value in attrs.items() if key.startswith("place_")}
    conf = str(archive.root / "conf.py")
    if term is not None:
        row = f"{vocab.events.path}, row {term.row} (line {term.line}), column"
        name_column = term.label_column(language.tag)
        place_key = language_key(places, language.tag)
        cells = {
            "name": f"{row} {name_column}",
            "place": f"{row} {'place_' + place_key if place_key is not None else 'place'}",
            "organisers": f"{row} organisers",
            "start": f"{row} start",
            "end": f"{row} {'end' if attrs.get('end') else 'start'}",
            "event": f"{conf}, setting {PREFIX}event" if chosen.event else f"{row} id",
        }
    else:
        cells = {"event": f"{conf}, setting {PREFIX}event"}
    title = f"{conf}, setting {PREFIX}title" if chosen.title else f"{conf}, setting project"
    settings_of = {
        "name": title,  # a deposit names the conference by the proceedings' title when it has no label
        "title": title,
        "publisher": (
            f"{conf}, setting {PREFIX}publisher"
            if chosen.publisher
            else f"{vocab.events.path}, row {term.row} (line {term.line}), column publisher"
            if publisher and term is not None
            else f"{conf}, setting author"
        ),
        "publisher_place": f"{conf}, setting {PREFIX}publisher_place",
        "year": f"{conf}, setting {PREFIX}publisher_year" if chosen.publisher_year else cells.get("end", ""),
    }
    return Conference(
        sources=MappingProxyType(settings_of | cells),
        settings=chosen,
        imprint=found,
        event=event,
        name=term.label(language.tag) if term is not None else "",
        place=in_language(places, language.tag, attrs.get("place", "")),
        start=attrs.get("start", ""),
        end=attrs.get("end", "") or attrs.get("start", ""),
        organisers=split_list(attrs.get("organisers", "")),
    )
