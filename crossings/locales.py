"""The archive's translations (``locales/<language>/LC_MESSAGES/*.po``): refresh them, count progress.

The workflow is Sphinx's: the gettext builder writes one .pot per page of the staged public
source (``build/public/gettext/en/``), sphinx-intl merges them into the .po files translators
fill, and each language build reads them through ``locale_dirs`` (an absolute path in conf.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from babel.messages.pofile import read_po
from sphinx.config import Config
from sphinx.util.tags import Tags

from crossings import languages
from crossings.archive import Archive
from crossings.errors import CrossingsError
from crossings.languages import sphinx_language
from crossings.settings import SettingError, Settings, add_to, check_names
from crossings.sphinx.confpy import names_in_file


@dataclass
class Counts:
    """Messages of one catalogue (or a sum of several) by state."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        """Every message."""
        return self.translated + self.fuzzy + self.untranslated

    def add(self, other: Counts) -> None:
        """Add *other*'s numbers to these."""
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated

    def as_dict(self) -> dict[str, int]:
        """The numbers with the total, for JSON."""
        return {**asdict(self), "total": self.total}


@dataclass
class LanguageStatus:
    """Progress of one language: per document (docname) and in sum."""

    language: str
    folder: str
    documents: dict[str, Counts] = field(default_factory=dict)

    @property
    def total(self) -> Counts:
        """The sum over every document."""
        total = Counts()
        for counts in self.documents.values():
            total.add(counts)
        return total


def archive_languages(archive: Archive) -> tuple[str, list[str]]:
    """The source language and the interface languages of the archive's conf.py (CrossingsError
    when it declares one crossings does not support)."""
    config, chosen = archive_settings(archive)
    declared = list(chosen.languages)
    languages.check_supported(declared, str(archive.root / "conf.py"))
    return str(config.language or "en"), declared


def archive_settings(archive: Archive) -> tuple[Config, Settings]:
    """The archive's conf.py read outside a build, and its checked settings (CrossingsError
    naming conf.py when it cannot be read or a setting is wrong)."""
    try:
        config = Config.read(archive.root, overrides={}, tags=Tags())
    except Exception as exc:  # conf.py is Python: any error in it is the editor's to fix
        raise CrossingsError(f"{archive.root / 'conf.py'}: cannot be read: {exc}") from exc
    add_to(config)
    where = archive.root / "conf.py"
    try:
        check_names(names_in_file(where), str(where))
        return config, Settings.from_config(config, where=str(where))
    except SettingError as exc:
        raise CrossingsError(str(exc)) from exc


def declared_language(archive: Archive, lang: str, option: str = "--lang") -> str:
    """The BCP 47 tag of *lang* when the archive's conf.py declares it; else CrossingsError listing
    the languages it declares (or naming a declared one crossings does not support)."""
    declared = archive_languages(archive)[1]
    return languages.check_declared(lang, declared, str(archive.root / "conf.py"), option).tag


def target_languages(archive: Archive, lang: str) -> list[str]:
    """The BCP 47 tags that *lang* (a tag or ``all``) stands for, the source language excluded."""
    source, languages = archive_languages(archive)
    targets = [tag for tag in languages if sphinx_language(tag) != sphinx_language(source)]
    if lang == "all":
        return targets
    if lang not in targets:
        raise CrossingsError(
            f"--lang {lang}: not a translation language of this archive; "
            f"use one of {', '.join(targets)} or all"
        )
    return [lang]


def catalog_counts(path: Path) -> Counts:
    """Translated, fuzzy and untranslated messages of one .po file (obsolete ones left out)."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle)
    except (OSError, ValueError) as exc:
        raise CrossingsError(f"{path}: cannot be read as a .po file: {exc}; fix or delete it") from exc
    counts = Counts()
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            counts.fuzzy += 1
        elif all(strings):
            counts.translated += 1
        else:
            counts.untranslated += 1
    return counts


def language_status(archive: Archive, tag: str) -> LanguageStatus:
    """Progress of the .po files of one language, per document."""
    folder = sphinx_language(tag)
    base = archive.locales / folder / "LC_MESSAGES"
    status = LanguageStatus(tag, folder)
    if base.is_dir():
        for path in sorted(base.rglob("*.po")):
            status.documents[path.relative_to(base).with_suffix("").as_posix()] = catalog_counts(path)
    return status


def update_catalogs(archive: Archive, pot_dir: Path, tags: list[str]) -> dict[str, int]:
    """Merge the .pot files of *pot_dir* into locales/<language>/LC_MESSAGES/ (sphinx-intl update)."""
    from sphinx_intl import basic  # imported late: it pulls in multiprocessing and click output

    if not any(pot_dir.rglob("*.pot")):
        raise CrossingsError(f"{pot_dir}: no .pot files; the gettext build produced nothing")
    languages = tuple(sphinx_language(tag) for tag in tags)
    status: dict[str, int] = basic.update(
        str(archive.locales), str(pot_dir), languages, line_width=110, jobs=1
    )
    return status
