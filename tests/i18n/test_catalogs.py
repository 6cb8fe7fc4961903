"""The tool's own catalogues: every string the extension marks is in every language's crossings.po."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from crossings.languages import sphinx_language, tags
from crossings.sphinx import catalogs

SPHINX_PACKAGE = Path(catalogs.__file__).resolve().parent
TEMPLATE_CALL = re.compile(r"""\b_\(\s*(?:"([^"]+)"|'([^']+)')\s*\)""")


def marked_strings() -> set[str]:
    """Literal arguments of ``_()`` and ``N_()`` in crossings (Python) and its Sphinx templates."""
    found: set[str] = set()
    for path in SPHINX_PACKAGE.parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    for path in (SPHINX_PACKAGE / "templates").rglob("*.html"):
        for match in TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    return found


def po_ids(language: str, domain: str) -> dict[str, str]:
    """msgid -> msgstr of one of the tool's .po files."""
    path = catalogs.SOURCE / language / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id and isinstance(m.id, str)}


SPHINX_STRINGS = {"Search", "Index", "Next", "Previous", "Home", "On this page", "Search Results"}


@pytest.mark.parametrize("language", [sphinx_language(tag) for tag in tags() if tag != "en"])
def test_every_marked_string_is_in_the_catalogue(language: str) -> None:
    ours = po_ids(language, "crossings")
    missing = sorted(s for s in marked_strings() if s not in ours)
    assert not missing, f"add to crossings/locale/{language}/LC_MESSAGES/crossings.po: {missing}"


def test_thai_has_the_theme_strings_sphinx_lacks() -> None:
    thai = po_ids("th", "sphinx")
    for msgid in SPHINX_STRINGS:
        assert thai.get(msgid), msgid


def test_compiled_catalogues_translate(tmp_path: Path) -> None:
    import gettext

    catalogs.compile_all(tmp_path)
    thai = gettext.translation("crossings", localedir=tmp_path, languages=["th"])
    assert thai.gettext("Countries") == "ประเทศและดินแดน"
    # sphinx.mo carries the tool's strings too, for code that marks them with sphinx.locale._
    sphinx = gettext.translation("sphinx", localedir=tmp_path, languages=["th"])
    assert sphinx.gettext("Countries") == "ประเทศและดินแดน"
    assert sphinx.gettext("Next") == "ถัดไป"
    script = (tmp_path / "th" / "LC_MESSAGES" / "sphinx.js").read_text(encoding="utf-8")
    assert script.startswith("Object.assign(Documentation.TRANSLATIONS, {")
    assert "Documentation.PLURAL_EXPR = (n) => Number(0);" in script  # Thai has one form
    assert "new Function" not in script and "addTranslations" not in script  # no eval under the CSP
    assert "ผลการค้นหา" in script


@pytest.mark.parametrize(
    ("expr", "rule"),
    [
        ("(n != 1)", "Number((n != 1))"),
        ("0", "Number(0)"),
        ("alert(1)", "Number(0)"),
        ("n);fetch(n", "Number(0)"),
    ],
)
def test_plural_rule_is_code_only_when_it_is_arithmetic(expr: str, rule: str) -> None:
    assert f"Documentation.PLURAL_EXPR = (n) => {rule};" in catalogs.js_catalog({}, "xx", expr)


def test_proceedings_headings_come_from_the_catalogues() -> None:
    from crossings.sphinx.book import WORDS, word

    assert word("appendix", "zh-Hant") == po_ids("zh_TW", "crossings")[WORDS["appendix"]] == "附錄"
    assert word("appendix", "th") == "ภาคผนวก"
    assert word("appendix", "en") == "Appendix"
    assert catalogs.translate("No such message", "zh_CN") == "No such message"
