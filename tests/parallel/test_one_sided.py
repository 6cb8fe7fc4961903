"""A name withheld on one side only: the translation marks it with {redact}, the original writes
it plainly. One mark withholds the name in the whole family (the original's page, the
translation's, the side-by-side view and the search index), whether the translation is the
document's catalogue (sphinx-intl) or a catalogued document of its own (``x-th``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.init import create_archive
from tests.editions.test_redteam import crossings, holders, meta, write_doc

pytestmark = pytest.mark.slow

CATALOGUE_NAME = "Dara Cataloguesample"
FAMILY_NAME = "Somsri Familysample"
SENTENCE = "We met {name} at the clinic."


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two English documents whose names only their Thai translations withhold, built in English
    and Thai: ``cat`` through its Thai catalogue, ``fam`` through the document ``fam-th``."""
    root = tmp_path_factory.mktemp("one-sided") / "archive"
    create_archive(root, "One-sided redaction")
    plain = SENTENCE.format(name=CATALOGUE_NAME)
    write_doc(root, "cat", meta("cat", "Clinic notes"), f"# Clinic notes\n\n{plain}\n\nMore words.\n")
    family = SENTENCE.format(name=FAMILY_NAME)
    body = f"# Route notes\n\n{family}\n\n## With {FAMILY_NAME}\n\nMore words.\n"  # its anchor too
    write_doc(root, "fam", meta("fam", "Route notes"), body)
    thai = f"# บันทึกเส้นทาง\n\nเราพบ {{redact}}`{FAMILY_NAME}` ที่คลินิก\n\nคำอื่น ๆ\n"
    write_doc(root, "fam-th", meta("fam-th", "บันทึกเส้นทาง", language="th"), thai)
    crossings(root, "translate", "update", "--lang", "th")
    po = root / "locales" / "th" / "LC_MESSAGES" / "documents" / "cat.po"
    text = po.read_text("utf-8").replace('#, fuzzy\nmsgid ""', 'msgid ""')
    for msgid, msgstr in {
        "Clinic notes": "บันทึกคลินิก",
        plain: f"เราพบ {{redact}}`{CATALOGUE_NAME}` ที่คลินิก",
        "More words.": "คำอื่น ๆ",
    }.items():
        old = f'msgid "{msgid}"\nmsgstr ""'
        assert old in text, msgid
        text = text.replace(old, f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    po.write_text(text, "utf-8")
    crossings(root, "build", "html", "--lang", "en")
    crossings(root, "build", "html", "--lang", "th")
    return root


def test_a_name_a_catalogue_withholds_is_withheld_on_the_originals_page_and_the_view(archive: Path) -> None:
    """The Thai catalogue withholds the name: the English page, the Thai site's parallel view (which
    shows the English page beside the Thai one) and both search indexes do not hold it."""
    html = archive / "build" / "public" / "html"
    assert (html / "th" / "documents" / "cat.parallel-en.html").is_file()
    assert holders(html, CATALOGUE_NAME) == []
    assert holders(archive / "build" / "public" / "corpus", CATALOGUE_NAME) == []
    assert holders(archive / "build" / "public" / "src", CATALOGUE_NAME) == [], "the staged sources (exports)"


def test_a_name_a_translated_document_withholds_is_withheld_in_its_original(archive: Path) -> None:
    """``fam-th`` withholds the name ``fam`` writes plainly: neither page nor the view holds it."""
    html = archive / "build" / "public" / "html"
    assert list(html.glob("*/documents/fam-th.parallel-en.html"))
    assert holders(html, FAMILY_NAME) == []
    assert holders(archive / "build" / "public" / "corpus", FAMILY_NAME) == []
    assert holders(archive / "build" / "public" / "src", FAMILY_NAME) == [], "the staged sources (exports)"
