"""Hostile metadata through a whole build: a document's title and authors, the event's label and
place, the publisher's place. The site's citation files, one document's and the whole site's,
still hold one entry or record per document with exactly their fields."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable

import rispy

from crossings.archive import Archive
from crossings.publish.sphinx_build import build_site
from crossings.sphinx.cite import one_line
from tests.citations import read_bibtex_entries, render_csl
from tests.sphinx.test_cite import bibtex_authors, bibtex_text, read_ris

TITLE = "Health \"}}} @misc(evil, title={pwned}, x=\\} 'ok'"
AUTHOR = 'a} and {b \\ "q"'
LABEL = "Net}} @misc(evil, title={x}) \u2067\\\" '"
PLACE = "Hong Kong}} @misc(x, \u202ey={z}"
PUBLISHER_PLACE = 'Town} @misc(p, \\ "q"'
FIELDS = {"title", "author", "booktitle", "year", "publisher", "address", "language", "url"}


def flat(text: str) -> str:
    """*text* as a citation prints it: on one line, spaces collapsed (BibTeX collapses them)."""
    return " ".join(one_line(text).split())


def _hostile_root(make_root: Callable[[str], Archive]) -> Archive:
    archive = make_root("site")
    events = archive.root / "vocabularies" / "events.csv"
    with events.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["en"], rows[0]["place"] = LABEL, PLACE
    with events.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    conf = archive.root / "conf.py"
    text = conf.read_text("utf-8").replace('"Sample Town"', repr(PUBLISHER_PLACE))
    conf.write_text(text, "utf-8")
    document = archive.documents / "my-health.md"
    text = document.read_text("utf-8")
    text = text.replace("title: Health outreach in Malaysia", f"title: {json.dumps(TITLE)}")
    text = text.replace("authors: [Siti]", f"authors: [{json.dumps(AUTHOR)}, Siti]")
    text = text.replace("date: 2000\n", "date: 2000\nevent: hk2001\n")
    document.write_text(text, "utf-8")
    return archive


def test_hostile_metadata_cannot_add_entries_fields_or_tags(make_root: Callable[[str], Archive]) -> None:
    site = build_site(_hostile_root(make_root)).outdir
    ids = sorted(p.stem for p in (site / "_cite").glob("*.bib") if p.stem != "all_documents")
    assert "my-health" in ids and len(ids) > 2
    entries = read_bibtex_entries((site / "_cite/all_documents.bib").read_text("utf-8"))
    assert [e["ID"] for e in entries] == ids
    (health,) = [e for e in entries if e["ID"] == "my-health"]
    assert set(health) - {"ID", "ENTRYTYPE"} == FIELDS and health["ENTRYTYPE"] == "inproceedings"
    assert bibtex_text(str(health["title"])) == flat(TITLE)
    assert bibtex_authors(str(health["author"])) == [flat(AUTHOR), "Siti"]
    assert bibtex_text(str(health["booktitle"])) == flat(LABEL)
    assert bibtex_text(str(health["address"])) == flat(PUBLISHER_PLACE)
    assert health["url"] == "https://archive.example.org/test/en/documents/my-health.html"
    ris = (site / "_cite/all_documents.ris").read_text("utf-8")
    assert [r["id"] for r in rispy.loads(ris)] == ids
    for record in ris.split("\n\n"):
        tags = [tag for tag, _ in read_ris(record)]
        assert tags.count("TY") == tags.count("ER") == tags.count("UR") == tags.count("TI") == 1
    (record,) = [r for r in rispy.loads(ris) if r["id"] == "my-health"]
    assert record["title"] == one_line(TITLE) and record["authors"] == [one_line(AUTHOR), "Siti"]
    assert record["secondary_title"] == one_line(LABEL) and record["place_published"] == one_line(
        PUBLISHER_PLACE
    )
    items = json.loads((site / "_cite/all_documents.json").read_text("utf-8"))
    assert [i["id"] for i in items] == ids
    (item,) = [i for i in items if i["id"] == "my-health"]
    assert item["title"] == TITLE and item["author"] == [{"literal": AUTHOR}, {"literal": "Siti"}]
    assert item["container-title"] == LABEL and item["event-place"] == PLACE
    assert item["publisher-place"] == PUBLISHER_PLACE
    assert len(render_csl(json.dumps(items))) == len(ids)
    (own,) = read_bibtex_entries((site / "_cite/my-health.bib").read_text("utf-8"))
    assert own == health


def test_a_direction_override_in_a_title_is_refused_naming_the_file(
    make_root: Callable[[str], Archive],
) -> None:
    archive = _hostile_root(make_root)
    document = archive.documents / "my-health.md"
    document.write_text(document.read_text("utf-8").replace("ok", "\\u202eevil"), "utf-8")
    built = build_site(archive)
    assert any("my-health.md" in w and "U+202E" in w for w in built.warnings), built.warnings
    assert not (built.outdir / "_cite/my-health.bib").exists()
    assert "my-health" not in (built.outdir / "_cite/all_documents.bib").read_text("utf-8")
