"""Where the citation files of a language site live, what they are called when downloaded, and
the media types they are served with.

One place for the build (which writes them and links them) and the web service (which serves
them), so that a page's ``download`` name and the server's ``Content-Disposition`` agree:

- ``_cite/<id>.bib``, ``_cite/<id>.ris``, ``_cite/<id>.json``: one document (ids are ``[a-z0-9-]+``);
- ``_cite/all_documents.bib``, ``.ris``, ``.json``: every document of that site, sorted by id.
"""

from __future__ import annotations

FOLDER = "_cite"
COMBINED = "all_documents"  # an underscore: never a document id
EXTENSIONS = ("bib", "ris", "json")
LABELS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}
MEDIA_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}
# The suffix a downloaded file gets: a bare ".json" would not say which JSON it is.
DOWNLOAD_SUFFIXES = {"bib": ".bib", "ris": ".ris", "json": ".csl.json"}


def path(stem: str, extension: str) -> str:
    """The citation file of *stem* (a document id, or :data:`COMBINED`) relative to the site."""
    return f"{FOLDER}/{stem}.{extension}"


def download_name(stem: str, extension: str, site: str) -> str:
    """The name a reader's browser saves the file under: ``<id>.bib``, ``<id>.csl.json``, and for
    the whole archive ``all_documents-<site>.bib`` (*site* is the language folder: ``en``, ``zh-hant``)."""
    name = f"{COMBINED}-{site}" if stem == COMBINED else stem
    return name + DOWNLOAD_SUFFIXES[extension]


def citation_file(segments: tuple[str, ...]) -> tuple[str, str] | None:
    """(stem, extension) when *segments* (``("en", "_cite", "x.bib")``) name a citation file."""
    if len(segments) != 3 or segments[1] != FOLDER:
        return None
    stem, dot, extension = segments[2].rpartition(".")
    if not dot or extension not in EXTENSIONS or not stem:
        return None
    return stem, extension
