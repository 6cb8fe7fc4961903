"""A Crossref deposit of the proceedings: one ``conference`` with one ``conference_paper`` per
public document (Crossref's deposit schema 5.3.1).

DOIs are ``<prefix>/<event>`` for the proceedings and ``<prefix>/<event>.<id>`` for each document;
each resolves to the document's page under ``crossings_base_url``. Names: the archive keeps a
person's name as it is written, never split into given and family names (the order and the parts
differ between the region's languages). Crossref's ``person_name`` requires a ``surname`` and has
no element for a whole name; its advice for a person known by a single name is to give that name
as the surname. So each whole name goes into ``surname`` with no ``given_name``, rather than a
guessed split that would misname people; a registrant who knows the parts can split them in the
file before depositing it. A withheld name (its marker in the public edition) is no contributor at all.
Every value is cleaned (crossings.export.clean) and written by the XML writer, so no metadata can
end the document early or add an element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime

from crossings.export.clean import one_line
from crossings.export.conference import Conference
from crossings.export.pages import Pages
from crossings.export.public import PublicDocument, withheld
from crossings.languages import Language

VERSION = "5.3.1"
NAMESPACE = f"http://www.crossref.org/schema/{VERSION}"
SCHEMA = f"https://www.crossref.org/schemas/crossref{VERSION}.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
# Crossref's limit on a surname (a name is deposited whole as one): a longer one stops the export.
NAME_LIMIT = 60
# The schema takes at most ten sponsors (the organisers of the event, here) of a conference.
SPONSORS = 10


@dataclass
class Deposit:
    """The deposit's XML and what it holds."""

    xml: bytes
    batch: str
    papers: list[dict[str, object]] = field(default_factory=list)
    withheld_contributors: int = 0
    long_names: list[str] = field(default_factory=list)  # documents with a name over NAME_LIMIT


def doi(prefix: str, event: str, doc_id: str = "") -> str:
    """``<prefix>/<event>`` (the proceedings) or ``<prefix>/<event>.<id>`` (a document)."""
    return f"{prefix}/{event}.{doc_id}" if doc_id else f"{prefix}/{event}"


def page_url(base: str, language: Language, doc_id: str) -> str:
    """The absolute address of a document's page on the public site (as ``crossings serve`` serves it)."""
    return f"{base.rstrip('/')}/{language.folder}/documents/{doc_id}.html"


def _el(parent: ET.Element, name: str, text: str = "", **attrs: str) -> ET.Element:
    """A child element (in the root's default namespace) with cleaned text and attributes."""
    child = ET.SubElement(parent, name, {k: one_line(v) for k, v in attrs.items()})
    if text:
        child.text = one_line(text)
    return child


def _date_parts(iso: str) -> tuple[str, str, str]:
    """Year, month and day of an ISO date ('' for parts it lacks; all '' when it is not one)."""
    match = _DATE.match(iso.strip())
    return (match.group(1), match.group(2) or "", match.group(3) or "") if match else ("", "", "")


def _publication_date(parent: ET.Element, iso: str) -> None:
    """``publication_date`` (month, day, year in Crossref's order) of an ISO date."""
    year, month, day = _date_parts(iso)
    date = _el(parent, "publication_date", media_type="online")
    if month:
        _el(date, "month", month)
    if day:
        _el(date, "day", day)
    _el(date, "year", year)


def _head(root: ET.Element, conference: Conference, batch: str, stamp: str) -> None:
    """The head: batch id, timestamp, depositor and registrant."""
    head = _el(root, "head")
    _el(head, "doi_batch_id", batch)
    _el(head, "timestamp", stamp)
    depositor = _el(head, "depositor")
    _el(depositor, "depositor_name", conference.settings.depositor_name)
    _el(depositor, "email_address", conference.settings.depositor_email)
    _el(head, "registrant", conference.imprint.publisher)


def _event(parent: ET.Element, conference: Conference) -> None:
    """``event_metadata``: name, organisers (as sponsors), place and dates."""
    event = _el(parent, "event_metadata")
    _el(event, "conference_name", conference.name or conference.imprint.title)
    for organiser in [name for name in conference.organisers if not withheld(name)][:SPONSORS]:
        _el(event, "conference_sponsor", organiser)
    if conference.place:
        _el(event, "conference_location", conference.place)
    start, end = _date_parts(conference.start), _date_parts(conference.end)
    if start[0]:
        attrs = {"start_year": start[0], "end_year": end[0] or start[0]}
        attrs |= {"start_month": start[1], "end_month": end[1]} if start[1] and end[1] else {}
        attrs |= {"start_day": start[2], "end_day": end[2]} if start[2] and end[2] else {}
        span = (
            conference.start if conference.start == conference.end else f"{conference.start}/{conference.end}"
        )
        _el(event, "conference_date", span, **attrs)


def _proceedings(parent: ET.Element, conference: Conference, language: Language, prefix: str) -> None:
    """``proceedings_metadata``: title, publisher, date, no ISBN, the proceedings' DOI."""
    found = conference.imprint
    meta = _el(parent, "proceedings_metadata", language=language.tag.split("-")[0].lower())
    _el(meta, "proceedings_title", found.title)
    publisher = _el(meta, "publisher")
    _el(publisher, "publisher_name", found.publisher)
    if found.place:
        _el(publisher, "publisher_place", found.place)
    _publication_date(meta, found.year or conference.end)
    _el(meta, "noisbn", reason="archive_volume")
    data = _el(meta, "doi_data")
    _el(data, "doi", doi(prefix, conference.event))
    _el(data, "resource", f"{conference.settings.base_url.rstrip('/')}/{language.folder}/index.html")


def _contributors(parent: ET.Element, document: PublicDocument) -> int:
    """The document's people and organisations as authors; the number of withheld names left out."""
    people = document.items("authors")
    groups = document.items("organisations")
    shown = [name for name in people if not withheld(name)]
    bodies = [name for name in groups if not withheld(name)]
    if shown or bodies:
        contributors = _el(parent, "contributors")
        for number, name in enumerate(shown + bodies):
            sequence = "first" if number == 0 else "additional"
            if number < len(shown):
                person = _el(contributors, "person_name", sequence=sequence, contributor_role="author")
                _el(person, "surname", name)
            else:
                _el(contributors, "organization", name, sequence=sequence, contributor_role="author")
    return len(people) - len(shown) + len(groups) - len(bodies)


def _paper(
    parent: ET.Element, document: PublicDocument, conference: Conference, language: Language, pages: Pages
) -> tuple[dict[str, object], int]:
    """One ``conference_paper``; what the report says of it, and the withheld names left out."""
    prefix = conference.settings.doi_prefix
    tag = document.text("language").split("-")[0].lower()
    attrs = {"language": tag} if re.fullmatch("[a-z]{2}", tag) else {}
    paper = _el(parent, "conference_paper", publication_type="full_text", **attrs)
    left_out = _contributors(paper, document)
    titles = _el(paper, "titles")
    _el(titles, "title", document.text("title") or document.id)
    _publication_date(paper, conference.imprint.year or conference.end)
    span = pages.spans.get(document.id)
    if span:
        numbers = _el(paper, "pages")
        _el(numbers, "first_page", span[0])
        _el(numbers, "last_page", span[1])
    data = _el(paper, "doi_data")
    name, url = (
        doi(prefix, conference.event, document.id),
        page_url(conference.settings.base_url, language, document.id),
    )
    _el(data, "doi", name)
    _el(data, "resource", url)
    report: dict[str, object] = {"id": document.id, "doi": name, "resource": url}
    report["pages"] = list(span) if span else None
    report["long_names"] = any(len(one_line(person)) > NAME_LIMIT for person in document.items("authors"))
    return report, left_out


def deposit(
    conference: Conference,
    documents: list[PublicDocument],
    language: Language,
    pages: Pages,
    now: datetime | None = None,
) -> Deposit:
    """The deposit of *documents* as proceedings of *conference*."""
    moment = now or datetime.now(UTC)
    stamp = moment.strftime("%Y%m%d%H%M%S")
    batch = f"crossings-{conference.event or 'archive'}-{stamp}"[:64]
    # The namespaces are declared on the root by name, so that no prefix is registered in
    # ElementTree's process-wide table: every element below is in Crossref's default namespace.
    root = ET.Element(
        "doi_batch",
        {
            "xmlns": NAMESPACE,
            "xmlns:xsi": XSI,
            "version": VERSION,
            "xsi:schemaLocation": f"{NAMESPACE} {SCHEMA}",
        },
    )
    _head(root, conference, batch, stamp)
    body = _el(root, "body")
    meeting = _el(body, "conference")
    _event(meeting, conference)
    _proceedings(meeting, conference, language, conference.settings.doi_prefix)
    result = Deposit(b"", batch)
    for document in documents:
        report, left_out = _paper(meeting, document, conference, language, pages)
        result.papers.append(report)
        result.withheld_contributors += left_out
        if report.pop("long_names"):
            result.long_names.append(document.id)
    ET.indent(root)
    result.xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return result


@dataclass(frozen=True)
class Rule:
    """What Crossref's deposit schema takes in one element: a length in characters, a pattern."""

    least: int
    most: int
    pattern: str = ""  # anchored at both ends, as an XML Schema pattern is
    means: str = ""  # the pattern in words


# The lengths and patterns of Crossref's deposit schema 5.3.1 (crossref5.3.1.xsd, common5.3.1.xsd)
# for the elements this deposit writes with text from the archive. A value outside them makes
# Crossref refuse the whole deposit, so the export stops first, naming where the value is.
RULES: dict[str, Rule] = {
    "conference_name": Rule(3, 512),
    "conference_sponsor": Rule(1, 255),
    "conference_location": Rule(2, 255),
    "conference_date": Rule(0, 100),
    "proceedings_title": Rule(1, 511),
    "publisher_name": Rule(1, 255),
    "publisher_place": Rule(2, 255),
    "registrant": Rule(1, 255),
    "depositor_name": Rule(1, 130),
    "email_address": Rule(6, 200),
    "surname": Rule(1, NAME_LIMIT, r"[^\d?]*[^?\s]+[^\d]*", "not only spaces, no '?', digits only inside"),
    "organization": Rule(1, 511),
    "doi": Rule(6, 2048, r"10\.[0-9]{4,9}/.{1,200}", "10.<4 to 9 digits>/<1 to 200 characters>"),
    "resource": Rule(1, 2048, r"([hH][tT][tT][pP][sS]?|[fF][tT][pP])://.*", "an http, https or ftp address"),
}
# xrefYear: the years the schema takes in a date.
YEARS = range(1400, 2201)


def _measure(element: str, value: str, where: str, advice: str) -> list[str]:
    """What is wrong with *value* as the text of *element* under RULES, naming *where* it is."""
    rule = RULES[element]
    text = " ".join(one_line(value).split()) if element in ("surname", "organization") else one_line(value)
    shown = text if len(text) <= 60 else text[:57] + "..."
    count = len(text)
    if count > rule.most or count < rule.least:
        side = "longer" if count > rule.most else "shorter"
        return [
            f"{where}: {shown!r} is {count} characters, {side} than the {rule.least} to {rule.most} "
            f"Crossref's schema takes in {element}: {advice}"
        ]
    if rule.pattern and not re.fullmatch(rule.pattern, text, re.DOTALL):
        return [f"{where}: {shown!r} is no {element} Crossref's schema takes ({rule.means}): {advice}"]
    return []


def _year(value: str, where: str, advice: str) -> list[str]:
    """A date's year outside the years Crossref's schema takes."""
    year = _date_parts(value)[0]
    if year and int(year) not in YEARS:
        return [
            f"{where}: the year {year} is outside {YEARS[0]} to {YEARS[-1]}, "
            f"the years Crossref's schema takes: {advice}"
        ]
    return []


def schema_problems(conference: Conference, documents: list[PublicDocument], language: Language) -> list[str]:
    """Every value of the deposit Crossref's schema would refuse, each naming the file's row and
    column (or the conf.py setting) it comes from, the limit and what to do."""
    where = conference.sources
    fix_cell = "change it in that cell (the label of this language, the place or the organisers)"
    fix_setting = "change it in conf.py"
    problems: list[str] = []
    found = conference.imprint
    name = conference.name or found.title
    problems += _measure("conference_name", name, where.get("name", "the conference name"), fix_cell)
    for organiser in [item for item in conference.organisers if not withheld(item)][:SPONSORS]:
        problems += _measure("conference_sponsor", organiser, where.get("organisers", "organisers"), fix_cell)
    if conference.place:
        problems += _measure("conference_location", conference.place, where.get("place", "place"), fix_cell)
    for key in ("start", "end"):
        problems += _year(getattr(conference, key), where.get(key, key), "correct the date (YYYY-MM-DD)")
    problems += _measure("proceedings_title", found.title, where.get("title", "crossings_title"), fix_setting)
    problems += _measure(
        "publisher_name", found.publisher, where.get("publisher", "crossings_publisher"), fix_setting
    )
    problems += _measure(
        "registrant", found.publisher, where.get("publisher", "crossings_publisher"), fix_setting
    )
    if found.place:
        problems += _measure(
            "publisher_place",
            found.place,
            where.get("publisher_place", "crossings_publisher_place"),
            fix_setting,
        )
    problems += _year(
        found.year or conference.end, where.get("year", "crossings_publisher_year"), fix_setting
    )
    settings = conference.settings
    conf = where.get("title", "conf.py").split(", setting")[0]
    problems += _measure(
        "depositor_name", settings.depositor_name, f"{conf}, setting crossings_depositor_name", fix_setting
    )
    problems += _measure(
        "email_address", settings.depositor_email, f"{conf}, setting crossings_depositor_email", fix_setting
    )
    event = where.get("event", "the event id")
    problems += _measure("doi", doi(settings.doi_prefix, conference.event), event, "use a shorter event id")
    problems += _measure(
        "resource", f"{settings.base_url.rstrip('/')}/{language.folder}/index.html",
        f"{conf}, setting crossings_base_url", fix_setting,
    )  # fmt: skip
    for document in documents:
        row = f"reports/catalog.csv, the row of id {document.id!r}, column"
        problems += _measure(
            "doi", doi(settings.doi_prefix, conference.event, document.id), f"{row} id",
            "give the document a shorter id (before any deposit: a DOI is for ever)",
        )  # fmt: skip
        for person in document.items("authors"):
            if not withheld(person):
                problems += _measure(
                    "surname", person, f"{row} authors",
                    "write the name shorter in the authors column (or put a group under organisations)",
                )  # fmt: skip
        for group in document.items("organisations"):
            if not withheld(group):
                problems += _measure("organization", group, f"{row} organisations", "write the name shorter")
    return problems
