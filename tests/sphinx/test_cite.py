"""Citation formats of crossings.sphinx.cite, without Sphinx."""

from __future__ import annotations

import json

from crossings.catalog import DocumentMeta
from crossings.sphinx.cite import Citation, bibtex, csl_json, meta_tags, ris

META = DocumentMeta(
    id="th-report",
    title="Thailand: 50% {report}",
    type="country-report",
    event="hk2001",
    authors=("Ann Lee", "陳美"),
    organisations=("Empower",),
    language="en",
    date="2001-06-09",
)
CITE = Citation(META, conference="Building an Effective Network", publisher="Zi Teng", place="Hong Kong")


def test_bibtex_escapes_and_names_every_author() -> None:
    entry = bibtex(CITE)
    assert entry.startswith("@inproceedings{th-report,\n")
    assert "title = {{Thailand: 50\\% \\{report\\}}}" in entry
    assert "author = {{Ann Lee} and {陳美}}" in entry
    assert "booktitle = {Building an Effective Network}" in entry
    assert "year = {2001}" in entry and "month = {6}" in entry
    assert entry.count("{") == entry.count("}")


def test_bibtex_without_event_is_misc() -> None:
    assert bibtex(Citation(META)).startswith("@misc{th-report,")


def test_ris_has_one_line_per_author_and_ends_with_er() -> None:
    lines = ris(CITE).splitlines()
    assert lines[0] == "TY  - CPAPER"
    assert [line for line in lines if line.startswith("AU  - ")] == ["AU  - Ann Lee", "AU  - 陳美"]
    assert "DA  - 2001/06/09" in lines and "T2  - Building an Effective Network" in lines
    assert lines[-1] == "ER  -"


def test_csl_json_is_valid_with_date_parts() -> None:
    (item,) = json.loads(csl_json(CITE))
    assert item["type"] == "paper-conference"
    assert item["issued"] == {"date-parts": [[2001, 6, 9]]}
    assert item["author"] == [{"literal": "Ann Lee"}, {"literal": "陳美"}]
    assert item["container-title"] == "Building an Effective Network"


def test_meta_tags_for_google_scholar_and_zotero() -> None:
    tags = meta_tags(CITE)
    names = [name for name, _ in tags]
    assert names.count("citation_author") == 2
    assert ("citation_conference_title", "Building an Effective Network") in tags
    assert ("citation_date", "2001/06/09") in tags
    assert ("citation_publisher", "Zi Teng") in tags
    assert ("DC.creator", "陳美") in tags


def test_publisher_falls_back_to_organisations() -> None:
    assert ("citation_publisher", "Empower") in meta_tags(Citation(META))
