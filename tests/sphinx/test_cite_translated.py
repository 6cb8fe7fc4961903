"""A page a catalogue translates is cited as the translation it shows: the Thai site's page of an
English document whose catalogue translates it has the Thai title and the language ``th`` in its
meta tags, its citation files and its OAI-PMH record; an untranslated page keeps the original's."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import rispy

from crossings.archive import Archive
from crossings.oai.repository import read as read_records
from crossings.publish.sphinx_build import build_site
from crossings.sphinx.oai import records_path
from tests.citations import read_bibtex_entries
from tests.sphinx.htmltools import read
from tests.sphinx.test_cite import bibtex_text

TITLE = "รายงานฮ่องกง"
CATALOGUE = f"""msgid ""
msgstr ""
"Language: th\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Hong Kong report"
msgstr "{TITLE}"

msgid "Raids in Mong Kok."
msgstr "การบุกค้นในมงก๊ก"
"""


def _thai_site(make_root: Callable[[str], Archive]) -> Path:
    """The test site's Thai build, with hk-report (English) translated by a catalogue."""
    archive = make_root("site")
    folder = archive.root / "locales/th/LC_MESSAGES/documents"
    folder.mkdir(parents=True)
    (folder / "hk-report.po").write_text(CATALOGUE, "utf-8")
    return build_site(archive, lang="th").outdir


def test_a_translated_page_is_cited_in_its_translation(make_root: Callable[[str], Archive]) -> None:
    site = _thai_site(make_root)
    page = read(site / "documents/hk-report.html")
    assert page.meta("citation_title") == page.meta("DC.title") == [TITLE]
    assert page.meta("citation_language") == page.meta("DC.language") == ["th"]
    (entry,) = read_bibtex_entries((site / "_cite/hk-report.bib").read_text("utf-8"))
    assert bibtex_text(str(entry["title"])) == TITLE and entry["language"] == "th"
    (record,) = rispy.loads((site / "_cite/hk-report.ris").read_text("utf-8"))
    assert record["title"] == TITLE and record["language"] == "th"
    (item,) = json.loads((site / "_cite/hk-report.json").read_text("utf-8"))
    assert item["title"] == TITLE and item["language"] == "th"
    (oai,) = [r for r in read_records(records_path(site)).records if r.id == "hk-report"]
    fields = {(f.name, f.value, f.lang) for f in oai.fields}
    assert ("title", TITLE, "th") in fields and ("language", "th", "") in fields
    assert not {f for f in fields if f[0] == "title" and f[1] != TITLE}


def test_an_untranslated_page_keeps_the_originals_title_and_language(
    make_root: Callable[[str], Archive],
) -> None:
    site = _thai_site(make_root)
    page = read(site / "documents/my-health.html")
    assert page.meta("citation_title") == ["Health outreach in Malaysia"]
    assert page.meta("citation_language") == page.meta("DC.language") == ["en"]
    (item,) = json.loads((site / "_cite/my-health.json").read_text("utf-8"))
    assert item["language"] == "en"
    items = json.loads((site / "_cite/all_documents.json").read_text("utf-8"))
    assert {i["id"]: i["language"] for i in items}["hk-report"] == "th"
