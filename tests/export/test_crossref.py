"""The Crossref deposit built from metadata alone: well-formed, in Crossref's namespace, in the
order of its schema, and unbreakable by hostile metadata (crossings/export/crossref.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from crossings.archive import Archive
from crossings.errors import CrossingsError
from crossings.export.clean import one_line
from crossings.export.conference import Conference
from crossings.export.crossref import NAMESPACE, deposit
from crossings.export.deposit import require_settings
from crossings.export.pages import Pages, parse_aux
from crossings.export.public import PublicDocument
from crossings.languages import get
from crossings.settings import Imprint, Invalid, Settings, doi_prefix, email
from crossings.settings import one_line as one_line_setting

NS = {"c": NAMESPACE}
# The order of children Crossref's schema (5.3.1) prescribes, for the elements written here.
ORDER = {
    "doi_batch": ["head", "body"],
    "head": ["doi_batch_id", "timestamp", "depositor", "registrant"],
    "event_metadata": ["conference_name", "conference_sponsor", "conference_location", "conference_date"],
    "proceedings_metadata": ["proceedings_title", "publisher", "publication_date", "noisbn", "doi_data"],
    "conference_paper": ["contributors", "titles", "publication_date", "pages", "doi_data"],
    "publication_date": ["month", "day", "year"],
}
HOSTILE = (
    'Evil </title></titles><doi_data><doi>10.9999/x</doi></doi_data> & "q" '
    "\x00\x1b\x7f\u202eabc\u2066 <!-- x -->"
)


def settings(**changes: str) -> Settings:
    values = {
        "doi_prefix": "10.5555",
        "base_url": "https://crossings.example.org/",
        "depositor_name": "Sample Press",
        "depositor_email": "doi@example.org",
    }
    return Settings(**(values | changes))  # type: ignore[arg-type]


def conference(**changes: str) -> Conference:
    imprint = Imprint("Sample proceedings", "Sample", "Sample Press", "Hong Kong", "2026", "CC BY 4.0")
    return Conference(
        settings(**changes), imprint, "hk-2001", "Sample conference", "Hong Kong", "2001-06-15", "2001-06-17",
        ("Sample Organiser", "[name withheld]"),
    )  # fmt: skip


def document(doc_id: str, **meta: object) -> PublicDocument:
    base: dict[str, object] = {
        "id": doc_id,
        "title": f"Title of {doc_id}",
        "language": "en",
        "access": "public",
    }
    return PublicDocument(doc_id, base | meta, Path(f"{doc_id}.md"))


def parsed(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def test_the_deposit_is_well_formed_in_crossrefs_namespace_and_schema_order() -> None:
    docs = [
        document("a-paper", authors=["Sample Author A", "Sample Author B"], organisations=["Sample Group"]),
        document("b-notes", language="zh-Hant"),
    ]
    made = deposit(conference(), docs, get("en"), Pages("x.aux", {"a-paper": ("3", "7")}))
    root = parsed(made.xml)
    assert etree.QName(root).namespace == NAMESPACE and local(root) == "doi_batch"
    assert root.get("version") == "5.3.1"
    location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    assert location == f"{NAMESPACE} https://www.crossref.org/schemas/crossref5.3.1.xsd"
    for element in root.iter():
        assert etree.QName(element).namespace == NAMESPACE, element.tag
        wanted = ORDER.get(local(element))
        if wanted:
            names = [local(child) for child in element]
            assert names == sorted(names, key=wanted.index), (local(element), names)
    for path in ("c:head/c:doi_batch_id", "c:head/c:timestamp", "c:head/c:depositor/c:depositor_name",
                 "c:head/c:depositor/c:email_address", "c:head/c:registrant"):  # fmt: skip
        assert root.findtext(path, namespaces=NS), path
    meeting = root.find("c:body/c:conference", NS)
    assert meeting.findtext("c:event_metadata/c:conference_name", namespaces=NS) == "Sample conference"
    date = meeting.find("c:event_metadata/c:conference_date", NS)
    assert (date.get("start_year"), date.get("start_month"), date.get("end_day")) == ("2001", "06", "17")
    sponsors = meeting.findall("c:event_metadata/c:conference_sponsor", NS)
    assert [s.text for s in sponsors] == ["Sample Organiser"]  # a withheld name is no sponsor
    proceedings = meeting.find("c:proceedings_metadata", NS)
    assert proceedings.findtext("c:doi_data/c:doi", namespaces=NS) == "10.5555/hk-2001"
    assert proceedings.find("c:noisbn", NS).get("reason") == "archive_volume"
    papers = meeting.findall("c:conference_paper", NS)
    assert [p.findtext("c:doi_data/c:doi", namespaces=NS) for p in papers] == [
        "10.5555/hk-2001.a-paper",
        "10.5555/hk-2001.b-notes",
    ]
    assert papers[0].findtext("c:doi_data/c:resource", namespaces=NS) == (
        "https://crossings.example.org/en/documents/a-paper.html"
    )
    people = papers[0].findall("c:contributors/*", NS)
    assert [(local(p), p.get("sequence"), p.get("contributor_role")) for p in people] == [
        ("person_name", "first", "author"),
        ("person_name", "additional", "author"),
        ("organization", "additional", "author"),
    ]
    assert people[0].findtext("c:surname", namespaces=NS) == "Sample Author A"
    assert people[0].find("c:given_name", NS) is None  # names are not split: no guessed given name
    assert papers[0].findtext("c:pages/c:first_page", namespaces=NS) == "3"
    assert papers[0].findtext("c:pages/c:last_page", namespaces=NS) == "7"
    assert papers[1].find("c:pages", NS) is None and papers[1].find("c:contributors", NS) is None
    assert papers[1].get("language") == "zh"


def test_hostile_metadata_cannot_add_elements_or_break_the_xml() -> None:
    docs = [document("x", title=HOSTILE, authors=[HOSTILE], organisations=[HOSTILE])]
    made = deposit(conference(depositor_name=HOSTILE), docs, get("en"), Pages("", {}))
    root = parsed(made.xml)  # well-formed: lxml refuses anything else
    assert len(root.findall(".//c:doi", NS)) == 2  # the proceedings' and the paper's, none injected
    assert len(root.findall(".//c:title", NS)) == 1 and not root.xpath("//comment()")
    title = root.findtext(".//c:conference_paper/c:titles/c:title", namespaces=NS)
    assert title.startswith("Evil </title></titles><doi_data>") and '& "q"' in title
    for char in "\x00\x1b\x7f\u202e\u2066":
        assert char not in made.xml.decode("utf-8")


def test_withheld_names_are_no_contributors_and_are_counted() -> None:
    docs = [document("x", authors=["[name withheld]", "Sample Author R"], organisations=["［姓名已隱去］"])]
    made = deposit(conference(), docs, get("en"), Pages("", {}))
    root = parsed(made.xml)
    names = [e.text for e in root.iter(f"{{{NAMESPACE}}}surname")]
    assert names == ["Sample Author R"] and root.find(".//c:organization", NS) is None
    assert made.withheld_contributors == 2
    assert b"withheld" not in made.xml and "姓名".encode() not in made.xml


def test_dates_of_papers_are_the_proceedings_year_and_batches_are_timed() -> None:
    moment = datetime(2026, 12, 5, 12, 0, 1, tzinfo=UTC)
    made = deposit(conference(), [document("x")], get("th"), Pages("", {}), now=moment)
    root = parsed(made.xml)
    assert root.findtext("c:head/c:timestamp", namespaces=NS) == "20261205120001"
    assert made.batch == "crossings-hk-2001-20261205120001"
    years = [e.text for e in root.iter(f"{{{NAMESPACE}}}year")]
    assert years == ["2026", "2026"]
    resource = root.findtext(".//c:conference_paper/c:doi_data/c:resource", namespaces=NS)
    assert resource == "https://crossings.example.org/th/documents/x.html"


def test_pages_come_from_both_labels_of_a_document_in_arabic_numerals() -> None:
    aux = "\n".join(
        [
            r"\newlabel{documents/a:crossings-doc}{{I}{2}{Title}{section*.6}{}}",
            r"\newlabel{documents/a:id1}{{I}{3}{Heading}{subsection*.7}{}}",
            r"\newlabel{documents/a:crossings-doc-end}{{I}{4}{Heading}{subsection*.8}{}}",
            r"\newlabel{documents/b:crossings-doc}{{II}{9}{Only a start}{section*.9}{}}",
            r"\newlabel{documents/c:crossings-doc}{{}{iv}{Roman}{chapter*.2}{}}",
            r"\newlabel{documents/c:crossings-doc-end}{{}{v}{Roman}{chapter*.3}{}}",
            r"\newlabel{documents/d:crossings-doc}{{}{8}{Backwards}{chapter*.2}{}}",
            r"\newlabel{documents/d:crossings-doc-end}{{}{7}{Backwards}{chapter*.3}{}}",
            r"\newlabel{foreword:crossings-doc-end}{{}{1}{Editors}{chapter*.3}{}}",
        ]
    )
    assert parse_aux(aux) == {"a": ("2", "4")}


@pytest.mark.parametrize("value", ["a\u202eb", "a\nb", "a\x00b"])
def test_one_line_removes_what_xml_or_a_reader_cannot_take(value: str) -> None:
    assert one_line(value) == "a b"


def test_settings_of_the_deposit_are_checked() -> None:
    for good in ("", "10.5555", "10.123456789"):
        doi_prefix(good)
    for bad in ("10.55", "11.5555", "10.5555/x", " 10.5555", "10.1234567890", 10.5555):
        with pytest.raises(Invalid):
            doi_prefix(bad)
    email("")
    email("doi@example.org")
    for bad in ("doi", "a@b", "a b@example.org", "doi@example.org\n"):
        with pytest.raises(Invalid):
            email(bad)
    with pytest.raises(Invalid):
        one_line_setting("Sample\u202ePress")


def test_a_deposit_without_its_settings_is_refused_naming_each(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    with pytest.raises(CrossingsError) as caught:
        require_settings(archive, conference(doi_prefix="", base_url=""))
    message = str(caught.value)
    assert str(tmp_path / "conf.py") in message
    assert "crossings_doi_prefix" in message and "crossings_base_url" in message
    assert "crossings_depositor_name" not in message and "nothing was written" in message
    require_settings(archive, conference())
    dateless = conference()
    dateless = Conference(
        dateless.settings, Imprint("T", "D", "P", "", "", ""), "hk-2001", "N", "", "", "", ()
    )
    with pytest.raises(CrossingsError, match="crossings_publisher_year"):
        require_settings(archive, dateless)


def test_values_crossrefs_schema_refuses_are_named_where_they_are_written(empty_archive: Path) -> None:
    """Crossref's schema bounds the event's name (3 to 512 characters), each sponsor (255), the
    place (2 to 255), the proceedings' title (511), the depositor and the dates: a value outside
    them is named with the file's row and column (or the conf.py setting), the limit and what to do."""
    from crossings.export.conference import read_conference
    from crossings.export.crossref import schema_problems

    events = empty_archive / "vocabularies" / "events.csv"
    long_name, sponsor = "Sample conference " * 30, "Sample Organiser " * 16
    events.write_text(
        f"id,en,place,start,end,organisers\nev-1,{long_name},X,1201-06-15,2001-06-17,{sponsor};Fine Org\n",
        "utf-8",
    )
    conf = empty_archive / "conf.py"
    conf.write_text(
        conf.read_text("utf-8")
        + f'\ncrossings_title = {{"en": "{"Sample proceedings " * 30}"}}\n'
        + 'crossings_doi_prefix = "10.5555"\ncrossings_base_url = "https://archive.example.org/"\n'
        + 'crossings_depositor_name = "Sample Press"\ncrossings_depositor_email = "doi@example.org"\n',
        "utf-8",
    )
    found = schema_problems(read_conference(Archive(empty_archive), get("en")), [], get("en"))
    row = f"{events}, row 1 (line 2), column"
    by_where = {line.split(": ", 1)[0]: line for line in found}
    assert "539 characters, longer than the 3 to 512" in by_where[f"{row} en"]
    assert "conference_name" in by_where[f"{row} en"] and "change it in that cell" in by_where[f"{row} en"]
    assert "longer than the 1 to 255" in by_where[f"{row} organisers"]
    assert "'X' is 1 characters, shorter than the 2 to 255" in by_where[f"{row} place"]
    assert "the year 1201 is outside 1400 to 2200" in by_where[f"{row} start"]
    title = by_where[f"{conf}, setting crossings_title"]
    assert "569 characters, longer than the 1 to 511" in title and "proceedings_title" in title
    assert len(found) == 5, found
    # Short names are fine; a name a surname cannot be, and an over-long organisation, are not.
    docs = [document("a-paper", authors=["Sample Author", "?"], organisations=["Group " * 90])]
    found = schema_problems(read_conference(Archive(empty_archive), get("en")), docs, get("en"))
    named = [line for line in found if "reports/catalog.csv, the row of id 'a-paper'" in line]
    assert len(named) == 2 and "column authors" in named[0] and "column organisations" in named[1]
    assert "1 to 511" in named[1]
