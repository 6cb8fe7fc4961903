"""The tool's own message catalogues: compiled from crossings/locale/*.po at build time.

``crossings/locale/<sphinx language>/LC_MESSAGES/`` holds

- ``crossings.po``: every string the archive prints (browse pages, panels, switcher, notes);
- ``sphinx.po`` (optional): Sphinx and furo strings that Sphinx has no catalogue for (Thai).

They are compiled into a folder of the build (``<doctrees>/crossings-locale``), never into the
package, so an installed tool works read-only and a .po edit shows on the next build:

- ``crossings.mo`` from crossings.po;
- ``sphinx.mo`` from sphinx.po *and* crossings.po, so strings marked with ``sphinx.locale._``
  are translated too (the extension adds it as the last fallback after Sphinx's own catalogue);
- ``sphinx.js`` (the search page's strings): Sphinx's own translations for the language, if any,
  with ours filling its gaps (Sphinx 9.0's zh_TW leaves the "found N pages" plural empty), and
  the plural rule as code rather than through Sphinx's eval (see js_catalog).
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx import package_dir

SOURCE = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "crossings"
OUTPUT_FORMAT = 2  # bump when what compile_language writes changes (2: sphinx.js without eval)
PLURAL_RULE = re.compile(r"[\sn0-9()!=<>&|?:%+*/-]+")  # a gettext plural expression on n


def languages() -> list[str]:
    """Sphinx language codes the tool has catalogues for."""
    return sorted(p.name for p in SOURCE.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


def N_(message: str) -> str:
    """Mark *message* for the catalogues where it is defined; :func:`translate` translates it later."""
    return message


def translate(message: str, language: str) -> str:
    """*message* in Sphinx language *language* from the tool's crossings.po, outside any Sphinx
    build (e.g. while staging the proceedings' pages); itself when untranslated."""
    path = SOURCE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return message
    return _messages(path, language, path.stat().st_mtime_ns).get(message) or message


@lru_cache(maxsize=16)
def _messages(path: Path, language: str, mtime: int) -> dict[str, str]:
    """msgid -> msgstr of one catalogue (translated, non-fuzzy entries), cached per version."""
    return {
        str(m.id): str(m.string)
        for m in read(path, language)
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def read(path: Path, locale: str) -> Catalog:
    """A .po file as a babel catalogue."""
    with path.open("rb") as handle:
        return read_po(handle, locale=locale.replace("-", "_"))


def merged(first: Catalog, second: Catalog) -> Catalog:
    """*first* plus the messages of *second* it lacks."""
    for message in second:
        if message.id and message.id not in first:
            first[message.id] = message
    return first


def _write_mo(catalog: Catalog, path: Path) -> None:
    """Write *catalog* as a .mo file (fuzzy entries left out, as Sphinx does)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)


def _translated(catalog: Catalog) -> dict[str, object]:
    """Translated, non-fuzzy messages keyed as Sphinx's JavaScript looks them up (plurals by singular)."""
    messages: dict[str, object] = {}
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or not all(strings) or message.fuzzy:
            continue
        key = str(message.id[0] if isinstance(message.id, tuple) else message.id)
        messages[key] = list(strings) if isinstance(message.string, tuple) else message.string
    return messages


def js_messages(ours: Catalog, language: str) -> dict[str, object]:
    """Sphinx's own translations for *language* (if any), with ours filling the gaps (e.g. empty plurals)."""
    messages: dict[str, object] = {}
    packaged = Path(package_dir) / "locale" / language / "LC_MESSAGES" / "sphinx.po"
    if packaged.is_file():
        messages.update(_translated(read(packaged, language)))
    messages.update(_translated(ours))
    return messages


def js_catalog(messages: dict[str, object], locale: str, plural_expr: str = "0") -> str:
    """A sphinx.js file setting what ``Documentation.addTranslations`` would, without its eval.

    Sphinx's addTranslations builds the plural rule with ``new Function``, which the server's
    Content-Security-Policy (no 'unsafe-eval') refuses, leaving the rule and locale unset; here
    the rule is plain code in the file. A *plural_expr* that is not plain arithmetic on n
    (a catalogue header is editable text) falls back to one form.
    """
    rule = plural_expr if PLURAL_RULE.fullmatch(plural_expr) else "0"
    table = json.dumps(messages, ensure_ascii=False, sort_keys=True)
    return (
        f"Object.assign(Documentation.TRANSLATIONS, {table});\n"
        f"Documentation.PLURAL_EXPR = (n) => Number({rule});\n"
        f"Documentation.LOCALE = {json.dumps(locale)};\n"
    )


def _stamp(paths: list[Path]) -> str:
    """Names and mtimes of the sources (and the output format), to skip recompiling unchanged catalogues."""
    return json.dumps([OUTPUT_FORMAT, [[str(p), p.stat().st_mtime_ns] for p in paths if p.is_file()]])


def compile_language(language: str, dest: Path) -> None:
    """Compile one language's catalogues into dest/<language>/LC_MESSAGES/ when the sources changed."""
    source = SOURCE / language / "LC_MESSAGES"
    target = dest / language / "LC_MESSAGES"
    own, extra = source / f"{DOMAIN}.po", source / "sphinx.po"
    stamp_file = target / ".crossings-stamp"
    stamp = _stamp([own, extra])
    if stamp_file.is_file() and stamp_file.read_text(encoding="utf-8") == stamp:
        return
    crossings = read(own, language)
    _write_mo(crossings, target / f"{DOMAIN}.mo")
    sphinx = read(extra, language) if extra.is_file() else Catalog(locale=language)
    sphinx = merged(sphinx, read(own, language))
    _write_mo(sphinx, target / "sphinx.mo")
    script = js_catalog(js_messages(sphinx, language), language, str(sphinx.plural_expr or "0"))
    (target / "sphinx.js").write_text(script, encoding="utf-8")
    stamp_file.write_text(stamp, encoding="utf-8")


def fingerprint() -> str:
    """A hash of every source catalogue: pages are rewritten when the tool's translations change."""
    digest = hashlib.sha256()
    for path in sorted(SOURCE.rglob("*.po")):
        digest.update(path.relative_to(SOURCE).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def compile_all(dest: Path) -> Path:
    """Compile every language's catalogues into *dest*; return *dest* (a locale dir)."""
    for language in languages():
        compile_language(language, dest)
    return dest
