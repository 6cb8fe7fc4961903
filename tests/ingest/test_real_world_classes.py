"""One test per class of wrong refusal or silent garbage the real-world corpus showed (issue 19).

Each input is written here (sample text by the tests' authors); each test failed on the code
before the fix (checked against main), for the reason in its name.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from crossings.catalog.model import DocumentMeta
from crossings.catalog.vocab import Term
from crossings.ingest.convert import convert
from crossings.ingest.docprops import metadata_warnings
from crossings.ingest.encodings import decode_text
from crossings.ingest.errors import IngestError
from crossings.ingest.passages import mark_passages
from crossings.ingest.prepare import escape_plain_text, prepare
from crossings.ingest.rtf import rtf_to_unicode
from crossings.ingest.scripts import check_script, script_for
from crossings.ingest.sniff import sniff

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24
JAPANESE = "移住労働者の女性たちは、借金と在留資格の問題に苦しんでいると報告書は述べている。"
RUSSIAN = "Сотрудники полиции задержали женщин, приехавших на заработки, и отправили их в приют."
GREEK = "Η αστυνομία συνέλαβε γυναίκες μετανάστριες που εργάζονταν στην πόλη χωρίς άδεια."
HEBREW = "המשטרה עצרה נשים מהגרות שעבדו בעיר ללא אישור עבודה ושלחה אותן למקלט."
ARABIC = "اعتقلت الشرطة نساء مهاجرات كن يعملن في المدينة دون تصريح عمل وأرسلتهن إلى مأوى."
TURKISH = "Polis, şehirde çalışma izni olmadan çalışan göçmen kadınları gözaltına aldı ve sığınağa gönderdi."
KOREAN = "경찰은 나이트클럽에서 일하는 이주 여성들을 체포했다. 많은 여성들이 빚을 지고 있다."


def _docx(build: object = None, *, creator: str = "") -> bytes:
    """A small .docx made with python-docx."""
    document = docx.Document()
    if callable(build):
        build(document)
    if creator:
        document.core_properties.author = creator
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change: dict[str, bytes | None], rename: dict[str, str] | None = None) -> bytes:
    """*data* with some entries replaced (None: removed) or renamed."""
    rename = rename or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = change.get(info.filename, source.read(info))
            if content is not None:
                target.writestr(rename.get(info.filename, info.filename), content)
    return out.getvalue()


def _convert(data: bytes, tmp_path: Path, name: str, language: str = "en", script: str = "") -> str:
    """The converted body of one original."""
    meta = DocumentMeta(id="sample", title="Sample", type="paper", file=name, language=language)
    work = tmp_path / "work"
    work.mkdir()
    return convert(data, work, f"reports/{name}", meta, now="2026-01-01T00:00:00Z", script=script).body


def test_docx_main_part_named_by_its_relationships(tmp_path: Path) -> None:
    data = _docx(lambda d: d.add_paragraph("Text of the renamed main part."))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        rels = package.read("_rels/.rels").replace(b"word/document.xml", b"word/document2.xml")
        types = package.read("[Content_Types].xml").replace(b"/word/document.xml", b"/word/document2.xml")
        part_rels = package.read("word/_rels/document.xml.rels")
    renamed = _rezip(
        data,
        {"_rels/.rels": rels, "[Content_Types].xml": types, "word/_rels/document.xml.rels": None},
        {"word/document.xml": "word/document2.xml"},
    )
    renamed = (
        _rezip(renamed, {})
        if part_rels is None
        else _add(renamed, "word/_rels/document2.xml.rels", part_rels)
    )
    assert sniff(renamed, "reports/r.docx") == "docx"
    assert "Text of the renamed main part." in _convert(renamed, tmp_path, "r.docx")


def _add(data: bytes, name: str, content: bytes) -> bytes:
    """*data* with one more entry."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as package:
        package.writestr(name, content)
    return out.getvalue()


def test_ole_stream_names_are_compared_without_case() -> None:
    assert sniff(OLE2 + "worddocument".encode("utf-16-le"), "reports/lower.doc") == "doc"


def test_word_2003_xml_saved_as_doc_is_a_word_document() -> None:
    xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<?mso-application progid="Word.Document"?>\n'
        b'<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body/></w:wordDocument>'
    )
    assert sniff(xml, "reports/saved-as.doc") == "wordxml"


def test_rtf_padded_with_nul_bytes_is_rtf() -> None:
    data = b"{\\rtf1\\ansi\\deff0 {\\fonttbl{\\f0 Times;}}\\f0 Padded report.\\par}" + b"\x00" * 700
    assert sniff(data, "reports/padded.rtf") == "rtf"


def test_ms932_rtf_font_table_is_not_judged_as_text() -> None:
    data = (
        b"{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl"
        b"{\\f0\\fcharset128 \\'82\\'6c\\'82\\'72 \\'96\\'be\\'92\\'a9;}}"
        b"\\f0 \\'93\\'fa\\'96\\'7b\\par}"
    )
    assert b"\\u26085" in rtf_to_unicode(data, language="ja", display="reports/j.rtf")  # 日


def test_language_check_samples_the_whole_text() -> None:
    preface = ("This English preface explains the sources and the method of the report. " * 200).strip()
    data = (preface + "\n\n" + JAPANESE * 3).encode("cp932")
    text, codec = decode_text(data, language="ja", display="reports/long.txt")
    assert codec == "cp932" and JAPANESE in text


def test_iso_2022_kr_is_text_not_binary() -> None:
    data = KOREAN.encode("iso2022_kr")
    assert sniff(data, "reports/k.txt") == "txt"
    assert decode_text(data, language="ko", display="reports/k.txt")[0] == KOREAN


def test_iso_2022_jp_is_not_read_as_ascii() -> None:
    text, codec = decode_text(JAPANESE.encode("iso2022_jp"), language="ja", display="reports/j.txt")
    assert text == JAPANESE and codec.startswith("iso2022_jp")


def test_script_comes_from_languages_csv() -> None:
    languages = [Term("xx", {"en": "Sample"}, attrs={"script": "Cyrl"}), Term("en", attrs={"script": "Latn"})]
    assert script_for("xx", languages) == "Cyrl"
    text, codec = decode_text(RUSSIAN.encode("cp1251"), language="xx", script="Cyrl", display="reports/r.txt")
    assert text == RUSSIAN and codec == "cp1251"


@pytest.mark.parametrize(
    ("sample", "language", "codec"),
    [
        (RUSSIAN, "ru", "cp1251"),
        (RUSSIAN, "ru", "koi8_r"),
        (RUSSIAN, "ru", "cp866"),
        (RUSSIAN, "ru", "iso8859_5"),
        (GREEK, "el", "cp1253"),
        (HEBREW, "he", "cp1255"),
        (ARABIC, "ar", "cp1256"),
        (TURKISH, "tr", "cp1254"),
    ],
)
def test_legacy_code_pages_of_other_scripts(sample: str, language: str, codec: str) -> None:
    text, _used = decode_text(sample.encode(codec), language=language, display="reports/l.txt")
    assert text == sample


def test_cp1256_is_not_accepted_as_cp1252_mojibake() -> None:
    mojibake = ARABIC.encode("cp1256").decode("cp1252", "replace")
    assert not check_script(mojibake, "ar").ok


def test_headerless_rtf_fragment_is_rtf(tmp_path: Path) -> None:
    data = b"{\\pard The fragment's \\b bold\\b0  words.\\par}"
    assert sniff(data, "reports/fragment.rtf") == "rtf-fragment"
    body = _convert(data, tmp_path, "fragment.rtf")
    assert "**bold**" in body and "\\pard" not in body


def test_empty_word_heading_leaves_no_empty_title(tmp_path: Path) -> None:
    def build(document: docx.document.Document) -> None:
        document.add_heading("", level=1)
        document.add_paragraph("Body after an empty heading.")

    body = _convert(_docx(build), tmp_path, "empty-heading.docx")
    assert not re.search(r"^#+\s*$", body, re.M)
    assert body.lstrip().startswith("# Sample")


def test_word_2_file_is_not_called_binary() -> None:
    data = b"\xdb\xa5\x2d\x00" + bytes(range(1, 32)) * 40
    assert sniff(data, "reports/word2.doc") == "word2"


def test_japanese_ruby_is_kept(tmp_path: Path) -> None:
    data = _docx(lambda d: d.add_paragraph("RUBY"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    ruby = (
        "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>かんじ</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>漢字</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    xml = re.sub(r"<w:r>(?:(?!<w:r>).)*?RUBY</w:t></w:r>", ruby, xml, flags=re.S)
    body = _convert(_rezip(data, {"word/document.xml": xml.encode("utf-8")}), tmp_path, "ruby.docx", "ja")
    assert "漢字（かんじ）" in body


def test_rtf_surrogate_pairs_are_one_character(tmp_path: Path) -> None:
    data = b"{\\rtf1\\ansi\\deff0 {\\fonttbl{\\f0 Times;}}\\f0 Gothic \\u-10240?\\u-8400? letter.\\par}"
    body = _convert(data, tmp_path, "gothic.rtf")
    assert "\U00010330" in body and "\ufffd" not in body and "?" not in body


def test_rights_protected_doc_is_refused() -> None:
    data = OLE2 + "WordDocument".encode("utf-16-le") + "\tDRMContent".encode("utf-16-le")
    with pytest.raises(IngestError, match=r"rights-protected \(IRM\)"):
        sniff(data, "reports/irm.doc")


def test_postscript_renamed_doc_is_refused() -> None:
    with pytest.raises(IngestError, match="this is a PostScript file"):
        sniff(b"%!PS-Adobe-3.0\n%%Title: report\nshowpage\n", "reports/print.doc")


def test_korean_with_hanja_is_korean() -> None:
    text = "대한민국 憲法 第一條는 국민의 권리를 말한다."
    assert "{lang}" not in mark_passages(text, "ko")


def test_plain_text_keeps_lists_and_paragraphs() -> None:
    marked = escape_plain_text("Needs:\n- shelter\n- legal aid\n\n1. first step\n2. second step\n")
    assert "\n- shelter\n- legal aid\n" in marked and "\n1. first step\n2. second step\n" in marked


def test_name_warning_only_when_the_text_names_the_person() -> None:
    quiet = _docx(lambda d: d.add_paragraph("No names here."), creator="Anna Sample")
    assert metadata_warnings(quiet, "docx", "No names here.") == []
    loud = metadata_warnings(quiet, "docx", "Interview with Anna Sample, 2001.")
    assert len(loud) == 1 and "redactions.csv" in loud[0] and "Anna Sample" in loud[0]


def test_header_only_complex_table_keeps_every_cell(tmp_path: Path) -> None:
    html = (
        b"<html><body><table><thead><tr><th>A</th><th>B</th></tr><tr><th>C</th><th>D</th></tr></thead>"
        b"</table></body></html>"
    )
    work = tmp_path / "p"
    work.mkdir()
    assert prepare(html, work, "reports/t.html").kind == "html"
    body = _convert(html, tmp_path, "t.html")
    assert ":header-rows: 0" in body and all(cell in body for cell in "ABCD")
