"""`crossings init` and `crossings check`, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from crossings.catalog.csvfile import write_catalog
from crossings.catalog.model import COLUMNS
from crossings.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def row(**values: str) -> dict[str, str]:
    base = dict.fromkeys(COLUMNS, "")
    base.update(type="paper", language="en", access="public", title="A sample")
    base.update(values)
    return base


def test_init_makes_an_archive_that_checks(tmp_path: Path) -> None:
    code, out = run("init", str(tmp_path / "x"))
    assert code == 0, out
    assert (tmp_path / "x" / "reports" / "catalog.csv").read_text("utf-8").strip() == ",".join(COLUMNS)
    for name in ("conf.py", "Makefile", "source/index.md", "vocabularies/themes.csv", ".gitignore"):
        assert (tmp_path / "x" / name).is_file(), name
    code, out = run("check", "--archive", str(tmp_path / "x"))
    assert code == 0, out
    assert "0 errors" in out


def test_init_refuses_to_overwrite_an_archive(empty_archive: Path) -> None:
    code, out = run("init", str(empty_archive))
    assert code == 1
    assert "already holds an archive" in out


def test_check_outside_an_archive_says_so(tmp_path: Path) -> None:
    code, out = run("check", "--archive", str(tmp_path))
    assert code == 1
    assert "not a crossings archive" in out


def test_check_names_every_mistake_with_its_row(empty_archive: Path) -> None:
    reports = empty_archive / "reports"
    (reports / "a.txt").write_text("text", "utf-8")
    (reports / "b.txt").write_text("text", "utf-8")
    (reports / "stray.txt").write_text("not catalogued", "utf-8")
    write_catalog(
        reports / "catalog.csv",
        [
            row(file="a.txt", id="doc-a", themes="law-and-policy;gossip"),  # row 1: unknown theme
            row(file="b.txt", id="doc-a"),  # row 2: duplicate id
            row(file="missing.docx", id="doc-c"),  # row 3: missing file
            row(file="a.txt", id="doc-d", date="June 2001", access="secret"),  # row 4: file twice, bad cells
            row(file="b.txt", id="doc-e", countries="XX", routes="TH", event="nowhere", type="poem"),  # row 5
        ],
    )
    code, out = run("check", "--archive", str(empty_archive), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    found = {(p["row"], p["field"]) for p in report["problems"]}
    assert {
        (1, "themes"),
        (2, "id"),
        (3, "file"),
        (4, "file"),
        (4, "date"),
        (4, "access"),
        (5, "countries"),
        (5, "routes"),
        (5, "event"),
        (5, "type"),
    } <= found
    assert any("stray.txt is on disk but not in the catalog" in p["message"] for p in report["problems"])
    lines = {p["row"]: p["line"] for p in report["problems"] if p["row"]}
    assert lines[1] == 2 and lines[5] == 6

    code, text = run("check", "--archive", str(empty_archive))
    assert code == 1
    assert "reports/catalog.csv:2 [row 1, column themes]: error: unknown theme 'gossip'" in text
    assert "reports/catalog.csv:3 [row 2, column id]: error: duplicate id 'doc-a'" in text
    assert "reports/catalog.csv:4 [row 3, column file]: error: file not found: reports/missing.docx" in text


def test_check_reports_a_broken_header_and_encoding(empty_archive: Path) -> None:
    catalog = empty_archive / "reports" / "catalog.csv"
    catalog.write_text("file,id,title,colour\n", "utf-8")
    code, out = run("check", "--archive", str(empty_archive))
    assert code == 1
    assert "missing columns: type" in out and "unknown columns: colour" in out
    catalog.write_bytes(",".join(COLUMNS).encode() + b"\n\xa4\xa4\xa4\xe5,x\n")
    code, out = run("check", "--archive", str(empty_archive))
    assert code == 1 and "not UTF-8" in out


def test_catalog_rows_may_span_lines_and_lines_stay_right(empty_archive: Path) -> None:
    reports = empty_archive / "reports"
    (reports / "a.txt").write_text("x", "utf-8")
    write_catalog(
        reports / "catalog.csv",
        [row(file="a.txt", id="doc-a", summary="two\nlines"), row(file="a.txt", id="doc-b", themes="nope")],
    )
    _, out = run("check", "--archive", str(empty_archive), "--json")
    problems = json.loads(out)["problems"]
    theme = next(p for p in problems if p["field"] == "themes")
    assert theme["line"] == 4 and theme["row"] == 2


def test_every_command_and_option_is_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None, name
        assert f"crossings {name}" in readme, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in readme, f"crossings {name} {opt} is not documented in README.md"


def test_commands_are_listed_in_help_and_an_unknown_one_is_misuse() -> None:
    code, out = run("--help")
    assert code == 0
    for name in ("init", "check", "ingest", "build", "index", "search", "serve", "translate"):
        assert f"  {name}" in out
    code, out = run("frobnicate")
    assert code == 2 and "No such command" in out


@pytest.mark.slow
def test_a_new_archive_builds_without_warnings(tmp_path: Path) -> None:
    import subprocess
    import sys

    assert run("init", str(tmp_path / "x"))[0] == 0
    build = subprocess.run(
        [sys.executable, "-m", "crossings", "build", "html", "--archive", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stdout + build.stderr
    assert (tmp_path / "x" / "build" / "public" / "html" / "en" / "index.html").is_file()


def test_search_help_names_every_field_the_query_language_takes() -> None:
    """The field list of `crossings search --help` comes from the query language's own table:
    a facet added to the registry appears there without anyone editing the help."""
    from crossings.search.language.syntax import FIELDS, SHOWN_FIELDS

    code, out = run("search", "--help")
    assert code == 0
    text = " ".join(out.split())
    shown = SHOWN_FIELDS.split(", ")
    assert {FIELDS[name] for name in shown} == set(FIELDS.values())  # every field reachable by a shown name
    for name in shown:
        assert f" {name}:," in text or f" {name}:." in text, name


def test_check_refuses_a_term_no_vocabulary_knows_in_a_documents_front_matter(empty_archive: Path) -> None:
    """A document written in MyST has no catalog row: its front matter is its metadata. A theme or
    country no vocabulary declares was only a build warning (and no OAI-PMH set); check said
    nothing. It is an error naming the document, the line of the field and the term."""
    folder = empty_archive / "source" / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x-doc.md").write_text(
        "---\nid: x-doc\ntitle: X\ntype: paper\nlanguage: en\naccess: public\n"
        "themes: [law-and-policy, nonesuch]\ncountries: [TH]\n---\n\n# X\n\nText.\n",
        "utf-8",
    )
    code, out = run("check", "--archive", str(empty_archive))
    assert code == 1, out
    [line] = [line for line in out.splitlines() if "nonesuch" in line]
    assert line.startswith("source/documents/x-doc.md:7 [field themes]: error: unknown theme 'nonesuch'")
    assert "vocabularies/themes.csv" in line
    assert [line for line in out.splitlines() if ": error: " in line] == [line]  # known terms pass


def test_check_warns_while_no_oai_contact_is_set(empty_archive: Path) -> None:
    """No contact address for harvesters is guessed, so OAI-PMH is off until conf.py names one:
    check says so as a warning (the archive is fine to build), naming conf.py, the setting and
    what to put; it says nothing once the address is set."""
    code, out = run("check", "--archive", str(empty_archive))
    assert code == 0, out
    [line] = [line for line in out.splitlines() if "crossings_oai_admin_email" in line]
    assert line.startswith("conf.py [field crossings_oai_admin_email]: warning: ")
    assert "crossings_oai_admin_email in conf.py" in line and "'archive@example.org'" in line
    assert "/oai" in line and "oai-static.xml" in line and "postmaster" not in line
    conf = empty_archive / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'crossings_oai_admin_email = "editors@example.org"\n', "utf-8")
    code, out = run("check", "--archive", str(empty_archive))
    assert code == 0 and "crossings_oai_admin_email" not in out, out


def test_check_names_a_conf_py_that_sets_a_wrong_value(empty_archive: Path) -> None:
    """Reading the contact reads conf.py: a wrong value there is an error of check, as every
    build would stop on it."""
    conf = empty_archive / "conf.py"
    conf.write_text(
        conf.read_text("utf-8") + 'crossings_oai_admin_email = "editors at example.org"\n', "utf-8"
    )
    code, out = run("check", "--archive", str(empty_archive))
    assert code == 1
    [line] = [line for line in out.splitlines() if "crossings_oai_admin_email" in line]
    assert line.startswith("conf.py: error: ") and "e-mail" in line


def test_init_contact_sets_the_oai_contact_in_conf_py(tmp_path: Path) -> None:
    code, out = run("init", str(tmp_path / "x"), "--contact", "editors@archive.example.org")
    assert code == 0, out
    conf = (tmp_path / "x" / "conf.py").read_text("utf-8")
    assert 'crossings_oai_admin_email = "editors@archive.example.org"' in conf.splitlines()
    code, out = run("check", "--archive", str(tmp_path / "x"))
    assert code == 0 and "warning" not in out, out
    code, out = run("init", str(tmp_path / "y"), "--contact", "editors at example.org")
    assert code == 2 and "--contact" in out and "not an e-mail address" in out
    assert not (tmp_path / "y").exists()
    code, out = run("init", str(tmp_path / "z"))
    assert code == 0
    assert 'crossings_oai_admin_email = ""' in (tmp_path / "z" / "conf.py").read_text("utf-8").splitlines()
