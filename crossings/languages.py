"""The interface languages crossings can build, each declared once.

An interface language is everything a site, a search index or a book needs to speak it: its
names, Sphinx's code for it, where its output goes, the fonts of the web pages and of the PDF,
how its words sort, which search analyzer reads it, its direction, the marker that replaces a
withheld name, where Quick exit leaves for, and how a date is written. Every other list of
languages in crossings is derived from :data:`LANGUAGES`; an archive picks some of them in its
conf.py (``crossings_languages``). To add a language, add one :class:`Language` below and its
translations (``crossings/locale/<sphinx>/LC_MESSAGES/crossings.po`` and a column in each
vocabulary CSV): see "How to add a language" in docs/architecture.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from crossings.errors import CrossingsError

# Fonts of the web pages: the reader's own system fonts, by script (no font is downloaded).
LATIN_CSS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif'
HANT_CSS = '"PingFang TC", "Noto Sans TC", "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif'
HANS_CSS = '"PingFang SC", "Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
THAI_CSS = '"Noto Sans Thai", Thonburi, Tahoma, Leelawadee, Loma, sans-serif'
# Vietnamese stacks its tone marks over vowel marks: fonts known to draw them well come first.
VIET_CSS = '"Segoe UI", Roboto, "Noto Sans", Arial, "DejaVu Sans", system-ui, sans-serif'


@dataclass(frozen=True)
class PdfFonts:
    """The xelatex (fontspec) families of a book's Latin-script text: roman, sans and mono.

    Han and Thai passages keep their own fonts (crossings.sphinx.latex_preamble) whatever these are.
    """

    serif: str
    sans: str
    mono: str


# Latin Modern draws every letter of Vietnamese (ệ, ộ, ữ, đ and the đồng sign ₫) in all three
# families; DejaVu Sans Mono lacks the letters with a hook or two marks (ẩ, ồ), DejaVu Serif lacks ₫.
LATIN_MODERN = PdfFonts("Latin Modern Roman", "Latin Modern Sans", "Latin Modern Mono")


@dataclass(frozen=True)
class Language:
    """One interface language (see the module's docstring for what each field serves)."""

    tag: str  # BCP 47, as in catalog.csv, the vocabularies and <html lang>
    autonym: str  # its name in itself (the site root's list of languages)
    english: str  # its name in English (messages, docs)
    sphinx: str  # Sphinx's ``language`` and the folder under locale(s)/
    css_fonts: str  # the web pages' font-family stack
    pdf_fonts: PdfFonts  # the book's main fonts
    han: str  # Noto CJK variant (TC, SC, JP, KR) Han characters take in this language's pages
    collation: str  # ICU locale that sorts its words
    analyzer: str  # name of the search analyzer (crossings.search.text.analysis.ANALYZERS)
    direction: str  # "ltr" or "rtl"
    marker: str  # what replaces a withheld name in the public edition
    quick_exit: str  # the neutral site Quick exit leaves for
    date_format: str  # a full date, str.format fields {day} {month} {year} {month_name}
    month_names: tuple[str, ...] = ()  # January to December in the language (empty: numbers only)
    month_format: str = "{year}-{month:02d}"  # a year and month, the same fields
    era_offset: int = 0  # years added to the Gregorian year when the archive asks for the local era
    era_prefix: str = ""  # written before a year of the local era

    @property
    def folder(self) -> str:
        """The output folder of its site, index and book (``zh-Hant`` -> ``zh-hant``)."""
        return folder(self.tag)

    def year(self, year: int, local_era: bool = False) -> str:
        """A year, of the language's own era (the Buddhist era in Thai) when *local_era* and it has one."""
        if local_era and self.era_offset:
            return f"{self.era_prefix}{year + self.era_offset}"
        return str(year)

    def date(self, iso: str, local_era: bool = False) -> str:
        """A ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` date written the language's way (month names,
        order, era); anything else as it is."""
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", iso) or not 1 <= int(iso[5:7] or 1) <= 12:
            return iso
        year = self.year(int(iso[:4]), local_era)
        if len(iso) == 4:
            return year
        month = int(iso[5:7])
        names = self.month_names or MONTHS
        fields = {"month": month, "year": year, "month_name": names[month - 1]}
        if len(iso) == 7:
            return self.month_format.format(**fields)
        return self.date_format.format(day=int(iso[8:]), **fields)


MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)
THAI_MONTHS = tuple(
    "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม".split()
)

LANGUAGES: tuple[Language, ...] = (
    Language(
        tag="en",
        autonym="English",
        english="English",
        sphinx="en",
        css_fonts=LATIN_CSS,
        pdf_fonts=LATIN_MODERN,
        han="TC",
        collation="en",
        analyzer="archive",
        direction="ltr",
        marker="[name withheld]",
        quick_exit="https://en.wikipedia.org/",
        date_format="{day} {month_name} {year}",
        month_names=MONTHS,
        month_format="{month_name} {year}",
    ),
    Language(
        tag="zh-Hant",
        autonym="繁體中文",
        english="Chinese (Traditional)",
        sphinx="zh_TW",
        css_fonts=HANT_CSS,
        pdf_fonts=LATIN_MODERN,
        han="TC",
        collation="zh-Hant@collation=stroke",
        analyzer="archive",
        direction="ltr",
        marker="［姓名已隱去］",
        quick_exit="https://zh.wikipedia.org/zh-hant/",
        date_format="{year}年{month}月{day}日",
        month_format="{year}年{month}月",
    ),
    Language(
        tag="zh-Hans",
        autonym="简体中文",
        english="Chinese (Simplified)",
        sphinx="zh_CN",
        css_fonts=HANS_CSS,
        pdf_fonts=LATIN_MODERN,
        han="SC",
        collation="zh-Hans@collation=pinyin",
        analyzer="archive",
        direction="ltr",
        marker="［姓名已隐去］",
        quick_exit="https://baike.baidu.com/",
        date_format="{year}年{month}月{day}日",
        month_format="{year}年{month}月",
    ),
    Language(
        tag="th",
        autonym="ภาษาไทย",
        english="Thai",
        sphinx="th",
        css_fonts=THAI_CSS,
        pdf_fonts=LATIN_MODERN,
        han="TC",
        collation="th",
        analyzer="archive",
        direction="ltr",
        marker="[สงวนชื่อ]",
        quick_exit="https://th.wikipedia.org/",
        date_format="{day} {month_name} {year}",
        month_names=THAI_MONTHS,
        month_format="{month_name} {year}",
        era_offset=543,  # พุทธศักราช: the Buddhist era, 543 years ahead
        era_prefix="พ.ศ. ",
    ),
    Language(
        tag="vi",
        autonym="Tiếng Việt",
        english="Vietnamese",
        sphinx="vi",
        css_fonts=VIET_CSS,
        pdf_fonts=LATIN_MODERN,
        han="TC",
        collation="vi",
        analyzer="archive",
        direction="ltr",
        marker="[đã ẩn tên]",
        quick_exit="https://vi.wikipedia.org/",
        date_format="ngày {day} tháng {month} năm {year}",
        month_format="tháng {month} năm {year}",
    ),
)

BY_TAG = {language.tag: language for language in LANGUAGES}
# Every spelling that names a declared language: its tag, folder, Sphinx code, any case.
_ALIASES = {
    alias.lower().replace("_", "-"): language
    for language in LANGUAGES
    for alias in (language.tag, language.sphinx)
}
# Region tags browsers send for a language declared by script (zh-TW asks for zh-Hant).
REGIONS = {"zh-hk": "zh-Hant", "zh-mo": "zh-Hant", "zh-sg": "zh-Hans", "zh-tw": "zh-Hant", "zh-cn": "zh-Hans"}


def tags() -> tuple[str, ...]:
    """The BCP 47 tags of every declared language, in declaration order."""
    return tuple(language.tag for language in LANGUAGES)


def find(name: str) -> Language | None:
    """The declared language *name* spells (tag, folder or Sphinx code, any case), else None."""
    key = name.strip().lower().replace("_", "-")
    found = _ALIASES.get(key)
    if found is None and key in REGIONS:
        found = BY_TAG[REGIONS[key]]
    return found


def get(tag: str) -> Language:
    """The declared language *tag*; CrossingsError naming the supported ones when there is none."""
    found = find(tag)
    if found is None:
        raise CrossingsError(
            f"{tag!r} is not an interface language crossings supports; supported: {', '.join(tags())} "
            "(to add one, see docs/architecture.md, How to add a language)"
        )
    return found


def sphinx_language(tag: str) -> str:
    """The Sphinx ``language`` of a BCP 47 tag (undeclared tags: hyphens become underscores)."""
    found = find(tag)
    return found.sphinx if found is not None else tag.replace("-", "_")


def bcp47(sphinx: str) -> str:
    """The BCP 47 tag of a Sphinx ``language`` (undeclared codes: underscores become hyphens)."""
    found = find(sphinx)
    return found.tag if found is not None else sphinx.replace("_", "-")


def folder(tag: str) -> str:
    """The output folder of a language (``zh-Hant`` -> ``zh-hant``)."""
    return tag.lower()


def marker(tag: str) -> str:
    """The visible marker of a withheld name in *tag* (English for an undeclared language)."""
    found = find(tag) or find(tag.split("-")[0])
    return (found or BY_TAG["en"]).marker


@lru_cache(maxsize=16)
def collation_key(tag: str) -> Callable[[str], bytes]:
    """How words sort on the pages and in the books of language *tag*: the ICU collator of its
    ``collation`` locale (Thai dictionary order, leading vowels aside; Traditional Chinese by
    strokes, Simplified Chinese by pinyin; letters whatever their accents, Đức with D and Úc with
    U), through PyICU (the pyicu-wheels distribution; icu4py has no collator)."""
    import icu  # type: ignore[import-untyped]  # PyICU ships no type hints

    language = find(tag) or BY_TAG["en"]
    collator = icu.Collator.createInstance(icu.Locale(language.collation))
    return collator.getSortKey  # type: ignore[no-any-return]


def quick_exit_urls() -> dict[str, str]:
    """The neutral site of every declared language, by tag."""
    return {language.tag: language.quick_exit for language in LANGUAGES}


def check_supported(declared: list[str], where: str) -> None:
    """CrossingsError naming the first of *declared* (an archive's, read from *where*) that crossings
    has no declaration for, with the supported languages."""
    for tag in declared:
        if find(tag) is None:
            raise CrossingsError(
                f"{where}: crossings_languages lists {tag!r}, an interface language crossings has no "
                f"declaration for; supported: {', '.join(tags())} "
                "(see docs/architecture.md, How to add a language)"
            )


def check_declared(lang: str, declared: list[str], where: str, option: str = "--lang") -> Language:
    """The language *lang* if the archive declares it (*declared*, from *where*), else CrossingsError.

    The error lists what the archive declares, so the editor can pick one or add it to conf.py.
    """
    check_supported(declared, where)  # a declared tag crossings cannot build is the first thing to fix
    wanted = find(lang)
    if wanted is None or wanted.tag not in {get(tag).tag for tag in declared}:  # zh-hant declares zh-Hant
        fix = (
            f"add {wanted.tag!r} to crossings_languages there to build it"
            if wanted is not None
            else f"crossings supports {', '.join(tags())}; to add another, "
            "see docs/architecture.md, How to add a language"
        )
        raise CrossingsError(
            f"{option} {lang}: {where} does not declare this interface language; it declares "
            f"{', '.join(declared)} ({fix})"
        )
    return wanted
