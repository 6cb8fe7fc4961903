"""The bulk download: one zip of the public edition of one language, for researchers.

It holds the public catalog, the staged MyST sources, the per-paper PDFs and the whole-archive
citation files (those that were built), a README and a checksum manifest. Everything is staged in
a scratch folder, scanned with the leak scanner of ``crossings check --leaks`` (a hit stops the
export before anything is written), zipped with fixed times in sorted order and moved into place
atomically.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from crossings import atomic
from crossings.archive import Archive
from crossings.atomic import scratch_folder
from crossings.catalog import yamltext
from crossings.catalog.access import DOCUMENTS
from crossings.catalog.frontmatter import dump, split
from crossings.export.catalog import LEFT_OUT, public_catalog
from crossings.export.conference import read_conference
from crossings.export.public import PublicDocument, public_documents, site_dir, staged_dir
from crossings.export.readme import readme
from crossings.languages import Language
from crossings.packing import MANIFEST, refuse_leaks, sha256_file, write_manifest, write_zip

CITATIONS = ("all_documents.bib", "all_documents.ris", "all_documents.json")
# Front-matter keys a public reader does not get: the catalog's internal columns and provenance.
PRIVATE_KEYS = (*LEFT_OUT, "source")


@dataclass
class ArchiveReport:
    """The zip written, what it holds and what was not built."""

    path: str
    bytes: int
    sha256: str
    files: int
    lang: str
    documents: list[str] = field(default_factory=list)
    sources: int = 0
    papers: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    not_built: dict[str, list[str]] = field(default_factory=dict)
    build: list[str] = field(default_factory=list)  # the commands that build what is missing

    def as_dict(self) -> dict[str, object]:
        """JSON-ready data."""
        return asdict(self)


def archive_path(archive: Archive, language: Language) -> Path:
    """build/public/export/crossings-archive-<lang>.zip."""
    return archive.edition_dir("public") / "export" / f"crossings-archive-{language.folder}.zip"


def make_archive(archive: Archive, language: Language, output: Path | None = None) -> ArchiveReport:
    """Write the bulk download of *language*'s public edition to *output* (default: archive_path)."""
    documents = public_documents(archive, language)
    conference = read_conference(archive, language)
    target = output or archive_path(archive, language)
    archive.build.mkdir(parents=True, exist_ok=True)
    with scratch_folder(archive.build, ".export-") as temp:
        stage = Path(temp) / "stage"
        stage.mkdir()
        (stage / "catalog.csv").write_text(public_catalog(documents), encoding="utf-8")
        sources = _stage_sources(archive, language, documents, stage / "sources")
        papers, no_papers = _stage_papers(archive, language, documents, stage / "papers")
        citations, no_citations = _stage_citations(archive, language, stage / "citations")
        missing = [f"papers/{name}" for name in no_papers] + [f"citations/{name}" for name in no_citations]
        text = readme(conference, language, len(documents), papers, citations, missing)
        (stage / "README.txt").write_text(text, encoding="utf-8")
        refuse_leaks(archive, stage, "bulk download")
        write_manifest(stage)
        zipped = Path(temp) / "archive.zip"
        files = write_zip(stage, zipped)
        digest, size = sha256_file(zipped), zipped.stat().st_size
        atomic.move_into(zipped, target)
    report = ArchiveReport(str(target), size, digest, files, language.tag, [d.id for d in documents], sources)
    report.papers, report.citations = papers, citations
    report.not_built = {"papers": no_papers, "citations": no_citations}
    if no_papers:
        report.build.append(f"crossings build papers --lang {language.tag}")
    if no_citations:
        report.build.append(f"crossings build html --lang {language.tag}")
    return report


def public_text(text: str) -> str:
    """A staged document without the front-matter keys a public reader does not get."""

    head, body = split(text)
    if head is None:
        return text
    data = yamltext.load(head) or {}
    if not isinstance(data, dict):
        return text
    return dump({key: value for key, value in data.items() if key not in PRIVATE_KEYS}) + body


def _stage_sources(
    archive: Archive, language: Language, documents: list[PublicDocument], target: Path
) -> int:
    """Copy the staged sources of the public documents and hand-written pages; the files copied."""
    staged = staged_dir(archive, language)
    kept = {document.id for document in documents}
    count = 0
    for path in sorted(p for p in staged.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(staged)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if relative.parts[0] == DOCUMENTS and len(relative.parts) > 1:
            owner = relative.parts[1].removesuffix(".md") if len(relative.parts) == 2 else relative.parts[1]
            if owner not in kept:
                continue  # withdrawn since the last build, or not a document's file
        out = target / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            out.write_text(public_text(path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copyfile(path, out)
        count += 1
    return count


def _stage_papers(
    archive: Archive, language: Language, documents: list[PublicDocument], target: Path
) -> tuple[list[str], list[str]]:
    """Copy each document's PDF built beside its page; the files copied and those not built."""
    found, missing = [], []
    for document in documents:
        pdf = site_dir(archive, language) / DOCUMENTS / f"{document.id}.pdf"
        if pdf.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, target / pdf.name)
            found.append(pdf.name)
        else:
            missing.append(pdf.name)
    return found, missing


def _stage_citations(archive: Archive, language: Language, target: Path) -> tuple[list[str], list[str]]:
    """Copy the whole-archive citation files; those copied and those not built."""
    found, missing = [], []
    for name in CITATIONS:
        path = site_dir(archive, language) / "_cite" / name
        if path.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / name)
            found.append(name)
        else:
            missing.append(name)
    return found, missing


__all__ = ["MANIFEST", "ArchiveReport", "archive_path", "make_archive"]
