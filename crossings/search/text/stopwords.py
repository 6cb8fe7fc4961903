"""Read stop word lists (``search/stopwords.txt``): words per line, ``[lang]`` sections, ``#`` comments."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from crossings.errors import CrossingsError

_SECTION = re.compile(r"^\[([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\]$")


def parse_stopwords(text: str, display: str) -> dict[str, frozenset[str]]:
    """Stop words by language ("" for words before any section); *display* names the file in errors."""
    found: dict[str, set[str]] = {}
    lang = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            match = _SECTION.match(line)
            if match is None:
                raise CrossingsError(
                    f"{display}:{number}: bad section {line!r}; write a language code in brackets, e.g. [en]"
                )
            lang = match.group(1)
            continue
        found.setdefault(lang, set()).update(line.split())
    return {lang: frozenset(words) for lang, words in found.items()}


def read_stopwords(path: Path) -> dict[str, frozenset[str]]:
    """Stop words of the file at *path*, by language."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CrossingsError(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8") from exc
    return parse_stopwords(text, str(path))


def default_stopwords() -> frozenset[str]:
    """Every stop word of the list shipped with crossings (the template of new archives)."""
    text = (resources.files("crossings") / "data" / "template" / "search" / "stopwords.txt").read_text(
        "utf-8"
    )
    return all_words(parse_stopwords(text, "crossings/data/template/search/stopwords.txt"))


def all_words(by_lang: dict[str, frozenset[str]]) -> frozenset[str]:
    """The union of every language's stop words (one analyzer serves every language)."""
    return frozenset().union(*by_lang.values())
