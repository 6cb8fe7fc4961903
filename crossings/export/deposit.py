"""``crossings export crossref``: check the settings a deposit needs, make it, scan it, write it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from crossings import atomic
from crossings.archive import Archive
from crossings.atomic import scratch_folder
from crossings.errors import CrossingsError
from crossings.export.conference import Conference, read_conference
from crossings.export.crossref import NAME_LIMIT, NAMESPACE, deposit, doi, schema_problems
from crossings.export.pages import read_pages
from crossings.export.public import public_documents
from crossings.languages import Language
from crossings.packing import refuse_leaks

# What a deposit cannot do without: the setting, and an example of its value in conf.py.
REQUIRED = (
    (
        "doi_prefix",
        "the DOI prefix Crossref gave you, e.g. crossings_doi_prefix = '10.5555' (Crossref's test prefix)",
    ),
    ("base_url", "the site's public address, e.g. crossings_base_url = 'https://archive.example.org/'"),
    ("depositor_name", "who deposits, e.g. crossings_depositor_name = 'Sample Press'"),
    ("depositor_email", "where Crossref reports back, e.g. crossings_depositor_email = 'doi@example.org'"),
)


@dataclass
class CrossrefReport:
    """The deposit written and what it registers."""

    path: str
    bytes: int
    sha256: str
    namespace: str
    batch: str
    lang: str
    proceedings_doi: str
    papers: list[dict[str, object]] = field(default_factory=list)
    pages_from: str = ""  # the .aux the page numbers were read from ('' : no pages)
    withheld_contributors: int = 0

    def as_dict(self) -> dict[str, object]:
        """JSON-ready data."""
        return asdict(self)


def crossref_path(archive: Archive, language: Language) -> Path:
    """build/public/export/crossref-<lang>.xml."""
    return archive.edition_dir("public") / "export" / f"crossref-{language.folder}.xml"


def require_settings(archive: Archive, conference: Conference) -> None:
    """Refuse when conf.py lacks a setting the deposit needs, naming each one missing."""
    missing = [
        f"crossings_{name}: {example}"
        for name, example in REQUIRED
        if not str(getattr(conference.settings, name)).strip()
    ]
    if missing:
        listed = "\n".join(f"  {line}" for line in missing)
        raise CrossingsError(
            f"{archive.root / 'conf.py'}: a Crossref deposit needs these settings, which are not set:\n"
            f"{listed}\n"
            "set them in conf.py (see docs/settings.md) and run the export again; nothing was written"
        )
    if not re.match(r"[0-9]{4}", conference.imprint.year or conference.end):
        raise CrossingsError(
            f"{archive.root / 'conf.py'}: the proceedings have no year of publication; "
            "set crossings_publisher_year (e.g. '2026') and run the export again; nothing was written"
        )
    if not conference.event:
        raise CrossingsError(
            f"{archive.vocabularies / 'events.csv'}: no event; "
            "the DOIs are named after the proceedings' event: "
            "add one (or set crossings_event) and run the export again"
        )


def write_crossref(archive: Archive, language: Language, output: Path | None = None) -> CrossrefReport:
    """Write the Crossref deposit of the public edition of *language* to *output*."""
    conference = read_conference(archive, language)
    require_settings(archive, conference)
    documents = public_documents(archive, language)
    refused = schema_problems(conference, documents, language)
    if refused:
        listed = "\n".join(f"  {line}" for line in refused)
        raise CrossingsError(
            f"Crossref would refuse the deposit: {len(refused)} value(s) outside its schema (5.3.1):\n"
            f"{listed}\nchange them where each line says and run the export again; nothing was written"
        )
    pages = read_pages(archive, language)
    made = deposit(conference, documents, language, pages)
    if made.long_names:
        raise CrossingsError(
            f"reports/catalog.csv: the authors of {', '.join(map(repr, made.long_names))} hold a name longer "
            f"than the {NAME_LIMIT} characters Crossref takes in a name, so the deposit would be refused: "
            "write the name shorter in the authors column (or put a group under organisations); "
            "nothing was written"
        )
    target = output or crossref_path(archive, language)
    archive.build.mkdir(parents=True, exist_ok=True)
    with scratch_folder(archive.build, ".export-") as temp:
        scratch = Path(temp) / target.name
        scratch.write_bytes(made.xml)
        refuse_leaks(archive, Path(temp), "Crossref deposit")
        atomic.move_into(scratch, target)
    prefix = conference.settings.doi_prefix
    return CrossrefReport(
        path=str(target),
        bytes=len(made.xml),
        sha256=hashlib.sha256(made.xml).hexdigest(),
        namespace=NAMESPACE,
        batch=made.batch,
        lang=language.tag,
        proceedings_doi=doi(prefix, conference.event),
        papers=made.papers,
        pages_from=pages.source,
        withheld_contributors=made.withheld_contributors,
    )
