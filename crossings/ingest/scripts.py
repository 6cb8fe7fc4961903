"""Check that decoded text is in the script its catalog language implies (mojibake detection).

A wrong legacy codec rarely fails outright: Big5 bytes decode as GB18030 and anything decodes as
cp1252. What gives it away is the result: kana, private-use characters or Latin-1 signs where
Han or Thai was expected, rare characters instead of frequent ones, Thai vowels on no consonant.
Thresholds were set on real sentences against every wrong pairing of the region's codecs
(tests/ingest/test_encodings.py::test_never_mojibake).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crossings.ingest.charfreq import converter, dictionary_share, frequent_share, rare_share

if TYPE_CHECKING:
    from crossings.catalog.vocab import Term

SAMPLE_CHARS = 50_000  # spread over the whole text: a long preface in another script must not hide it
SAMPLE_WINDOWS = 10
MIN_SHARE = 0.9  # of the non-ASCII characters (punctuation aside), in the expected script
MIN_COMMON = 0.85  # of the CJK characters, among the language's common characters
MIN_ASCII_SHARE = 0.6  # of the letters, for languages written in (nearly) plain Latin
MIN_EVIDENCE = 3  # expected-script characters needed before a legacy decode is trusted
MIN_THAI_EVIDENCE = 6  # Thai takes one byte a letter: as much evidence as three CJK characters
MIN_WORDS = 0.2  # of Han/kana characters inside ICU dictionary words (real text 0.3-0.8, mojibake 0)
LONG_ENOUGH = 20  # expected-script characters from which frequency statistics are reliable
MIN_LETTER_SCORE = 0.5  # real text of a language scores 1.0-1.5, a wrong codec of its script 0-0.4
MIN_LATIN_SCORE = 0.5  # (share of a Latin text's non-ASCII characters among the language's letters)²
MIN_HANGUL = 0.7  # of the Hangul or Hanja letters: wrong codecs scatter Hanja among the syllables
KANA_PROSE = 100  # kanji from which Japanese text without kana is taken for Chinese

_HAN = "\u3005-\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # with half-width katakana (Shift_JIS single bytes)
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_THAI = "\u0e01\u0e02\u0e04\u0e06-\u0e25\u0e27-\u0e39\u0e3f-\u0e4d\u0e50-\u0e59"  # not obsolete ฃฅฦ ฺ๎๏๚๛
_THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_KHMER = "\u1780-\u17ff\u19e0-\u19ff"
_LATIN = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0300-\u036f"
_VIETNAMESE = (
    "a-zA-Z\u00c0-\u00c3\u00c8-\u00ca\u00cc\u00cd\u00d2-\u00d5\u00d9\u00da\u00dd\u00e0-\u00e3\u00e8-\u00ea"
)
_VIETNAMESE += "\u00ec\u00ed\u00f2-\u00f5\u00f9\u00fa\u00fd\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169"
_VIETNAMESE += "\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9"

# Non-ASCII characters any script's text may hold: spaces, punctuation, CJK punctuation, fullwidth
# forms (not halfwidth katakana), box drawing, shapes, circled numbers.
_NEUTRAL = "\\s\u00a0\u00b7\u2000-\u206f\u2460-\u25ff\u3000-\u3004\u3008-\u3020\u3030-\u303f"
_NEUTRAL += "\ufe30-\ufe4f\uff00-\uff60\uffa0-\uffef"
_NON_NEUTRAL = re.compile(f"[^\x00-\x7f{_NEUTRAL}]")
_SUSPECT = re.compile("[\x80-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
# Latin-1 signs real text rarely uses, but a wrong codec makes by the dozen.
_SIGNS = re.compile("[\xa1-\xa6\xa8-\xaf\xb2-\xb6\xb8-\xbf\xf7]")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN1_RUN = re.compile("[\u00a1-\u024f]{2,}")
_TAG = re.compile(r"<[^<>]{0,2000}>")
_LATIN_CHANGED = re.compile(
    "[^\x00-\x7f\\s\u00a0\u00ab\u00bb\u00b0\u00a9\u00ae\u00b7\u2000-\u206f\u20ac\u2122]"
)
_SYMBOLS = re.compile(
    "[\u2500-\u259f\u2116\u00a4\u2020\u2021\u2030\u2122\u00a6\u00ac\u00b1\u2264\u2265\u221a\u2248\u2206\u0192\u00a7\u00b6]"
)
_HALF_KANA_GLUED = re.compile(f"[\uff66-\uff9f][A-Za-z@{_HAN}]|[A-Za-z@{_HAN}][\uff66-\uff9f]")
_THAI_CONSONANTS = "\u0e01-\u0e2e"
_THAI_UPPER_LOWER = "\u0e31\u0e34-\u0e3a\u0e47"
# Each Thai vowel or mark sits on what Thai spelling allows: a consonant, or a vowel then a tone mark.
_THAI_ORPHAN = re.compile(
    f"(?<![{_THAI_CONSONANTS}])[{_THAI_UPPER_LOWER}]"
    f"|(?<![{_THAI_CONSONANTS}{_THAI_UPPER_LOWER}])[\u0e48-\u0e4c]"
    f"|(?<![{_THAI_CONSONANTS}\u0e48-\u0e4c\u0e31\u0e47\u0e4d])[\u0e30\u0e32\u0e33\u0e45]"
)
_THAI_BAD_LEAD = re.compile("[\u0e40-\u0e44](?![\u0e01-\u0e2e])")
_THAI_VOWELS = re.compile("[\u0e30-\u0e3a\u0e40-\u0e44\u0e47-\u0e4e]")
# Big5/GB trail bytes are ASCII letters and @[\]^`{|}~; read as Thai they sit right against Thai letters.
_THAI_GLUED = re.compile(
    rf"[{_THAI}][A-Za-z@\[\\\]^`{{|}}~]|[A-Za-z@\[\\\]^`{{|}}~][{_THAI}]|[ก-ฮ][๐-๙][ก-ฮ]"
)


@dataclass(frozen=True)
class Verdict:
    """The outcome of a script check: ``problem`` is "" when the text looks right."""

    problem: str = ""
    form: str = ""  # for Chinese: "Hant", "Hans" or "" (cannot tell)
    score: float = 0.0  # higher is more like real text (ranks candidates that all pass)

    @property
    def ok(self) -> bool:
        """True when the text passed the check."""
        return not self.problem


# The script of a language when languages.csv has no script column for it (ISO 15924 codes).
BUILTIN_SCRIPTS = {
    "zh": "Hani", "yue": "Hani", "ja": "Jpan", "ko": "Kore", "th": "Thai", "km": "Khmr", "lo": "Laoo",
    "my": "Mymr", "ru": "Cyrl", "uk": "Cyrl", "bg": "Cyrl", "be": "Cyrl", "sr": "Cyrl", "mk": "Cyrl",
    "kk": "Cyrl", "mn": "Cyrl", "el": "Grek", "he": "Hebr", "yi": "Hebr", "ar": "Arab", "fa": "Arab",
    "ur": "Arab", "hy": "Armn", "ka": "Geor", "hi": "Deva", "ne": "Deva", "mr": "Deva", "bn": "Beng",
    "ta": "Taml", "am": "Ethi",
}  # fmt: skip
# Letters of the alphabetic scripts checked by share and letter frequency (Latin aside).
ALPHABETS = {
    "Cyrl": ("\u0400-\u052f\u1c80-\u1c8f", "Cyrillic"),
    "Grek": ("\u0370-\u03ff\u1f00-\u1fff", "Greek"),
    "Hebr": ("\u0591-\u05f4\ufb1d-\ufb4f", "Hebrew"),
    "Arab": ("\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc", "Arabic"),
    "Armn": ("\u0531-\u058f", "Armenian"),
    "Geor": ("\u10a0-\u10ff", "Georgian"),
    "Deva": ("\u0900-\u097f", "Devanagari"),
    "Beng": ("\u0980-\u09ff", "Bengali"),
    "Taml": ("\u0b80-\u0bff", "Tamil"),
    "Ethi": ("\u1200-\u139f", "Ethiopic"),
    "Laoo": ("\u0e81-\u0edf", "Lao"),
    "Mymr": ("\u1000-\u109f", "Myanmar"),
}
# charset-normalizer's letter-frequency lists, by language subtag.
FREQUENCY_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "hr": "Croatian", "cs": "Czech", "da": "Danish", "nl": "Dutch",
    "en": "English", "et": "Estonian", "fa": "Farsi", "fi": "Finnish", "fr": "French", "de": "German",
    "el": "Greek", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian", "it": "Italian",
    "kk": "Kazakh", "lt": "Lithuanian", "no": "Norwegian", "nb": "Norwegian", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sr": "Serbian", "sk": "Slovak",
    "sl": "Slovene", "es": "Spanish", "sv": "Swedish", "ta": "Tamil", "tr": "Turkish", "uk": "Ukrainian",
}  # fmt: skip
PLAIN_LATIN = {"en", "id", "ms", "tl", "fil"}
# The letters beyond a-z each Latin-script language writes (lower case): a wrong codec brings others.
LATIN_LETTERS = {
    "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "pl": "ąćęłńóśźż", "hu": "áéíóöőúüű",
    "sl": "čšžćđ", "hr": "čćđšž", "bs": "čćđšž", "ro": "ăâîșțşţ", "sq": "çë", "tr": "çğıöşüâîû",
    "de": "äöüßéàè", "fr": "àâæçéèêëîïôœùûüÿ", "es": "áéíñóúü", "pt": "áâãàçéêíóôõúü",
    "it": "àèéìíîòóùú", "ca": "àçèéíïòóúü·", "da": "æøåéü", "no": "æøåéô", "nb": "æøåéô",
    "sv": "åäöéü", "fi": "äöåšž", "et": "äöõüšž", "lt": "ąčęėįšųūž", "lv": "āčēģīķļņšūž",
    "mt": "ċġħżàèìòù", "eo": "ĉĝĥĵŝŭ", "ga": "áéíóú", "nl": "éëïöüèáó", "is": "áðéíóúýþæö",
    "cy": "âêîôûŵŷáéíóúàèìòùäëïöüÿ",
}  # fmt: skip


def script_for(language: str, languages: Iterable[Term] | None = None) -> str:
    """The ISO 15924 script of *language*: languages.csv's script column, else the built-in table's."""
    base = base_language(language)
    terms = list(languages or ())
    for term in sorted(terms, key=lambda t: t.id != language):  # the exact tag first, then its base
        if term.id == language or base_language(term.id) == base:
            script = term.attrs.get("script", "").strip()
            if script:
                return script[:1].upper() + script[1:].lower()
    return BUILTIN_SCRIPTS.get(base, "Latn")


def sample_of(text: str, size: int = SAMPLE_CHARS) -> str:
    """*text* itself when short, else windows spread evenly over all of it (joined by line breaks)."""
    if len(text) <= size:
        return text
    width = size // SAMPLE_WINDOWS
    step = (len(text) - width) / (SAMPLE_WINDOWS - 1)
    return "\n".join(text[round(i * step) : round(i * step) + width] for i in range(SAMPLE_WINDOWS))


def base_language(language: str) -> str:
    """The primary subtag of a BCP 47 tag, lower-cased ("zh-Hant" -> "zh")."""
    return language.split("-")[0].split("_")[0].lower() or "en"


def is_latin_language(language: str, script: str = "") -> bool:
    """True for languages written in Latin script (checked on whole text, not on escaped bytes)."""
    return (script or script_for(language)) == "Latn" and base_language(language) != "vi"


def check_script(text: str, language: str, script: str = "") -> Verdict:
    """Judge whether `text` reads as `language` (written in *script*) or as the output of a wrong codec."""
    sample = _TAG.sub(" ", sample_of(text))
    base = base_language(language)
    script = script or script_for(language)
    if script in _BY_SCRIPT:
        return _BY_SCRIPT[script](sample)
    if script in ALPHABETS:
        return _alphabet(sample, script, base)
    if base == "vi":
        return _vietnamese(sample)
    verdict = _latin(sample, plain=base in PLAIN_LATIN)
    if verdict.ok and base not in PLAIN_LATIN:
        score = _letter_score(sample, base, latin=True)
        accented = sum(1 for c in re.findall(r"[^\W\d_]", sample) if not c.isascii())
        if accented >= LONG_ENOUGH and score < MIN_LATIN_SCORE:
            return Verdict(f"its accented letters are not those {base} text uses, as a wrong codec gives")
        return Verdict(score=score)
    return verdict


def _in_script(
    sample: str, script: str, label: str, evidence: int = MIN_EVIDENCE, *, signs: bool = False
) -> tuple[list[str], Verdict | None]:
    """The expected-script characters, and a verdict when the share or the amount settles it.

    *signs*: symbols, punctuation and numbers (☆ ♡ ㈜ ㎡ ℃ ① § ¿) are not letters of another
    script; the CJK national character sets hold hundreds that their users write.
    """
    found = _NON_NEUTRAL.findall(sample)
    foreign = sum(1 for c in found if not _is_sign(c)) if signs else len(found)
    expected = re.findall(f"[{script}]", sample)
    share = min(1.0, len(expected) / foreign) if foreign else 0.0
    if share < MIN_SHARE:
        return expected, Verdict(f"only {share:.0%} of letters are {label}")
    if len(expected) < evidence:
        return expected, Verdict(f"it is too short to tell ({len(expected)} {label} characters)")
    return expected, None


def _is_sign(char: str) -> bool:
    """True for a symbol, punctuation mark or number (Unicode categories S*, P* and N*)."""
    return unicodedata.category(char)[0] in "SPN"


def _rare(expected: list[str], key: str, label: str) -> Verdict | None:
    """A failing verdict when too many characters are outside the common ones."""
    rare = rare_share(expected, key)
    if 1 - rare >= MIN_COMMON:
        return None
    return Verdict(f"{rare:.0%} of the {label} characters are rare ones, as a wrong codec gives")


def _infrequent(expected: list[str], language: str, minimum: float) -> Verdict | None:
    """A failing verdict when a long text lacks the most frequent characters of the language."""
    share = frequent_share(expected, language)
    if len(expected) >= LONG_ENOUGH and share < minimum:
        return Verdict(f"only {share:.0%} of characters are among the most frequent in {language}")
    return None


def _no_words(sample: str, script: str) -> Verdict | None:
    """A failing verdict when ICU's dictionary finds (almost) no words in the text."""
    share = dictionary_share(sample, script)
    if share < MIN_WORDS:
        return Verdict(f"only {share:.0%} of the characters form dictionary words, as a wrong codec gives")
    return None


def _chinese(sample: str) -> Verdict:
    """Han, common characters, frequent characters; the form (Traditional/Simplified) is reported."""
    expected, verdict = _in_script(sample, _HAN, "Han", signs=True)
    verdict = verdict or _rare(expected, "zh", "Han") or _no_words(sample, _HAN)
    if verdict:
        return verdict
    return Verdict(form=chinese_form(sample), score=frequent_share(expected, "Chinese"))


def _japanese(sample: str) -> Verdict:
    """Kana and common kanji; Japanese prose always has kana."""
    expected, verdict = _in_script(sample, _HAN + _KANA, "kana or Han", signs=True)
    verdict = verdict or _rare(expected, "ja", "kana or Han") or _no_words(sample, _HAN + _KANA)
    glued = len(_HALF_KANA_GLUED.findall(sample))
    half = sum(1 for c in expected if "\uff66" <= c <= "\uff9f")
    if not verdict and (glued > len(expected) // 20 or half > len(expected) // 2):
        verdict = Verdict("half-width katakana stand among the other letters, as a wrong codec gives")
    if verdict:
        return verdict
    kana = sum(1 for c in expected if "\u3040" <= c <= "\u30ff" or "\uff66" <= c <= "\uff9f")
    # Japanese prose always has kana; a short line of kanji alone (a title, a name) may not.
    if len(expected) >= KANA_PROSE and kana / len(expected) < 0.05:
        return Verdict("there is (almost) no kana, so it is not Japanese")
    return Verdict(score=1.0)


def _korean(sample: str) -> Verdict:
    """Mostly Hangul (Hanja are a minority), common and frequent syllables."""
    expected, verdict = _in_script(sample, _HAN + _HANGUL, "Hangul or Han", signs=True)
    verdict = verdict or _rare(expected, "ko", "Hangul or Han")
    if verdict:
        return verdict
    hangul = [c for c in expected if "\uac00" <= c <= "\ud7af"]
    if len(hangul) < len(expected) * MIN_HANGUL:
        return Verdict(
            f"only {len(hangul) / len(expected):.0%} of the characters are Hangul (the rest Hanja)"
        )
    runs = re.findall(f"[{_HAN}{_HANGUL}]+", sample)
    if len(expected) >= 10 and len(expected) / len(runs) > 6:
        return Verdict("the Hangul is not cut into words by spaces, as Korean is")
    return _infrequent(hangul, "Korean", 0.15) or Verdict(score=1.0)


def _thai(sample: str) -> Verdict:
    """Thai letters in Thai order: marks on consonants, leading vowels before one, no Latin glued on."""
    expected, verdict = _in_script(sample, _THAI, "Thai", MIN_THAI_EVIDENCE)
    if verdict:
        return verdict
    allowed = len(expected) // 50
    for pattern, what in (
        (_THAI_ORPHAN, "Thai vowels or tone marks stand on no consonant"),
        (_THAI_BAD_LEAD, "Thai leading vowels stand before no consonant"),
        (_THAI_GLUED, "Latin letters are glued to Thai letters"),
    ):
        count = len(pattern.findall(sample))
        if count > allowed:
            return Verdict(f"{count} {what}")
    vowels = len(_THAI_VOWELS.findall(sample)) / len(expected)
    if (len(expected) >= 12 and vowels < 0.2) or (len(expected) >= 8 and vowels < 0.15):
        return Verdict(
            f"only {vowels:.0%} of the Thai characters are vowels or marks (real Thai has about a third)"
        )
    share = frequent_share(expected, "Thai")
    if share < 0.4:
        return Verdict(f"only {share:.0%} of the Thai letters are common ones (real Thai has over half)")
    return Verdict(score=share)


def _khmer(sample: str) -> Verdict:
    """Khmer script share only (no legacy Khmer codec exists in Python)."""
    return _in_script(sample, _KHMER, "Khmer")[1] or Verdict(score=1.0)


def _latin(sample: str, *, plain: bool) -> Verdict:
    """Latin-script languages: no control, private-use or Latin-1 sign clutter; mostly (plain) Latin."""
    letters = len(_LETTER.findall(sample))
    clutter = sum(len(p.findall(sample)) for p in (_SUSPECT, _SIGNS))
    if clutter > letters // 50:
        return Verdict(f"it holds {clutter} control, private-use or stray sign characters")
    if letters == 0:
        return Verdict()
    if plain:
        # English-like text has an accented letter here and there; a wrong codec makes runs of them.
        runs = len(_LATIN1_RUN.findall(sample))
        if runs > letters // 100:
            return Verdict(f"{runs} runs of accented letters and signs, as a wrong codec gives")
    script, label = ("a-zA-Z", "plain Latin") if plain else (_LATIN, "Latin")
    share = len(re.findall(f"[{script}]", sample)) / letters
    if share < (MIN_ASCII_SHARE if plain else MIN_SHARE):
        return Verdict(f"only {share:.0%} of letters are {label}")
    return Verdict(score=share)


def _vietnamese(sample: str) -> Verdict:
    """Latin with Vietnamese letters only (cp1258 mojibake brings others, and signs)."""
    verdict = _latin(sample, plain=False)
    letters = len(_LETTER.findall(sample))
    loose = len(re.findall(r"(?<![^\W\d_])[\u0300-\u036f]", sample))  # a tone mark on no letter
    if verdict.ok and loose > letters // 50:
        return Verdict(f"{loose} tone marks stand on no letter")
    if verdict.ok and letters:
        share = len(re.findall(f"[{_VIETNAMESE}]", sample)) / letters
        if share < 0.95:
            return Verdict(f"only {share:.0%} of letters are Vietnamese")
        # Vietnamese code pages of one era read as one another give a capital inside a word
        # (TCVN 5712 read for VISCII: "QuẰc" for "Quốc"); real text almost never does.
        swapped = sum(1 for a, b in itertools.pairwise(sample) if a.islower() and b.isupper())
        if swapped > letters // 100:
            return Verdict(f"{swapped} letters turn capital inside a word, as a wrong codec gives")
    return verdict


def _alphabet(sample: str, script: str, base: str) -> Verdict:
    """Cyrillic, Greek, Hebrew, Arabic...: letters of the script, standing together, frequent ones.

    A wrong codec either leaves no letter of the script (cp1252 for cp1251) or scatters single
    letters between Latin ones (cp1251 for Latin-1); a wrong codec of the same script (KOI8-R
    for cp1251) gives rare letters and swapped case: the score ranks such candidates.
    """
    ranges, label = ALPHABETS[script]
    expected, verdict = _in_script(sample, ranges, label, MIN_THAI_EVIDENCE)
    if verdict:
        return verdict
    glued = len(re.findall(f"[{ranges}][A-Za-z]|[A-Za-z][{ranges}]", sample))
    if glued > len(expected) // 20:
        return Verdict(f"{glued} {label} letters are glued to Latin ones, as a wrong codec gives")
    suspect = len(_SUSPECT.findall(sample))
    if suspect > len(expected) // 50:
        return Verdict(f"it holds {suspect} control or private-use characters")
    score = _letter_score(sample, base, ranges=ranges)
    if len(expected) >= LONG_ENOUGH * 3 and score < MIN_LETTER_SCORE:
        return Verdict(f"its {label} letters are not those {base} text uses, as a wrong codec gives")
    return Verdict(score=score)


def _letter_score(sample: str, base: str, *, latin: bool = False, ranges: str = "") -> float:
    """How much the letters look like real text of the language (ranks the candidate codecs).

    A wrong codec of the same script gives letters the language does not use (mac_cyrillic's
    ј and Ѕ for cp1251's capitals), swaps case (KOI8-R read as cp1251), makes the most frequent
    letters rare (ISO-8859-5 read as cp866) and brings symbols (box drawing); each lowers it.
    """
    if latin:
        # What a wrong Latin codec changes: the non-ASCII characters, letters or not (mac_roman
        # turns Latin-1's å into ‰), against the letters the language writes.
        changed = [c.lower() for c in _LATIN_CHANGED.findall(sample)]
        alphabet = _alphabet_of(base, latin)[0]
        if not changed or not alphabet:
            return 1.0
        return (sum(1 for c in changed if c in alphabet) / len(changed)) ** 2
    letters = [c.lower() for c in re.findall(f"[{ranges}]", sample)]
    if not letters:
        return 1.0
    alphabet, top = _alphabet_of(base, latin)
    known = sum(1 for c in letters if _bare(c) in alphabet) / len(letters) if alphabet else 1.0
    frequent = sum(1 for c in letters if _bare(c) in top) / len(letters) if top else 0.4
    cased = [c for c in re.findall(f"[{ranges}]", sample) if c.lower() != c.upper()]
    lower = sum(1 for c in cased if c.islower()) / len(cased) if cased else 1.0
    symbols = len(_SYMBOLS.findall(sample)) / len(letters)
    # Capped: a codec that turns a capital into a dash must not win by "more lower case".
    casing = min(1.0, lower / 0.7)
    return known**4 * min(1.0, frequent / 0.4) * (0.5 + casing) * max(0.0, 1.0 - 5 * symbols)


def _bare(char: str) -> str:
    """A letter without its accents (Greek tonos, Cyrillic breve), for alphabet look-ups."""
    return unicodedata.normalize("NFD", char)[:1] or char


@functools.cache
def _alphabet_of(base: str, latin: bool) -> tuple[frozenset[str], frozenset[str]]:
    """The letters a language uses and its eight most frequent ones (empty when unknown)."""
    if latin:
        special = LATIN_LETTERS.get(base, "")
        return frozenset(special), frozenset()
    from charset_normalizer.constant import FREQUENCIES

    name = FREQUENCY_NAMES.get(base)
    letters = [_bare(c) for c in FREQUENCIES.get(name, ())] if name else []
    return frozenset(letters), frozenset(letters[:8])


_BY_SCRIPT: dict[str, Callable[[str], Verdict]] = {
    "Hani": _chinese,
    "Hant": _chinese,
    "Hans": _chinese,
    "Jpan": _japanese,
    "Kore": _korean,
    "Hang": _korean,
    "Thai": _thai,
    "Khmr": _khmer,
}


def chinese_form(text: str) -> str:
    """ "Hant" or "Hans" when the text is clearly Traditional or Simplified Chinese, else ""."""
    sample = "".join(re.findall(f"[{_HAN}]", sample_of(text)))
    if not sample:
        return ""
    traditional = _changed(sample, converter("t2s").convert(sample))
    simplified = _changed(sample, converter("s2t").convert(sample))
    if traditional > 2 * simplified:
        return "Hant"
    if simplified > 2 * traditional:
        return "Hans"
    return ""


def _changed(before: str, after: str) -> int:
    """How many characters a conversion changed."""
    if len(before) != len(after):
        return len(set(before) - set(after))
    return sum(1 for a, b in zip(before, after, strict=True) if a != b)


def expected_form(language: str) -> str:
    """ "Hant"/"Hans" for zh-Hant/zh-Hans (and their region variants), "" otherwise."""
    lowered = language.lower()
    if lowered.startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo", "yue")):
        return "Hant"
    if lowered.startswith(("zh-hans", "zh-cn", "zh-sg")):
        return "Hans"
    return ""
