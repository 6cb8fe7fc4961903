"""A paper's title and "Cite as" line say what its page says: Korean words keep their spaces in a
paper of any language (xeCJK drops a space between CJK characters where Korean is not set), and
a paper a catalogue translates is titled and cited as the translation, like its page and files.

One small archive, built with the real command line: html, then papers, in English and Thai.
"""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crossings.cli import main
from tests.papers.readers import meta_tags, values
from tests.proceedings.archive import document, make_archive
from tests.proceedings.conftest import needs_tex

pytestmark = [pytest.mark.slow, needs_tex]

KOREAN_TITLE = "서울 이주 노동자 보고서"
KOREAN_AUTHOR = "김 민지"
THAI_TITLE = "รายงานชายฝั่ง"
EXTRA = {
    "seoul": document(
        "seoul", f'"{KOREAN_TITLE}"', "paper", "ko", "서울의 이주 노동자 이야기.", authors="[Lee Min-ji]"
    ),
    "coast": document(
        "coast", "Coast report", "paper", "en", "Raids on the coast.", authors=f'["{KOREAN_AUTHOR}", Ann Lee]'
    ),
}
CATALOGUE = f"""msgid ""
msgstr ""
"Language: th\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Coast report"
msgstr "{THAI_TITLE}"

msgid "Raids on the coast."
msgstr "การบุกค้นชายฝั่ง"
"""


@dataclass
class Built:
    """The archive, built in English and Thai."""

    root: Path

    def documents(self, lang: str) -> Path:
        return self.root / "build" / "public" / "html" / lang / "documents"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--archive", str(root)])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = make_archive(tmp_path_factory.mktemp("shown") / "archive", EXTRA).root
    (root / "source" / "foreword.md").unlink()  # the proceedings' front matter: no page of the site
    folder = root / "locales" / "th" / "LC_MESSAGES" / "documents"
    folder.mkdir(parents=True)
    (folder / "coast.po").write_text(CATALOGUE, "utf-8")
    for lang in ("en", "th"):
        site = run(root, "build", "html", "--lang", lang)
        assert site.exit_code == 0, site.output
        run(root, "build", "papers", "--lang", lang)  # other sample papers may fail: not these
    return Built(root)


def first_page(pdf: Path) -> str:
    """The first page's text, spaces collapsed."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode().split("\f")[0].split())


def flat(text: str) -> str:
    """Without whitespace and combining marks (text layers reorder stacked Thai marks), NFKD."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not c.isspace() and not unicodedata.category(c).startswith("M"))


def pdf_title(pdf: Path) -> str:
    """The Title of the PDF's information dictionary."""
    done = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], capture_output=True, check=True)
    lines = done.stdout.decode().splitlines()
    return next(line.split(":", 1)[1].strip() for line in lines if line.startswith("Title:"))


@pytest.mark.parametrize("lang", ["en", "th"])
def test_korean_words_keep_their_spaces_in_the_title_and_citation(built: Built, lang: str) -> None:
    seoul = first_page(built.documents(lang) / "seoul.pdf")
    assert seoul.startswith(KOREAN_TITLE) and f"Lee Min-ji. {KOREAN_TITLE}." in seoul
    coast = first_page(built.documents(lang) / "coast.pdf")
    assert f"{KOREAN_AUTHOR}, Ann Lee." in coast


def test_a_translated_paper_is_titled_and_cited_as_its_page(built: Built) -> None:
    pdf = built.documents("th") / "coast.pdf"
    tags = meta_tags((built.documents("th") / "coast.html").read_text("utf-8"))
    assert values(tags, "citation_title") == [THAI_TITLE] == [pdf_title(pdf)]
    first = flat(first_page(pdf))
    assert first.startswith(flat(THAI_TITLE)) and flat(f"Ann Lee. {THAI_TITLE}.") in first
    assert "Coast report" not in first
    english = built.documents("en") / "coast.pdf"
    assert pdf_title(english) == "Coast report" and first_page(english).startswith("Coast report")
