"""A deterministic generated archive of N documents for the benchmarks.

Realistic metadata (countries, themes, routes, events, sessions; about 10% Chinese and Thai
documents) and text (about 5 KB each, with headings, lists, a table and a footnote). The
archive is written as MyST documents (for build and search benchmarks) or as contributed
originals in real formats (docx, odt, html, legacy-encoded txt) for the ingest benchmark.
Everything goes under build/bench/, never into the repository.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from crossings.catalog.csvfile import write_catalog
from crossings.catalog.frontmatter import dump
from crossings.catalog.model import COLUMNS
from crossings.init import create_archive

COUNTRIES = "HK CN TW MO TH JP KR PH MY SG ID VN KH MM LA AU NL DE".split()
THEMES = (
    "migration-routes law-and-policy police-and-violence agents-and-debt immigration-status health-and-hiv "
    "labour-rights stigma-and-discrimination organising-and-networks livelihoods policy-models"
).split()
TYPES = ["country-report"] * 5 + ["paper"] * 3 + ["session-notes"] * 2 + ["handbook", "statement"]
SESSIONS = [f"b{i}" for i in range(1, 7)]

EN_WORDS = (
    "migrant workers police raid visa agent debt health outreach network law policy border shelter "
    "clinic wages rights community report passport detention deportation union leaflet hotline "
    "employer contract licence brothel street family remittance language interpreter court"
).split()
ZH_PHRASES = (
    "移居 性工作者 警察 掃蕩 簽證 中介 債務 健康 外展 網絡 法律 政策 邊境 庇護 診所 工資 權利 社區 "
    "報告 護照 拘留 遣返 工會 傳單 熱線 家庭 匯款 翻譯 法庭"
).split()
TH_PHRASES = (
    "แรงงานข้ามชาติ ตำรวจ การกวาดล้าง วีซ่า นายหน้า หนี้สิน สุขภาพ เครือข่าย กฎหมาย นโยบาย ชายแดน "
    "คลินิก ค่าจ้าง สิทธิ ชุมชน หนังสือเดินทาง การกักตัว ครอบครัว ล่าม"
).split()


@dataclass(frozen=True)
class GeneratedDoc:
    """One generated document: its catalog row and its Markdown body."""

    row: dict[str, str]
    body: str


def _sentence(rng: random.Random, language: str) -> str:
    """One sentence in *language*."""
    if language == "zh-Hant":
        return "".join(rng.choice(ZH_PHRASES) for _ in range(rng.randint(6, 12))) + "。"
    if language == "th":
        return "".join(rng.choice(TH_PHRASES) for _ in range(rng.randint(5, 9))) + " "
    words = [rng.choice(EN_WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, language: str) -> str:
    """A paragraph of a few sentences."""
    joiner = "" if language != "en" else " "
    return joiner.join(_sentence(rng, language) for _ in range(rng.randint(3, 6)))


def _body(rng: random.Random, title: str, language: str, target: int = 5000) -> str:
    """About *target* bytes of Markdown with headings, a list, a table and a footnote."""
    parts = [f"# {title}", "", "Generated benchmark text, not a real document.", ""]
    section = 0
    while sum(len(p.encode()) for p in parts) < target:
        section += 1
        parts += [f"## Section {section}", "", _paragraph(rng, language), ""]
        if section == 1:
            parts += [f"- {_sentence(rng, language)}" for _ in range(3)] + [""]
        if section == 2:
            parts += ["| Country | Note |", "|---|---|"]
            parts += [f"| {rng.choice(COUNTRIES)} | {_sentence(rng, language)} |" for _ in range(3)] + [""]
        if section == 3:
            parts += [_paragraph(rng, language) + "[^1]", "", f"[^1]: {_sentence(rng, language)}", ""]
    return "\n".join(parts) + "\n"


def generate(n: int, seed: int = 2001) -> list[GeneratedDoc]:
    """N documents, the same for the same N and seed."""
    rng = random.Random(seed)
    docs = []
    for number in range(n):
        roll = rng.random()
        language = "zh-Hant" if roll < 0.05 else "th" if roll < 0.10 else "en"
        countries = rng.sample(COUNTRIES, rng.randint(1, 3))
        routes = [f"{rng.choice(COUNTRIES)}>{c}" for c in countries if rng.random() < 0.7]
        routes = [r for r in routes if r.split(">")[0] != r.split(">")[1]]
        doc_id = f"doc-{number:05d}"
        title = f"Benchmark document {number}"
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            id=doc_id,
            title=title,
            type=rng.choice(TYPES),
            event="bench-2001",
            session=rng.choice(SESSIONS),
            countries=";".join(countries),
            themes=";".join(rng.sample(THEMES, rng.randint(1, 3))),
            authors=f"Author {number % 97}",
            organisations=f"Organisation {number % 31}",
            language=language,
            date=f"{1995 + number % 7}-{1 + number % 12:02d}",
            access="public",
            routes=";".join(routes),
            summary=f"Generated document {number}.",
        )
        docs.append(GeneratedDoc(row, _body(rng, title, language)))
    return docs


def _vocabularies(root: Path) -> None:
    """The generated archive's event and sessions."""
    vocab = root / "vocabularies"
    (vocab / "events.csv").write_text(
        "id,en,zh-Hant,zh-Hans,th,place,start,end,organisers,publisher\n"
        "bench-2001,Benchmark conference,,,,Hong Kong,2001-06-15,2001-06-17,Bench,Bench\n",
        "utf-8",
    )
    rows = "".join(f"{s},bench-2001,{i},2001-06-15,Session {i},,,,\n" for i, s in enumerate(SESSIONS, 1))
    (vocab / "sessions.csv").write_text(
        "id,event,order,date,en,zh-Hant,zh-Hans,th,description_en\n" + rows, "utf-8"
    )


def _index_page(root: Path) -> None:
    """A home page listing every document."""
    (root / "source" / "index.md").write_text(
        "# Benchmark archive\n\n```{toctree}\n:hidden:\n:glob:\n\ndocuments/*\n```\n", "utf-8"
    )


def write_myst_archive(root: Path, n: int) -> list[GeneratedDoc]:
    """An archive whose documents are already MyST files with front matter (no originals)."""
    from crossings.catalog.parse import parse_row
    from crossings.catalog.problems import Location

    create_archive(root, f"Benchmark archive of {n} documents")
    _vocabularies(root)
    _index_page(root)
    docs = generate(n)
    folder = root / "source" / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        meta, problems = parse_row(dict(doc.row, file=f"{doc.row['id']}.md"), Location("generated"))
        assert meta is not None, problems
        (folder / f"{meta.id}.md").write_text(dump(meta.to_front_matter()) + "\n" + doc.body, "utf-8")
    return docs


def write_originals_archive(root: Path, n: int) -> list[GeneratedDoc]:
    """An archive of contributed originals in mixed formats, with its catalog."""
    import pypandoc

    create_archive(root, f"Benchmark originals ({n} documents)")
    _vocabularies(root)
    _index_page(root)
    docs = generate(n)
    reports = root / "reports"
    rows = []
    formats = ["docx", "odt", "html", "txt"]
    for number, doc in enumerate(docs):
        fmt = formats[number % len(formats)]
        name = f"{doc.row['id']}.{fmt}"
        target = reports / name
        row = dict(doc.row, file=name)
        if fmt == "txt":
            encoding = {"zh-Hant": "big5", "th": "cp874"}.get(row["language"], "utf-8")
            plain = doc.body.replace("#", "").replace("|", " ")
            target.write_bytes(plain.encode(encoding, errors="ignore"))
            row["encoding"] = encoding if encoding != "utf-8" else ""
        else:
            pypandoc.convert_text(doc.body, fmt, format="markdown", outputfile=str(target))
        rows.append(row)
    write_catalog(reports / "catalog.csv", rows)
    return docs
