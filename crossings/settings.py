"""Every setting an archive's conf.py may give, declared once: default, type, rebuild kind, documentation.

``Settings`` is a frozen dataclass; each field's metadata holds what Sphinx needs to register it
(``crossings_<field>``, its rebuild kind and types), the check its value must pass, and the text of
the settings reference (docs/settings.md, written by ``python -m crossings.reference``).

As a Sphinx extension (``crossings.sphinx`` loads it) this module registers every value and checks
them all at config-inited: a wrong value stops the build at once, naming conf.py, the setting, the
value given and what is expected. Code reads settings through ``Settings.from_config(config)``
(or ``settings(app)``), never through Sphinx's private attributes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import Field, dataclass, field, fields
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__, languages

PREFIX = "crossings_"
Rebuild = Literal["env", "html", ""]
EDITIONS = ("public", "internal")
DEFAULT_URL = "https://www.wikipedia.org/"
# The neutral site of each interface language, as crossings.languages declares it.
DEFAULT_URLS = languages.quick_exit_urls()
EXAMPLE_URL = "https://th.wikipedia.org/"
# RFC 5646 tags: a two- or three-letter language (longer ones are reserved, and "english" is a
# slip), then script, region and variants; private use left out.
# Direction overrides, isolates and line separators: invisible, and able to reorder what is shown.
_INVISIBLE = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BCP47 = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}"
    r"(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)


class Invalid(ValueError):
    """A value a check refused: *why*, and for a dict the *key* whose value is at fault."""

    def __init__(self, why: str, key: object = None) -> None:
        super().__init__(why)
        self.why, self.key = why, key


class SettingError(ConfigError):
    """A setting of conf.py with a value the archive cannot use."""


# Checks: each refuses a bad value with Invalid(why); Spec.expected says what is wanted instead.


def text(value: object) -> None:
    """Any string."""
    if not isinstance(value, str):
        raise Invalid(f"it is {type(value).__name__}, not a string")


def flag(value: object) -> None:
    """True or False, nothing that merely looks like them."""
    if not isinstance(value, bool):
        raise Invalid(f"it is {type(value).__name__}, not True or False")


def edition(value: object) -> None:
    """One of the editions."""
    if value not in EDITIONS:
        raise Invalid("not an edition")


def language_tag(value: object) -> None:
    """A well-formed BCP 47 tag (``th``, ``zh-Hant``)."""
    text(value)
    if not _BCP47.match(str(value)):
        raise Invalid("not a BCP 47 language tag")


def optional_tag(value: object) -> None:
    """Empty or a BCP 47 tag."""
    if value != "":
        language_tag(value)


def language_list(value: object) -> None:
    """A non-empty list of distinct BCP 47 tags."""
    if not isinstance(value, list | tuple):
        raise Invalid(f"it is {type(value).__name__}, not a list")
    if not value:
        raise Invalid("the list is empty")
    for tag in value:
        try:
            language_tag(tag)
        except Invalid as exc:
            found = languages.find(tag) if isinstance(tag, str) else None
            meant = f" (write {found.tag!r}, the tag of {found.english})" if found is not None else ""
            raise Invalid(f"{tag!r} is {exc.why}{meant}") from None
    seen: dict[str, str] = {}
    for tag in value:  # zh-Hant and zh-hant (or zh-TW) would build one site twice
        found = languages.find(tag)
        key = found.tag if found is not None else tag.lower()
        if key in seen:
            also = "" if seen[key] == tag else f" (as {seen[key]!r} too: both name one language)"
            raise Invalid(f"{tag!r} is listed twice{also}")
        seen[key] = tag


def web_address(value: object) -> None:
    """A full https:// (or http://) address with a host."""
    text(value)
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("https", "http"):
        raise Invalid("it does not start with https://")
    if not parts.hostname or any(ch.isspace() for ch in str(value).strip()):
        raise Invalid("it names no site")


def optional_address(value: object) -> None:
    """Empty or a web address."""
    if value != "":
        web_address(value)


def addresses_by_language(value: object) -> None:
    """A dict of language tag -> web address."""
    if not isinstance(value, Mapping):
        raise Invalid(f"it is {type(value).__name__}, not a dict")
    for key, url in value.items():
        if not isinstance(key, str) or not _BCP47.match(key):
            raise Invalid(f"the key {key!r} is not a BCP 47 language tag")
        try:
            web_address(url)
        except Invalid as exc:
            raise Invalid(exc.why, key) from None


def texts_by_language(value: object) -> None:
    """A dict of language tag -> non-empty one-line text."""
    if not isinstance(value, Mapping):
        raise Invalid(f"it is {type(value).__name__}, not a dict")
    for key, words in value.items():
        if not isinstance(key, str) or not _BCP47.match(key):
            raise Invalid(f"the key {key!r} is not a BCP 47 language tag")
        if not isinstance(words, str) or not words.strip():
            raise Invalid("it is not a non-empty string", key)
        if "\n" in words or "\r" in words:
            raise Invalid("it holds a line break", key)


def year(value: object) -> None:
    """Empty or a four-digit year."""
    text(value)
    if value != "" and not re.fullmatch(r"[0-9]{4}", str(value)):
        raise Invalid("not a four-digit year")


def doi_prefix(value: object) -> None:
    """Empty or a DOI prefix: ``10.`` and a registrant code of 4 to 9 digits."""
    text(value)
    if value != "" and not re.fullmatch(r"10\.[0-9]{4,9}", str(value)):
        raise Invalid("not a DOI prefix")


def one_line(value: object) -> None:
    """A string without line breaks, control characters or direction overrides."""
    text(value)
    if any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch in _INVISIBLE for ch in str(value)):
        raise Invalid("it holds a line break, a control character or an invisible direction mark")


def email(value: object) -> None:
    """Empty or one e-mail address."""
    one_line(value)
    if value != "" and not re.fullmatch(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+", str(value)):
        raise Invalid("not an e-mail address")


def relative_folder(value: object) -> None:
    """A folder below the source folder (no absolute path, no ``..``)."""
    text(value)
    path = PurePosixPath(str(value))
    if not str(value).strip() or path.is_absolute() or ".." in path.parts:
        raise Invalid("not a folder inside the source folder")


@dataclass(frozen=True)
class Spec:
    """What the field of one setting declares (its dataclass metadata)."""

    rebuild: Rebuild
    types: frozenset[type]
    check: Callable[[object], None]
    expected: str
    doc: str
    internal: bool = False  # set by crossings itself, not by conf.py
    normal: Callable[[Any], Any] | None = None  # the checked value in the one spelling code reads
    sphinx_default: Callable[[Config], Any] | None = None  # a default that depends on other settings


def setting(default: Any = None, *, factory: Callable[[], Any] | None = None, **spec: Any) -> Any:
    """A dataclass field with its Spec in the metadata."""
    meta = {"spec": Spec(**spec)}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def _interface_languages() -> tuple[str, ...]:
    """The interface languages crossings ships (crossings.languages declares them)."""
    return languages.tags()


def declared_tags(value: Any) -> tuple[str, ...]:
    """Each tag as crossings.languages declares it (``zh-hant`` or ``zh-TW``: ``zh-Hant``), so that
    a site's folder, switcher and redirect name one language one way; an undeclared tag as given."""
    found = [languages.find(tag) for tag in value]
    pairs = zip(value, found, strict=True)
    return tuple(language.tag if language is not None else tag for tag, language in pairs)


def default_urls(config: Config) -> dict[str, str]:
    """Wikipedia in each interface language, unless conf.py chose another single address."""
    return {} if config[f"{PREFIX}quick_exit_url"] != DEFAULT_URL else dict(DEFAULT_URLS)


STR, BOOL, DICT = frozenset({str}), frozenset({bool}), frozenset({dict})
SAMPLE_PUBLISHER = '{"en": "Sample Press", "th": "สำนักพิมพ์ตัวอย่าง"}'


def in_language(values: Mapping[str, str], lang: str, fallback: str = "") -> str:
    """The value of a per-language setting for *lang*: its own tag's (``zh-Hant`` also as
    ``zh_TW`` or ``zh-hant``), else its base language's (``zh``), else English, else *fallback*."""
    key = language_key(values, lang)
    return values[key] if key is not None else fallback


def language_key(values: Mapping[str, str], lang: str) -> str | None:
    """The key of *values* that :func:`in_language` reads for *lang* (None: it uses the fallback)."""
    wanted = languages.find(lang)
    keys = [lang, wanted.tag if wanted else lang, lang.replace("_", "-").split("-")[0], "en"]
    by_key = {key.lower().replace("_", "-"): key for key in values}
    for key in keys:
        if key.lower() in by_key:
            return by_key[key.lower()]
    return None


@dataclass(frozen=True)
class Imprint:
    """Who publishes the archive's books and citations, in one language (from the settings)."""

    title: str
    description: str
    publisher: str
    place: str
    year: str
    licence: str


@dataclass(frozen=True)
class Settings:
    """The archive's settings (``crossings_<name>`` in conf.py), checked."""

    archive: str = setting(
        "",
        rebuild="env",
        types=STR,
        check=text,
        expected="a folder path",
        doc="The archive root: vocabularies/, redactions.csv and search/ are read from it. "
        "Empty: the folder of conf.py.",
    )
    documents: str = setting(
        "documents",
        rebuild="env",
        types=STR,
        check=relative_folder,
        expected="a folder inside the source folder, e.g. 'documents'",
        doc="The folder of ingested documents under the source folder. Pages there carry front "
        "matter and are the archive's documents; every other page is hand-written.",
    )
    languages: tuple[str, ...] = setting(
        factory=_interface_languages,
        rebuild="html",
        types=frozenset({list, tuple}),
        check=language_list,
        normal=declared_tags,
        expected='a non-empty list of BCP 47 tags, e.g. ["en", "zh-Hant", "th"]',
        doc="The interface languages: `crossings build html --lang all` builds one site for each, "
        "and the language switcher links them. A tag is read as crossings declares it (`zh-hant` "
        "and `zh-TW` are `zh-Hant`); two tags naming one language are refused.",
    )
    language: str = setting(
        "",
        rebuild="env",
        types=STR,
        check=optional_tag,
        expected="empty or a BCP 47 tag, e.g. 'zh-Hant'",
        doc="The interface language of one build (labels, dates, the quick-exit site). "
        "`crossings build --lang` sets it; empty: derived from Sphinx's `language`.",
    )
    edition: str = setting(
        "public",
        rebuild="env",
        types=STR,
        check=edition,
        expected="one of " + ", ".join(EDITIONS),
        doc="`public` leaves out every restricted document and redacted name; `internal` keeps "
        "everything. `crossings build --edition` sets it.",
    )
    base_url: str = setting(
        "",
        rebuild="html",
        types=STR,
        check=optional_address,
        expected="empty or a full address, e.g. 'https://archive.example.org/'",
        doc="The site's public address, for sitemap.xml, robots.txt and citations: the address "
        "under which the language folders are served (a page's address is this, its language folder "
        "and the page: `<address>/th/documents/<id>.html`). Empty: relative links only, no sitemap.",
    )
    sidebar_documents: bool = setting(
        False,
        rebuild="html",
        types=BOOL,
        check=flag,
        expected="True or False",
        doc="List every document in the sidebar. False: the sidebar shows the hand-written pages "
        "and the browse pages, through which documents are reached.",
    )
    event: str = setting(
        "",
        rebuild="env",
        types=STR,
        check=text,
        expected="an event id of vocabularies/events.csv, or empty",
        doc="The event the proceedings' title page and the e-book's metadata name. "
        "Empty: the first event of vocabularies/events.csv.",
    )
    corpus_path: str = setting(
        "",
        rebuild="",
        types=STR,
        check=text,
        expected="a file path outside the published output, or empty",
        doc="Where an HTML build writes its search corpus (JSON lines). "
        "Empty: build/<edition>/corpus/<lang>.jsonl, beside the site.",
    )
    quick_exit_url: str = setting(
        DEFAULT_URL,
        rebuild="html",
        types=STR,
        check=web_address,
        expected=f"a full https:// address of a neutral site, e.g. '{EXAMPLE_URL}'",
        doc="The neutral site Quick exit leaves for in a language that has no address of its own. "
        "Pick sites your readers can reach (Wikipedia is blocked in mainland China).",
    )
    quick_exit_urls: Mapping[str, str] = setting(
        factory=lambda: MappingProxyType(dict(DEFAULT_URLS)),
        rebuild="html",
        types=frozenset({dict}),
        check=addresses_by_language,
        expected=f'a dict of language tag -> https:// address, e.g. {{"th": "{EXAMPLE_URL}"}}',
        doc="A neutral site per interface language (`zh` covers both Chinese scripts). Default: an "
        "encyclopedia in each shipped language, unless `crossings_quick_exit_url` names another "
        "site, which then serves every language without an entry here.",
        sphinx_default=default_urls,
    )
    one_history_entry: bool = setting(
        True,
        rebuild="html",
        types=BOOL,
        check=flag,
        expected="True or False",
        doc="Keep a reader's whole visit in one entry of the tab's history, so that after a quick "
        "exit Back never returns to the archive. False leaves navigation to the browser.",
    )
    title: Mapping[str, str] = setting(
        factory=lambda: MappingProxyType({}),
        rebuild="env",
        types=DICT,
        check=texts_by_language,
        expected='a dict of language tag -> title, e.g. {"th": "คลังเอกสาร"}',
        doc="The archive's title in each interface language: the books' title page, running "
        "metadata and the e-book's `dc:title`. A language without one uses Sphinx's `project`.",
    )
    description: Mapping[str, str] = setting(
        factory=lambda: MappingProxyType({}),
        rebuild="env",
        types=DICT,
        check=texts_by_language,
        expected='a dict of language tag -> one line, e.g. {"en": "Papers and notes of ..."}',
        doc="One line saying what the archive holds, per language: the e-book's `dc:description` "
        "and the PDF's subject. A language without one uses the English line, else the title.",
    )
    publisher: Mapping[str, str] = setting(
        factory=lambda: MappingProxyType({}),
        rebuild="env",
        types=DICT,
        check=texts_by_language,
        expected=f"a dict of language tag -> the publisher's name, e.g. {SAMPLE_PUBLISHER}",
        doc="The publisher of the archive's books, in each language: the title page, the e-book's "
        "`dc:publisher`, the citations (BibTeX, RIS, CSL-JSON) and the pages' citation metadata. "
        "A language without one uses the English name, else Sphinx's `author`.",
    )
    publisher_place: str = setting(
        "",
        rebuild="env",
        types=STR,
        check=text,
        expected="a place name, e.g. 'Hong Kong', or empty",
        doc="Where the publisher is (the imprint and the citations' place of publication).",
    )
    publisher_year: str = setting(
        "",
        rebuild="env",
        types=STR,
        check=year,
        expected="a four-digit year, e.g. '2026', or empty",
        doc="The year of this edition of the books (the imprint). Empty: no year is printed.",
    )
    licence: Mapping[str, str] = setting(
        factory=lambda: MappingProxyType({}),
        rebuild="env",
        types=DICT,
        check=texts_by_language,
        expected='a dict of language tag -> one line, e.g. {"en": "CC BY-NC 4.0"}',
        doc="The licence line of the books' imprint and the e-book's `dc:rights`, per language. "
        "A language without one uses the English line; none: Sphinx's `copyright`.",
    )
    buddhist_era: bool = setting(
        False,
        rebuild="env",
        types=BOOL,
        check=flag,
        expected="True or False",
        doc="Write the years of Thai books and pages in the Buddhist era (พ.ศ. 2544 for 2001), as "
        "Thai publishers do. False: Gregorian years, as in every other language.",
    )
    catalogs: str = setting(
        "",
        rebuild="html",
        types=STR,
        check=text,
        expected="left to crossings",
        doc="A fingerprint of the interface translations, so that a changed translation rewrites "
        "every page. Set by every build; conf.py should not set it.",
        internal=True,
    )
    oai_admin_email: str = setting(
        "",
        rebuild="html",
        types=STR,
        check=email,
        expected="empty or an e-mail address, e.g. 'archive@example.org'",
        doc="Who harvesters write to about the archive's OAI-PMH repository (Identify's "
        "`adminEmail`, at `/oai` of `crossings serve` and in `oai-static.xml`): an address "
        "someone reads (`crossings init --contact` sets it). OAI-PMH needs it and no address is "
        "guessed: empty, `/oai` answers 503 saying to set it, the build writes no "
        "`oai-static.xml`, and `crossings check` warns.",
    )
    oai_static_gateway: str = setting(
        "",
        rebuild="html",
        types=STR,
        check=optional_address,
        expected="empty or the address of an OAI Static Repository Gateway, e.g. 'https://gateway.example.org/oai/'",
        doc="The Static Repository Gateway that makes `oai-static.xml` harvestable, once the archive "
        "is registered with one: the file's `baseURL` is this address followed by the file's own "
        "(without `https://`). Empty: the file's own address.",
    )
    doi_prefix: str = setting(
        "",
        rebuild="",
        types=STR,
        check=doi_prefix,
        expected="empty or a DOI prefix, e.g. '10.5555' (Crossref's prefix for tests)",
        doc="The DOI prefix Crossref gave the archive's publisher. `crossings export crossref` names the "
        "proceedings `<prefix>/<event>` and each public document `<prefix>/<event>.<id>` (the books' event: "
        "`crossings_event`, else the first of vocabularies/events.csv); once deposited, a DOI is for ever: "
        "keep the event and document ids. "
        "Empty: `crossings export crossref` refuses to write a deposit.",
    )
    depositor_name: str = setting(
        "",
        rebuild="",
        types=STR,
        check=one_line,
        expected="the name of whoever deposits with Crossref, e.g. 'Sample Press', or empty",
        doc="Who sends the Crossref deposit (its `depositor_name`). Empty: `crossings export crossref` "
        "refuses to write a deposit.",
    )
    depositor_email: str = setting(
        "",
        rebuild="",
        types=STR,
        check=email,
        expected="an e-mail address, e.g. 'doi@example.org', or empty",
        doc="Where Crossref sends the deposit's report (its `email_address`). Empty: `crossings export "
        "crossref` refuses to write a deposit.",
    )
    papers: bool = setting(
        False,
        rebuild="env",
        types=BOOL,
        check=flag,
        expected="left to crossings",
        doc="Set by `crossings build papers`: the LaTeX build writes one file per archive document "
        "(its PDF beside its page) instead of the proceedings. conf.py should not set it.",
        internal=True,
    )

    def imprint(self, lang: str, project: str, author: str, copyright: str = "") -> Imprint:
        """The title, description, publisher and licence of the archive in *lang* (a BCP 47 tag);
        *project*, *author* and *copyright* (Sphinx's) stand in for what the settings leave out."""
        title = in_language(self.title, lang, project)
        return Imprint(
            title=title,
            description=in_language(self.description, lang, title),
            publisher=in_language(self.publisher, lang, author),
            place=self.publisher_place,
            year=self.publisher_year,
            licence=in_language(self.licence, lang, copyright),
        )

    @classmethod
    def specs(cls) -> Iterator[tuple[Field[Any], Spec]]:
        """Every field with its Spec, in declaration order."""
        for item in fields(cls):
            yield item, item.metadata["spec"]

    @classmethod
    def from_config(cls, config: Config, where: str = "conf.py") -> Settings:
        """The checked settings of a Sphinx config; SettingError names the first bad one.

        Pages ask often: the last answer for each config is kept while its values stay the same.
        """
        raw = {item.name: config[PREFIX + item.name] for item, _spec in cls.specs()}
        snapshot = tuple(frozen(value) for value in raw.values())
        known = _CHECKED.get(config)
        if known is not None and known[0] == snapshot:
            return known[1]
        for item, spec in cls.specs():
            try:
                spec.check(raw[item.name])
            except Invalid as exc:
                raise SettingError(problem(where, PREFIX + item.name, raw[item.name], exc, spec)) from None
        for item, spec in cls.specs():
            if spec.normal is not None:
                raw[item.name] = spec.normal(raw[item.name])
        checked = cls(**{name: frozen(value) for name, value in raw.items()})
        _CHECKED[config] = (snapshot, checked)
        return checked


# The last checked settings of each Sphinx config, with the values they were made from.
_CHECKED: WeakKeyDictionary[Config, tuple[tuple[Any, ...], Settings]] = WeakKeyDictionary()


def frozen(value: Any) -> Any:
    """An immutable copy of a setting's value (lists become tuples, dicts read-only)."""
    if isinstance(value, list | tuple):
        return tuple(value)
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return value


def problem(where: str, name: str, value: object, exc: Invalid, spec: Spec) -> str:
    """The message of a bad setting: where, which, the value, why, and what is expected."""
    shown = f"{name}[{exc.key!r}]" if exc.key is not None else name
    given = value[exc.key] if exc.key is not None and isinstance(value, Mapping) else value
    return (
        f"{where}: {shown} = {given!r}: {exc.why}; expected {spec.expected}. "
        f"Correct it in conf.py, or remove it to use the default."
    )


def check_names(names: Iterable[str], where: str) -> None:
    """SettingError naming the first ``crossings_*`` name conf.py binds that is no setting (a typo
    would otherwise be ignored, the default silently used), with the setting it most resembles."""
    known = sorted(PREFIX + item.name for item, _spec in Settings.specs())
    for name in sorted(names):
        if name.lower().startswith(PREFIX) and name not in known:
            close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}? " if close else ""
            raise SettingError(
                f"{where}: {name} is not a crossings setting, so its value would be ignored; {hint}"
                "Correct its name in conf.py or remove it (every setting: docs/settings.md)."
            )


def settings(app: Sphinx) -> Settings:
    """The checked settings of the running build."""
    return Settings.from_config(app.config)


def default_of(item: Field[Any], spec: Spec) -> Any:
    """The default Sphinx is given for a field (a list where the dataclass keeps a tuple)."""
    if spec.sphinx_default is not None:
        return spec.sphinx_default
    value = item.default_factory() if callable(item.default_factory) else item.default
    return list(value) if isinstance(value, tuple) else dict(value) if isinstance(value, Mapping) else value


def add_to(config: Config) -> None:
    """Add every setting to a Config read outside a build (``Config.read``), so it answers them."""
    for item, spec in Settings.specs():
        if PREFIX + item.name not in config:
            config.add(PREFIX + item.name, default_of(item, spec), spec.rebuild, spec.types)


def check(app: Sphinx, config: Config) -> None:
    """config-inited: stop at a name that is no setting and at the first bad setting; fill in the
    archive root (conf.py's folder)."""
    from crossings.sphinx.confpy import names_in_conf  # crossings.sphinx imports this module

    where = str(Path(app.confdir) / "conf.py")
    check_names(names_in_conf(app), where)
    Settings.from_config(config, where=where)
    if not config[PREFIX + "archive"]:
        config[PREFIX + "archive"] = str(Path(app.confdir).resolve())


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register every setting, and the check of them all."""
    for item, spec in Settings.specs():
        app.add_config_value(
            PREFIX + item.name, default_of(item, spec), spec.rebuild, spec.types, description=spec.doc
        )
    app.connect("config-inited", check, priority=200)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
