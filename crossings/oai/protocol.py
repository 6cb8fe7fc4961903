"""The six OAI-PMH 2.0 verbs and every error they can give, as XML, without HTTP.

``answer(repository, arguments, context)`` takes the request's arguments as (name, value)
pairs, the way they came (a repeated argument is an error the protocol names), and returns the
whole response document. Errors are answered in the document (``<error code=…>``), never as an
exception. ``noMetadataFormats`` cannot occur (every record has ``oai_dc``); ``noSetHierarchy``
only for a repository without any set (an archive that has published no document yet).
A repository is answered only with a contact (``admin_email``; Identify requires one, and none
is guessed): the service checks for it before any verb and says ``NO_CONTACT`` instead.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from crossings.oai import dates, tokens
from crossings.oai.dc import PREFIX, dc_element
from crossings.oai.repository import Record, Repository
from crossings.oai.xmlout import (
    OAI,
    OAI_DC,
    OAI_DC_SCHEMA,
    OAI_IDENTIFIER,
    OAI_IDENTIFIER_SCHEMA,
    OAI_SCHEMA,
    RESPONSE_PREFIXES,
    SCHEMA_LOCATION,
    child,
    q,
    serialize,
)

PAGE_SIZE = 50  # records, identifiers or sets per response; the rest follows a resumption token
GRANULARITY = dates.SECONDS
DELETED_RECORD = "no"  # a withdrawn document's id is itself protected: deletions are not kept
VERBS = ("Identify", "ListMetadataFormats", "ListSets", "ListIdentifiers", "ListRecords", "GetRecord")
LIST_ARGUMENTS = {"metadataPrefix", "from", "until", "set"}
# No argument of the protocol holds a control character, a surrogate or a noncharacter: one that
# does is refused as a whole, never echoed (XML 1.0 cannot carry most of them, and a value with
# them stripped would be a different request than the one asked).
_UNFIT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# The oai-identifier schema's repositoryIdentifier: a domain name of two labels or more, each
# starting with a letter. A host that is none (127.0.0.1, [::1], a bare "localhost", when the
# archive has no base URL) still names the identifiers, but is not declared in that scheme.
_DOMAIN = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")
# The OAI-PMH schema's emailType, the pattern of Identify's adminEmail (required there).
ADMIN_EMAIL = re.compile(r"\S+@(\S+\.)+\S+")
# Said by /oai to anyone who asks, in place of every verb, and logged by the build and by serve:
# Identify cannot be answered without a contact, and none is guessed.
NO_CONTACT = (
    "OAI-PMH is off: this archive names no contact address for harvesters (Identify's adminEmail). "
    "Set crossings_oai_admin_email in conf.py to an address of yours that someone reads "
    "(in the form crossings_oai_admin_email = 'archive@example.org') and run "
    "`crossings build html` again"
)
# Each verb's arguments: required, optional; a resumptionToken is exclusive where allowed.
ARGUMENTS: dict[str, tuple[set[str], set[str], bool]] = {
    "Identify": (set(), set(), False),
    "ListMetadataFormats": (set(), {"identifier"}, False),
    "ListSets": (set(), set(), True),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, True),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, True),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), False),
}


@dataclass(frozen=True)
class Context:
    """What a response needs besides the records: where it was asked, when, and the token secret."""

    base_url: str  # the URL of the request without its query (Identify's baseURL, <request>)
    secret: bytes
    now: datetime = field(default_factory=dates.now)
    page_size: int = PAGE_SIZE
    host: str = ""  # the identifiers' namespace when the archive has no base URL


class OaiError(Exception):
    """An OAI-PMH error condition: its code and a message saying what to change."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def generation(repository: Repository) -> str:
    """The records' generation (crossings.oai.repository): a rebuild that changes them ends old tokens."""
    return repository.generation


def answer(repository: Repository, arguments: Sequence[tuple[str, str]], context: Context) -> bytes:
    """The response document to a request with *arguments*."""
    root = ET.Element(q(OAI, "OAI-PMH"), {SCHEMA_LOCATION: f"{OAI} {OAI_SCHEMA}"})
    child(root, q(OAI, "responseDate"), dates.stamp(context.now))
    request = child(root, q(OAI, "request"), context.base_url)
    try:
        verb, args = _checked(arguments)
    except OaiError as exc:
        # badVerb and badArgument: the request element holds the base URL only (no attributes).
        _error(root, exc)
        return serialize(root, RESPONSE_PREFIXES)
    for name, value in [("verb", verb), *sorted(args.items())]:
        request.set(name, value)
    try:
        _VERBS[verb](root, repository, args, context)
    except OaiError as exc:
        for element in list(root)[2:]:
            root.remove(element)
        _error(root, exc)
    return serialize(root, RESPONSE_PREFIXES)


def refusal(code: str, message: str, context: Context) -> bytes:
    """A response holding only an error, for a request refused before its arguments could be read
    (the request element then holds the base URL only, as for badArgument)."""
    root = ET.Element(q(OAI, "OAI-PMH"), {SCHEMA_LOCATION: f"{OAI} {OAI_SCHEMA}"})
    child(root, q(OAI, "responseDate"), dates.stamp(context.now))
    child(root, q(OAI, "request"), context.base_url)
    _error(root, OaiError(code, message))
    return serialize(root, RESPONSE_PREFIXES)


def _error(root: ET.Element, exc: OaiError) -> None:
    """Add the error element."""
    child(root, q(OAI, "error"), exc.message, code=exc.code)


def _checked(arguments: Sequence[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, or badVerb / badArgument saying what is wrong."""
    if any(_UNFIT.search(name) or _UNFIT.search(value) for name, value in arguments):
        raise OaiError("badArgument", "an argument holds a control character or a noncharacter; remove it")
    verbs = [value for name, value in arguments if name == "verb"]
    if not verbs:
        raise OaiError("badVerb", f"the request has no verb; add verb=Identify (or another of: {_verbs()})")
    if len(verbs) > 1:
        raise OaiError("badVerb", "the verb is given more than once; give it once")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", f"{verb!r} is not an OAI-PMH verb; use one of: " + _verbs())
    args: dict[str, str] = {}
    for name, value in arguments:
        if name == "verb":
            continue
        if name in args:
            raise OaiError("badArgument", f"the argument {name} is given more than once; give it once")
        if not name or not value:  # "&&", "set=": an argument must be named and have a value
            raise OaiError(
                "badArgument", f"the argument {name or '(no name)'!s} has no value; give one or leave it out"
            )
        args[name] = value
    required, optional, resumable = ARGUMENTS[verb]
    allowed = required | optional | ({"resumptionToken"} if resumable else set())
    illegal = sorted(set(args) - allowed)
    if illegal:
        raise OaiError(
            "badArgument", f"{verb} does not take {', '.join(illegal)}; allowed: {_names(allowed)}"
        )
    if "resumptionToken" in args:
        if len(args) > 1:
            others = ", ".join(sorted(set(args) - {"resumptionToken"}))
            raise OaiError("badArgument", f"resumptionToken is exclusive; remove {others}")
        return verb, args
    missing = sorted(required - set(args))
    if missing:
        raise OaiError("badArgument", f"{verb} needs {', '.join(missing)}")
    if verb in ("ListIdentifiers", "ListRecords"):
        _check_dates(args.get("from", ""), args.get("until", ""))
    return verb, args


def _verbs() -> str:
    """The verbs, for messages."""
    return ", ".join(VERBS)


def _names(names: set[str]) -> str:
    """Argument names for a message."""
    return ", ".join(sorted(names)) or "no arguments"


def _check_dates(start: str, end: str) -> None:
    """from and until: each a datestamp, both of one granularity, from not after until."""
    parsed = {}
    for name, value in (("from", start), ("until", end)):
        if not value:
            continue
        try:
            parsed[name] = dates.parse(value, end=name == "until")
        except dates.BadDate as exc:
            raise OaiError("badArgument", f"{name}: {exc}") from None
    if start and end:
        if dates.granularity(start) != dates.granularity(end):
            raise OaiError("badArgument", "from and until must have the same granularity")
        if parsed["from"] > parsed["until"]:
            raise OaiError("badArgument", f"from ({start}) is later than until ({end})")


def _identify(root: ET.Element, repository: Repository, args: dict[str, str], context: Context) -> None:
    """Identify: name, base URL, protocol version, contact, earliest datestamp, deletions, granularity."""
    element = child(root, q(OAI, "Identify"))
    child(element, q(OAI, "repositoryName"), repository.name)
    child(element, q(OAI, "baseURL"), context.base_url)
    child(element, q(OAI, "protocolVersion"), "2.0")
    child(element, q(OAI, "adminEmail"), contact(repository))
    child(element, q(OAI, "earliestDatestamp"), repository.earliest())
    child(element, q(OAI, "deletedRecord"), DELETED_RECORD)
    child(element, q(OAI, "granularity"), GRANULARITY)
    host = repository.host or context.host
    if _DOMAIN.fullmatch(host):
        description = child(element, q(OAI, "description"))
        scheme = child(
            description,
            q(OAI_IDENTIFIER, "oai-identifier"),
            **{SCHEMA_LOCATION: f"{OAI_IDENTIFIER} {OAI_IDENTIFIER_SCHEMA}"},
        )
        child(scheme, q(OAI_IDENTIFIER, "scheme"), "oai")
        child(scheme, q(OAI_IDENTIFIER, "repositoryIdentifier"), host)
        child(scheme, q(OAI_IDENTIFIER, "delimiter"), ":")
        sample = repository.records[0].id if repository.records else "a-document"
        child(scheme, q(OAI_IDENTIFIER, "sampleIdentifier"), f"oai:{host}:{sample}")


def admin_email(repository: Repository) -> str:
    """The contact harvesters write to (``crossings_oai_admin_email``), or "" when the archive
    configured none the OAI-PMH schema takes. None is ever guessed: ``postmaster@<host>`` reached
    nobody the archive chose, and for a bare ``localhost`` the schema refused it. Without a
    contact the archive offers no OAI-PMH (crossings.web.oai answers ``NO_CONTACT``; the build
    writes no Static Repository file)."""
    address = repository.admin_email
    return address if ADMIN_EMAIL.fullmatch(address) else ""


def contact(repository: Repository) -> str:
    """:func:`admin_email`, which a response about *repository* must have (ValueError without)."""
    address = admin_email(repository)
    if not address:
        raise ValueError(NO_CONTACT)  # callers check first: this is a mistake of crossings
    return address


def _list_metadata_formats(
    root: ET.Element, repository: Repository, args: dict[str, str], context: Context
) -> None:
    """ListMetadataFormats: oai_dc, for the repository or for one existing item."""
    if "identifier" in args:
        _record(repository, args["identifier"], context)
    element = child(root, q(OAI, "ListMetadataFormats"))
    fmt = child(element, q(OAI, "metadataFormat"))
    child(fmt, q(OAI, "metadataPrefix"), PREFIX)
    child(fmt, q(OAI, "schema"), OAI_DC_SCHEMA)
    child(fmt, q(OAI, "metadataNamespace"), OAI_DC)


def _record(repository: Repository, identifier: str, context: Context) -> Record:
    """The record an identifier names, or idDoesNotExist."""
    host = repository.host or context.host
    prefix = f"oai:{host}:"
    if identifier.startswith(prefix):
        wanted = identifier[len(prefix) :]
        for record in repository.records:
            if record.id == wanted:
                return record
    raise OaiError(
        "idDoesNotExist", f"{identifier!r} is not an identifier of this repository (oai:{host}:<id>)"
    )


def _check_prefix(args: dict[str, str]) -> None:
    """cannotDisseminateFormat for any format but oai_dc."""
    if args["metadataPrefix"] != PREFIX:
        raise OaiError(
            "cannotDisseminateFormat",
            f"{args['metadataPrefix']!r} is not offered; use metadataPrefix={PREFIX}",
        )


def _get_record(root: ET.Element, repository: Repository, args: dict[str, str], context: Context) -> None:
    """GetRecord: one record in oai_dc."""
    record = _record(repository, args["identifier"], context)
    _check_prefix(args)
    element = child(root, q(OAI, "GetRecord"))
    _record_element(element, repository, record, context)


def _header(parent: ET.Element, repository: Repository, record: Record, context: Context) -> None:
    """A record's header: identifier, datestamp, setSpecs."""
    header = child(parent, q(OAI, "header"))
    child(header, q(OAI, "identifier"), repository.identifier(record.id, context.host))
    child(header, q(OAI, "datestamp"), record.datestamp)
    for spec in record.sets:
        child(header, q(OAI, "setSpec"), spec)


def _record_element(parent: ET.Element, repository: Repository, record: Record, context: Context) -> None:
    """A whole record: header and oai_dc metadata."""
    element = child(parent, q(OAI, "record"))
    _header(element, repository, record, context)
    child(element, q(OAI, "metadata")).append(dc_element(record))


def _list_sets(root: ET.Element, repository: Repository, args: dict[str, str], context: Context) -> None:
    """ListSets: every set with its name, paged."""
    _need_sets(repository)
    position = _position("ListSets", repository, args, context)
    sets = repository.sets
    element = child(root, q(OAI, "ListSets"))
    for info in sets[position.offset : position.offset + context.page_size]:
        item = child(element, q(OAI, "set"))
        child(item, q(OAI, "setSpec"), info.spec)
        child(item, q(OAI, "setName"), info.name)
    _resume(element, position, len(sets), repository, context)


def _need_sets(repository: Repository) -> None:
    """noSetHierarchy when the repository has no set at all."""
    if not repository.sets:
        raise OaiError("noSetHierarchy", "this repository has no sets yet (it holds no published document)")


def _position(verb: str, repository: Repository, args: dict[str, str], context: Context) -> tokens.Position:
    """Where a list starts: from its resumption token, else at 0 with the request's arguments."""
    if "resumptionToken" in args:
        try:
            position = tokens.read(args["resumptionToken"], context.secret, generation(repository))
        except tokens.BadToken as exc:
            raise OaiError("badResumptionToken", str(exc)) from None
        if position.verb != verb:
            raise OaiError(
                "badResumptionToken", f"this resumption token continues {position.verb}, not {verb}"
            )
        return position
    return tokens.Position(
        verb,
        0,
        generation(repository),
        args.get("metadataPrefix", ""),
        args.get("set", ""),
        args.get("from", ""),
        args.get("until", ""),
    )


def _resume(
    element: ET.Element, position: tokens.Position, total: int, repository: Repository, context: Context
) -> None:
    """The resumptionToken element: none when one page holds everything, empty on the last page."""
    following = position.offset + context.page_size
    if position.offset == 0 and following >= total:
        return
    attrs = {"completeListSize": str(total), "cursor": str(position.offset)}
    token = child(element, q(OAI, "resumptionToken"), **attrs)
    if following < total:
        token.text = tokens.issue(replace(position, offset=following), context.secret)


def _selected(repository: Repository, position: tokens.Position) -> list[Record]:
    """The records a list request selects (set, from, until), by datestamp then id."""
    # Datestamps are all YYYY-MM-DDThh:mm:ssZ, so their text sorts as their time does.
    start = dates.stamp(dates.parse(position.from_)) if position.from_ else ""
    end = dates.stamp(dates.parse(position.until, end=True)) if position.until else ""
    chosen = [
        record
        for record in repository.records
        if (not start or record.datestamp >= start)
        and (not end or record.datestamp <= end)
        and (not position.set_spec or record.in_set(position.set_spec))
    ]
    return sorted(chosen, key=lambda r: (r.datestamp, r.id))


def _list(
    verb: str, root: ET.Element, repository: Repository, args: dict[str, str], context: Context
) -> None:
    """ListIdentifiers or ListRecords: the selected records' headers or whole records, paged."""
    position = _position(verb, repository, args, context)
    if "resumptionToken" not in args:
        _check_prefix(args)
        if "set" in args:
            _need_sets(repository)
    chosen = _selected(repository, position)
    if not chosen:
        raise OaiError("noRecordsMatch", "no record matches this set and date range")
    element = child(root, q(OAI, verb))
    for record in chosen[position.offset : position.offset + context.page_size]:
        if verb == "ListRecords":
            _record_element(element, repository, record, context)
        else:
            _header(element, repository, record, context)
    _resume(element, position, len(chosen), repository, context)


def _list_identifiers(
    root: ET.Element, repository: Repository, args: dict[str, str], context: Context
) -> None:
    """ListIdentifiers: headers."""
    _list("ListIdentifiers", root, repository, args, context)


def _list_records(root: ET.Element, repository: Repository, args: dict[str, str], context: Context) -> None:
    """ListRecords: whole records."""
    _list("ListRecords", root, repository, args, context)


_VERBS: dict[str, Callable[[ET.Element, Repository, dict[str, str], Context], None]] = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "ListIdentifiers": _list_identifiers,
    "ListRecords": _list_records,
    "GetRecord": _get_record,
}
