"""Create a new archive from the template shipped with crossings."""

from __future__ import annotations

import datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from crossings.catalog.csvfile import write_catalog
from crossings.catalog.vocab import default_file, vocabulary_names
from crossings.errors import CrossingsError
from crossings.settings import Invalid, email

TEMPLATED = {"conf.py", "source/index.md"}
RENAMED = {"gitignore": ".gitignore"}


def _template_files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Every file of the template, with its path relative to the archive root."""
    files = []
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            files += _template_files(entry, f"{name}/")
        else:
            files.append((RENAMED.get(name, name), entry))
    return files


def checked_contact(address: str) -> str:
    """*address* as conf.py's ``crossings_oai_admin_email`` string holds it ("" for none);
    CrossingsError when it is not one e-mail address."""
    try:
        email(address)
    except Invalid as exc:
        raise CrossingsError(f"{address!r}: {exc.why}; give one like archive@example.org") from None
    return address.replace("\\", "\\\\")


def create_archive(directory: Path, title: str, contact: str = "") -> list[Path]:
    """Write a new archive into *directory*, with *contact* as its OAI-PMH contact address (none
    when ""); return the files created."""
    if (directory / "reports" / "catalog.csv").exists() or (directory / "conf.py").exists():
        raise CrossingsError(f"{directory}: already holds an archive (reports/catalog.csv or conf.py exists)")
    values = {
        "title": title.replace('"', "'"),
        "year": str(datetime.date.today().year),
        "contact": checked_contact(contact),
    }
    created = []
    template = resources.files("crossings") / "data" / "template"
    for name, entry in _template_files(template):
        text = entry.read_text(encoding="utf-8")
        if name in TEMPLATED:
            text = Template(text).safe_substitute(values)
        created.append(_write(directory / name, text))
    for name in vocabulary_names():
        created.append(
            _write(directory / "vocabularies" / f"{name}.csv", default_file(name).read_text("utf-8"))
        )
    (directory / "reports").mkdir(parents=True, exist_ok=True)
    write_catalog(directory / "reports" / "catalog.csv", [])
    created.append(directory / "reports" / "catalog.csv")
    return created


def _write(path: Path, text: str) -> Path:
    """Write *text* to *path*, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
