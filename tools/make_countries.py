"""Regenerate crossings/data/vocabularies/countries.csv from CLDR (via Babel).

Run by hand when the seed list should change: ``python tools/make_countries.py``.
CLDR gives names in many languages; the archive overrides the ones that a reader
in Hong Kong, Macau or Taiwan would not use for their own place.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from babel import Locale

LANGS = {"en": "en", "zh-Hant": "zh_Hant", "zh-Hans": "zh_Hans", "th": "th"}

# UN M49 sub-regions, grouped the way the archive browses them.
REGIONS: dict[str, str] = {
    "east-asia": "CN HK MO TW JP KR KP MN",
    "south-east-asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "south-asia": "AF BD BT IN IR LK MV NP PK",
    "central-asia": "KZ KG TJ TM UZ",
    "west-asia": "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    "oceania": "AU NZ NF CX CC HM FJ NC PG SB VU FM GU KI MH MP NR PW UM AS CK NU PF PN TK TO TV WF WS",
    "europe": (
        "BY BG CZ HU MD PL RO RU SK UA AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB "
        "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK AT BE FR DE LI LU MC NL CH"
    ),
    "africa": (
        "DZ EG LY MA SD TN EH IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ "
        "ZM ZW AO CM CF TD CG CD GQ GA ST BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR "
        "NE NG SH SN SL TG"
    ),
    "americas": (
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF PM VC SX TT "
        "TC VI BZ CR SV GT HN MX NI PA AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE BM "
        "CA GL US"
    ),
    "antarctica": "AQ",
}

# The archive's own names where CLDR's are official forms readers reject.
OVERRIDES: dict[tuple[str, str], str] = {
    ("HK", "en"): "Hong Kong",
    ("HK", "zh-Hant"): "香港",
    ("HK", "zh-Hans"): "香港",
    ("HK", "th"): "ฮ่องกง",
    ("MO", "en"): "Macau",
    ("MO", "zh-Hant"): "澳門",
    ("MO", "zh-Hans"): "澳门",
    ("MO", "th"): "มาเก๊า",
    ("TW", "en"): "Taiwan",
    ("TW", "zh-Hant"): "台灣",
    ("TW", "zh-Hans"): "台湾",
    ("TW", "th"): "ไต้หวัน",
    ("CN", "en"): "Mainland China",
    ("CN", "zh-Hant"): "中國內地",
    ("CN", "zh-Hans"): "中国内地",
    ("KR", "en"): "South Korea",
    ("KP", "en"): "North Korea",
    ("PS", "en"): "Palestine",
}


def main(out: Path) -> None:
    """Write one row per ISO code with its region and labels."""
    region_of = {code: region for region, codes in REGIONS.items() for code in codes.split()}
    locales = {lang: Locale.parse(tag) for lang, tag in LANGS.items()}
    rows = []
    for code in sorted(region_of):
        labels = {lang: OVERRIDES.get((code, lang)) or loc.territories[code] for lang, loc in locales.items()}
        rows.append({"id": code, "region": region_of[code], **labels})
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["id", "region", *LANGS], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("crossings/data/vocabularies/countries.csv"))
