"""The OAI-PMH records an HTML build writes: their content, per edition, parallel and incremental."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from crossings.archive import Archive
from crossings.publish.sphinx_build import build_site
from tests.sphinx.conftest import copy_root

pytestmark = pytest.mark.slow
OLD = "2000-01-01T00:00:00Z"
STATIC_NS = "{http://www.openarchives.org/OAI/2.0/static-repository}"


def records(archive: Archive, edition: str = "public") -> dict[str, dict[str, Any]]:
    """The records file of an edition's English build, by document id."""
    data = json.loads((archive.edition_dir(edition) / "oai" / "en.json").read_text("utf-8"))
    return {record["id"]: record for record in data["records"]}


def values(record: dict[str, Any], name: str) -> list[str]:
    """The values of one Dublin Core element of a record."""
    return [f["value"] for f in record["fields"] if f["name"] == name]


def test_records_of_the_public_and_internal_editions(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    result = build_site(archive)
    public = records(archive)
    assert "testimony" not in public  # restricted
    assert {"hk-report", "my-health", "opening", "th-report", "th-report-th"} <= set(public)
    report = public["th-report"]
    assert values(report, "identifier") == ["https://archive.example.org/test/en/documents/th-report.html"]
    assert values(report, "publisher") == ["Sample Press"]
    assert "country:th" in report["sets"] and any(s.startswith("type:") for s in report["sets"])
    assert values(report, "coverage") and values(report, "subject")
    # A document and its translation name each other.
    assert values(report, "relation") == ["https://archive.example.org/test/en/documents/th-report-th.html"]
    assert values(public["th-report-th"], "relation") == [values(report, "identifier")[0]]
    static = etree.parse(str(result.outdir / "oai-static.xml")).getroot()
    assert static.tag == f"{STATIC_NS}Repository"
    build_site(archive, edition="internal")
    assert "testimony" in records(archive, "internal")


def test_parallel_build_writes_the_same_records(tmp_path: Path) -> None:
    serial = copy_root("site", tmp_path / "one")
    parallel = copy_root("site", tmp_path / "two")
    build_site(serial, jobs=1)
    build_site(parallel, jobs=2)
    strip = {"datestamp"}
    one = {k: {f: v for f, v in r.items() if f not in strip} for k, r in records(serial).items()}
    two = {k: {f: v for f, v in r.items() if f not in strip} for k, r in records(parallel).items()}
    assert one == two


def test_an_incremental_build_moves_only_the_changed_record(make_root: Callable[[str], Archive]) -> None:
    archive = make_root("site")
    build_site(archive)
    path = archive.edition_dir("public") / "oai" / "en.json"
    data = json.loads(path.read_text("utf-8"))
    for record in data["records"]:
        record["datestamp"] = OLD  # as if the first build had been long ago
    path.write_text(json.dumps(data), "utf-8")
    doc = archive.documents / "my-health.md"
    doc.write_text(doc.read_text("utf-8").replace("countries: [MY, SG]", "countries: [MY, PH]"), "utf-8")
    stat = doc.stat()
    os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    build_site(archive)
    after = records(archive)
    moved = {doc_id for doc_id, record in after.items() if record["datestamp"] != OLD}
    assert moved == {"my-health"}
    assert "country:ph" in after["my-health"]["sets"] and "country:sg" not in after["my-health"]["sets"]


# The setSpec of the OAI-PMH schema (OAI-PMH.xsd, setSpecType).
SET_SPEC = r"([A-Za-z0-9\-_\.!~\*'\(\)])+(:[A-Za-z0-9\-_\.!~\*'\(\)]+)*"


def test_a_term_that_is_no_code_makes_no_set(make_root: Callable[[str], Archive]) -> None:
    """Front matter naming a theme 'Sex Work' or 'law:asia' (the build warns of an unknown theme,
    and publishes) made the setSpecs 'theme:sex work' (refused by the schema) and 'theme:law:asia'
    (a set under 'theme:law', which no ListSets named). Every set of the records file is now a
    valid setSpec of a family and one term, listed with its family."""
    import re

    archive = make_root("site")
    page = archive.source / "documents" / "th-report.md"
    text = page.read_text("utf-8")
    hostile = "themes: [law-and-policy, migration-routes, 'law:asia', Sex Work, 'a b:c']"
    page.write_text(text.replace("themes: [law-and-policy, migration-routes]", hostile), "utf-8")
    build_site(archive)
    data = json.loads((archive.edition_dir("public") / "oai" / "en.json").read_text("utf-8"))
    listed = {info["spec"] for info in data["sets"]}
    for spec in listed:
        assert re.fullmatch(SET_SPEC, spec) and spec.count(":") <= 1, spec
    report = next(record for record in data["records"] if record["id"] == "th-report")
    assert {"theme:law-and-policy", "theme:migration-routes"} <= set(report["sets"])
    for record in data["records"]:
        for spec in record["sets"]:
            assert re.fullmatch(SET_SPEC, spec) and spec.count(":") == 1, spec
            assert spec in listed and spec.split(":")[0] in listed, spec


def test_without_a_contact_the_build_writes_no_static_file_and_says_why(
    make_root: Callable[[str], Archive],
) -> None:
    """No contact for harvesters is guessed: with crossings_oai_admin_email unset the build still
    writes the records (so setting it and building again turns OAI-PMH on), but no
    oai-static.xml, whose Identify would need one, and its note names the setting and conf.py."""
    from click.testing import CliRunner

    from crossings.cli import main

    archive = make_root("site")
    conf = archive.root / "conf.py"
    with_contact = conf.read_text("utf-8")
    conf.write_text(
        with_contact.replace("crossings_oai_admin_email =", "# crossings_oai_admin_email ="), "utf-8"
    )
    static = archive.edition_dir("public") / "html" / "en" / "oai-static.xml"
    built = CliRunner().invoke(main, ["build", "html", "--archive", str(archive.root)])
    assert built.exit_code == 0, built.output
    assert "note: OAI-PMH is off" in built.output and "crossings_oai_admin_email in conf.py" in built.output
    assert "th-report" in records(archive) and not static.exists()
    conf.write_text(with_contact, "utf-8")
    again = CliRunner().invoke(main, ["build", "html", "--archive", str(archive.root)])
    assert again.exit_code == 0 and "OAI-PMH is off" not in again.output, again.output
    identify = etree.parse(str(static)).getroot().find(f"{STATIC_NS}Identify")
    assert identify is not None
    assert identify.findtext("{http://www.openarchives.org/OAI/2.0/}adminEmail") == "archive@example.org"
