"""Front matter built to exhaust YAML's reader (nesting thousands deep, "billion laughs" aliases) is
refused at once as a YAML error at its line, by check and by the build."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crossings.catalog.frontmatter import read_document
from crossings.publish.sphinx_build import build_site
from tests.sphinx.conftest import copy_root

DEEP = "title: " + "[" * 5000 + "]" * 5000 + "\n"
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)
FRONT = "---\nid: x\ntype: paper\n{}---\n# X\n\nText.\n"


@pytest.mark.parametrize(
    ("yaml_text", "why", "line"), [(DEEP, "nested more than 32", 4), (LAUGHS, "alias", 5)]
)
def test_check_refuses_it_with_its_line(tmp_path: Path, yaml_text: str, why: str, line: int) -> None:
    path = tmp_path / "x.md"
    path.write_text(FRONT.format(yaml_text), encoding="utf-8")
    started = time.monotonic()
    meta, (problem, *_), _body = read_document(path, "source/documents/x.md")
    assert time.monotonic() - started < 2
    assert meta is None and why in problem.message and problem.line == line


@pytest.mark.parametrize(
    ("yaml_text", "why", "line"), [(DEEP, "nested more than 32", 2), (LAUGHS, "alias", 3)]
)
def test_the_build_refuses_that_page_alone(tmp_path: Path, yaml_text: str, why: str, line: int) -> None:
    archive = copy_root("site", tmp_path / "archive")
    opening = archive.root / "source" / "documents" / "opening.md"
    opening.write_text(opening.read_text("utf-8").replace("---\n", f"---\n{yaml_text}", 1), "utf-8")
    started = time.monotonic()
    result = build_site(archive, edition="internal")
    assert time.monotonic() - started < 60
    refused = [p for p in result.problems if p.file == "source/documents/opening.md"]
    assert refused and refused[0].line == line and why in refused[0].message
    assert (result.outdir / "documents" / "hk-report.html").is_file()
