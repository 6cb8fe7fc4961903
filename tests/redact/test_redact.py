"""Redaction of names in staged documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.errors import CrossingsError
from crossings.redact import RedactedName, load_redactions, marker_for, redact_text, role_names

NAMES = [RedactedName("Mali Sample-Srisuk", (), 1), RedactedName("陳樣本", ("hk",), 2)]


def test_public_edition_replaces_roles_and_listed_names_even_across_line_breaks() -> None:
    text = "# About Mali Sample-Srisuk\n\nWe met {redact}`Somchai Example` and MALI\nSAMPLE-SRISUK.\n"
    out, log = redact_text(text, "doc", NAMES, public=True)
    assert "Mali" not in out and "MALI" not in out and "Somchai" not in out
    assert out.count("\\[name withheld\\]") == 3  # escaped: a marker never becomes a link
    assert {entry.kind for entry in log} == {"role", "list"}
    assert all("Mali" not in str(entry) for entry in log)


def test_names_scoped_to_documents_only_apply_there() -> None:
    out, _ = redact_text("陳樣本說", "other", NAMES, public=True)
    assert out == "陳樣本說"
    out, _ = redact_text("陳樣本說", "hk", NAMES, public=True, lang="zh-Hant")
    assert out == "［姓名已隱去］說"


def test_latin_names_match_whole_words_only() -> None:
    out, _ = redact_text("Mali Sample-Srisukkk", "doc", NAMES, public=True)
    assert out == "Mali Sample-Srisukkk"


def test_internal_edition_marks_names_with_the_role() -> None:
    out, _ = redact_text("Hello Mali Sample-Srisuk and {redact}`X Y`.", "doc", NAMES, public=False)
    assert out == "Hello {redact}`Mali Sample-Srisuk` and {redact}`X Y`."
    assert role_names(out) == ["Mali Sample-Srisuk", "X Y"]


def test_marker_falls_back_to_english() -> None:
    assert marker_for("th") == "[สงวนชื่อ]"
    assert marker_for("fr") == "[name withheld]"


def test_redactions_file(tmp_path: Path) -> None:
    path = tmp_path / "redactions.csv"
    assert load_redactions(path) == []
    path.write_text("name,documents,note\n Ann  Example ,a;b,x\n,,\n", "utf-8")
    assert load_redactions(path) == [RedactedName("Ann Example", ("a", "b"), 1)]
    path.write_text("who\nAnn\n", "utf-8")
    with pytest.raises(CrossingsError, match=r"redactions\.csv:1"):
        load_redactions(path)
    path.write_text("name\nA\n", "utf-8")
    with pytest.raises(CrossingsError, match=r"redactions\.csv:2: name .A. is too short"):
        load_redactions(path)


def test_file_name_spellings_are_withheld_in_the_public_edition() -> None:
    text = "![photo](pub/Mali_Sample-Srisuk.png) and ![x](pub/mali-sample-srisuk-2.jpg)"
    out, log = redact_text(text, "doc", NAMES, public=True)
    assert out == "![photo](pub/withheld.png) and ![x](pub/withheld-2.jpg)"
    assert [entry.kind for entry in log] == ["file", "file"]


def test_media_file_names_are_redacted_like_their_links() -> None:
    from crossings.redact import redact_file_name

    assert redact_file_name("Mali_Sample-Srisuk.png", "doc", NAMES) == "withheld.png"
    assert redact_file_name("image-1.png", "doc", NAMES) == "image-1.png"
