"""Who publishes the archive, in the build's language: one answer for the books, the citations
and the pages' citation metadata.

The settings say it (``crossings_title``, ``crossings_publisher``, ``crossings_publisher_place``,
``crossings_publisher_year``, ``crossings_licence``, ``crossings_description``); an archive made
before those settings existed may still name a publisher in the ``publisher`` column of
vocabularies/events.csv, which stands in when the settings name none; Sphinx's ``author`` last.
"""

from __future__ import annotations

from sphinx.config import Config

from crossings.languages import BY_TAG, find
from crossings.settings import Imprint, Settings
from crossings.sphinx.vocab import ui_language, vocabularies


def event_id(config: Config) -> str:
    """The event the books name: the setting's, else the first of the vocabulary."""
    chosen = Settings.from_config(config).event
    return chosen or next((term.id for term in vocabularies(config).events), "")


def _event_publisher(config: Config) -> str:
    """The ``publisher`` cell of the book's event (older archives), as readable text."""
    term = vocabularies(config).events.terms.get(event_id(config))
    cell = term.attrs.get("publisher", "") if term is not None else ""
    return ", ".join(part.strip() for part in cell.split(";") if part.strip())


def imprint(config: Config, lang: str | None = None) -> Imprint:
    """The archive's title, description, publisher, place, year and licence in *lang* (default:
    the build's interface language)."""
    chosen = Settings.from_config(config)
    lang = lang or ui_language(config)
    author = _event_publisher(config) if not chosen.publisher else ""
    return chosen.imprint(lang, str(config.project), author or str(config.author), str(config.copyright))


def local_era(config: Config) -> bool:
    """Whether dates are written in the language's own era (the Buddhist era of Thai)."""
    return Settings.from_config(config).buddhist_era


def date(config: Config, iso: str, lang: str | None = None) -> str:
    """A catalogue date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) written the way of *lang*."""
    language = find(lang or ui_language(config)) or BY_TAG["en"]
    return language.date(iso, local_era(config))
