"""Warnings as declared types: each has a subtype of Warn, and suppress_warnings silences it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from crossings.archive import Archive
from crossings.publish.sphinx_build import build_site
from crossings.sphinx.warnings import Warn

PACKAGE = Path(__file__).resolve().parents[2] / "crossings"
ROOTS = Path(__file__).resolve().parents[1] / "roots"
DECLARING = PACKAGE / "sphinx" / "warnings.py"


def sources() -> list[tuple[Path, str]]:
    """Every module of the package but the one that declares the warnings."""
    return [(path, path.read_text("utf-8")) for path in sorted(PACKAGE.rglob("*.py")) if path != DECLARING]


def test_no_module_spells_a_type_or_subtype_of_its_own() -> None:
    spelled = [
        f"{path}:{text.count(chr(10), 0, match.start()) + 1}: {match.group()}"
        for path, text in sources()
        for match in re.finditer(r"\bsubtype\s*=|\btype\s*=\s*[\"']crossings[\"']", text)
    ]
    assert spelled == []


def test_every_warning_of_the_extension_goes_through_warn_with_a_declared_subtype() -> None:
    sphinx_modules = [(path, text) for path, text in sources() if path.parent.name == "sphinx"]
    untyped = [str(path) for path, text in sphinx_modules if re.search(r"logger\.(warning|error)\(", text)]
    assert untyped == []
    calls = [
        (path, call) for path, text in sphinx_modules for call in re.findall(r"\bwarn\(\s*([^,]+),", text)
    ]
    assert calls, "no warn() call found: the scan is looking in the wrong place"
    undeclared = [
        (str(path), arg) for path, arg in calls if not re.fullmatch(r"Warn\.[A-Z_]+|Warn\.for_field\(.*", arg)
    ]
    assert undeclared == []
    names = {arg.removeprefix("Warn.") for _path, arg in calls if not arg.startswith("Warn.for_field")}
    assert names <= {member.name for member in Warn}


def test_a_subtype_outside_the_enum_cannot_be_made() -> None:
    with pytest.raises(ValueError):
        Warn("no-such-kind")
    assert all(member.__doc__ and member.__doc__ != Warn.__doc__ for member in Warn)


PROVOKED = {
    "media": ("source/about.md", "\n![a remote picture](https://tracker.example.com/pixel.png)\n"),
    "list": ("source/about.md", "\n```{crossings-list}\n:theme: no-such-theme\n```\n"),
}


def provoking(tmp_path: Path) -> Archive:
    """The test site with a remote image, a list of an unknown theme and a document of an unknown theme."""
    shutil.copytree(ROOTS / "test-site", tmp_path / "site")
    archive = Archive.at(tmp_path / "site")
    for relative, text in PROVOKED.values():
        path = archive.root / relative
        path.write_text(path.read_text("utf-8") + text, "utf-8")
    report = archive.root / "source" / "documents" / "hk-report.md"
    report.write_text(report.read_text("utf-8").replace("police-and-violence]", "no-such-theme]"), "utf-8")
    return archive


def kinds(warnings: list[str]) -> set[str]:
    """The crossings warning kinds among Sphinx's warning lines."""
    return {match for line in warnings for match in re.findall(r"\[crossings\.([a-z-]+)\]", line)}


@pytest.mark.slow
def test_each_kind_is_silenced_by_suppress_warnings_and_only_that_kind(tmp_path: Path) -> None:
    archive = provoking(tmp_path)
    shown = kinds(build_site(archive, fresh=True).warnings)
    assert {"media", "list", "theme"} <= shown
    for kind in ("media", "list", "theme"):
        quiet = build_site(archive, fresh=True, overrides={"suppress_warnings": [Warn(kind).suppress]})
        assert kinds(quiet.warnings) == shown - {kind}, kind
    silent = build_site(archive, fresh=True, overrides={"suppress_warnings": ["crossings"]})
    assert kinds(silent.warnings) == set()
