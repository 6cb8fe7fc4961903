"""Every warning the crossings extension gives, declared once: ``crossings.<subtype>``, with its meaning.

Each is logged with ``type="crossings"`` and a subtype of ``Warn``, so that conf.py can silence
one kind (``suppress_warnings = ["crossings.theme"]``) or all of them (``["crossings"]``).
docs/warnings.md lists them (written by ``python -m crossings.reference``).
"""

from __future__ import annotations

from enum import StrEnum

from sphinx.util import logging

TYPE = "crossings"
logger = logging.getLogger("crossings")


class Warn(StrEnum):
    """The subtypes of crossings' warnings; each member's ``__doc__`` says what it means."""

    __doc__: str

    def __new__(cls, value: str, doc: str) -> Warn:
        """A member with its value and its meaning."""
        member = str.__new__(cls, value)
        member._value_ = value
        member.__doc__ = doc
        return member

    # The build
    LOCALE = "locale", "A `locale_dirs` entry Sphinx cannot find: the pages' translations are ignored."
    MEDIA = (
        "media",
        (
            "An image or download refused: it would load from another site, or it lies outside the "
            "page's media folder and source/media/. Its text is shown instead."
        ),
    )
    BOOK = (
        "book",
        (
            "A picture or link a book cannot hold (its file is missing, a picture type the PDF or "
            "EPUB cannot show, an anchor the page does not have), left out of that book: its text "
            "is kept."
        ),
    )
    RAW = "raw", "Raw HTML or LaTeX removed from a page: pages publish no raw markup."
    MATH = "math", "A formula MathML and LaTeX cannot take, shown as its TeX source instead."
    LIST = "list", "A `crossings-list` directive names a type, theme, country or event that is not known."
    CORPUS = "corpus", "A restricted document reached a public build; it is left out of the search corpus."
    ROUTES = "routes", "A migration-route diagram could not be drawn (Graphviz failed); the page has none."
    # Front matter of a document, by field
    METADATA = "metadata", "The front matter is missing, is not a mapping, or has a field not listed here."
    ID = "id", "The id is missing, malformed, differs from the file name, or two documents share it."
    FILE = "file", "The `file` field (the original under reports/) is missing or not a path inside reports/."
    TITLE = "title", "The `title` field is missing or holds forbidden characters."
    TYPE = "type", "The `type` is missing or not one of the document types."
    EVENT = "event", "The `event` is not in vocabularies/events.csv."
    SESSION = "session", "The `session` is not in vocabularies/sessions.csv or not of the document's event."
    COUNTRY = "country", "A country of `countries` is not in the country vocabulary."
    THEME = "theme", "A theme of `themes` is not in the theme vocabulary."
    AUTHORS = "authors", "The `authors` field is not a list of names, or a name holds forbidden characters."
    ORGANISATIONS = (
        "organisations",
        ("The `organisations` field is not a list of names, or a name holds forbidden characters."),
    )
    LANGUAGE = "language", "The `language` is missing, not a BCP 47 tag, or not in the language vocabulary."
    DATE = "date", "The `date` is not YYYY, YYYY-MM or YYYY-MM-DD, or names a day its month does not have."
    ACCESS = "access", "The `access` is not public or restricted."
    ROUTE = "route", "A chain of `routes` is malformed or names an unknown country."
    ENCODING = "encoding", "The `encoding` field is a list, or holds forbidden characters."
    SUMMARY = "summary", "The `summary` field holds forbidden characters."
    SOURCE = "source", "The `source` provenance block (original, sha256, converter) is malformed."

    @classmethod
    def for_field(cls, name: str | None) -> Warn:
        """The subtype of a problem with front-matter field *name* (``countries`` -> ``country``)."""
        by_field = {member.value: member for member in FIELD_WARNINGS}
        by_field.update(countries=cls.COUNTRY, themes=cls.THEME, routes=cls.ROUTE)
        return by_field.get(name or "", cls.METADATA)

    @property
    def suppress(self) -> str:
        """What ``suppress_warnings`` takes to silence this kind."""
        return f"{TYPE}.{self.value}"


# The subtypes that stand for a front-matter field (the others are the build's).
FIELD_WARNINGS = frozenset(Warn) - {
    Warn.LOCALE,
    Warn.MEDIA,
    Warn.BOOK,
    Warn.RAW,
    Warn.MATH,
    Warn.LIST,
    Warn.CORPUS,
    Warn.ROUTES,
}


def warn(subtype: Warn, message: str, *args: object, location: object = None) -> None:
    """Log a crossings warning of *subtype* (at *location*: a node, a docname or (docname, line))."""
    logger.warning(message, *args, type=TYPE, subtype=subtype.value, location=location)
