"""End to end: ingest marks a Chinese quotation in an English report; the site gives it lang="zh-Hant"."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crossings.archive import Archive
from crossings.catalog.csvfile import write_catalog
from crossings.cli import main
from crossings.init import create_archive
from crossings.publish.sphinx_build import build_site
from tests.i18n.html import page

pytestmark = pytest.mark.slow

REPORT = """# Night outreach

The team met a worker near the station. She said 「我們不是罪犯」 and asked for a leaflet.

ผู้หญิงหลายคนต้องการข้อมูลด้านสุขภาพเป็นภาษาไทย

The team will come back next week.
"""


def test_ingested_quotation_is_marked_in_the_html(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    create_archive(root, "Test archive")
    (root / "reports" / "outreach.md").write_text(REPORT, encoding="utf-8")
    row = {
        "file": "outreach.md",
        "id": "outreach",
        "title": "Night outreach",
        "type": "paper",
        "countries": "HK",
        "themes": "health-and-hiv",
        "language": "en",
        "date": "2001-06-15",
        "access": "public",
    }
    write_catalog(root / "reports" / "catalog.csv", [row])
    result = CliRunner().invoke(main, ["ingest", "--archive", str(root)])
    assert result.exit_code == 0, result.output
    markdown = (root / "source" / "documents" / "outreach.md").read_text(encoding="utf-8")
    assert "{lang}`「我們不是罪犯」 <zh-Hant>`" in markdown
    assert "```{lang} th" in markdown

    built = build_site(Archive.at(root), "html", "public", "en")
    html = page(built.outdir / "documents" / "outreach.html")
    assert [s.text for s in html.find("span", lang="zh-Hant")] == ["「我們不是罪犯」"]
    thai = html.find("div", lang="th")
    assert thai and "ภาษาไทย" in thai[0].text
