"""README.txt of the bulk download: what the archive is, its licence, what the zip holds and what
it leaves out, and why."""

from __future__ import annotations

from crossings import __version__
from crossings.export.catalog import LEFT_OUT, PUBLIC_COLUMNS
from crossings.export.conference import Conference
from crossings.languages import Language


def readme(
    conference: Conference,
    language: Language,
    documents: int,
    papers: list[str],
    citations: list[str],
    missing: list[str],
) -> str:
    """The text of README.txt."""
    found = conference.imprint
    imprint = ", ".join(part for part in (found.publisher, found.place, found.year) if part)
    lines = [
        found.title,
        *([found.description] if found.description != found.title else []),
        "",
        f"Bulk download of the public edition ({language.english} site), made by crossings {__version__}.",
        f"Published by: {imprint}",
        f"Licence: {found.licence or 'not stated'}",
        f"Online: {conference.settings.base_url}" if conference.settings.base_url else "",
        "",
        "What is in this zip",
        "",
        f"  catalog.csv       one row per public document ({documents} documents), columns:",
        f"                    {', '.join(PUBLIC_COLUMNS)}",
        "  sources/          the MyST Markdown sources the public site was built from, withheld names",
        "                    already replaced; documents/<id>.md is one document, documents/<id>/ its media",
        f"  papers/           one PDF per paper ({len(papers)} of {documents})",
        f"  citations/        the whole archive as BibTeX, RIS and CSL-JSON ({len(citations)} of 3 files)",
        "  MANIFEST.sha256   the SHA-256 of every other file; check them with `sha256sum -c MANIFEST.sha256`",
        "",
    ]
    if missing:
        lines += [
            "Not built when this zip was made, so not in it: "
            f"{sum(name.startswith('papers/') for name in missing)} per-paper PDFs, "
            f"{sum(name.startswith('citations/') for name in missing)} citation files.",
            "",
        ]
    lines += [
        "What is left out, and why",
        "",
        "  - Restricted documents, and translations of them: the archive holds them for its editors only.",
        "  - Names the archive withholds to protect people: each is replaced by a marker",
        f"    ({language.marker!r} in this language), in the texts, the catalog and the citations.",
        f"  - The catalog columns {' and '.join(LEFT_OUT)}: the first names the file a contributor sent",
        "    (its name and folder can identify a person or a group), the second is a note of how a",
        "    legacy text was read. The sources' front matter leaves out the same, and its `source`",
        "    block (the original's file name and checksum, the converter, the conversion date).",
        "  - The original files contributors sent: the sources above are their text, as edited.",
        "",
        "Every file was scanned for restricted text and withheld names before the zip was written.",
    ]
    return "\n".join(lines) + "\n"
