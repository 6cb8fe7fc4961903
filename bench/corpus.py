"""A deterministic generated archive of N documents for the benchmarks.

Realistic metadata (countries, themes, routes, events, sessions; about 10% Chinese and Thai
documents) and text (about 5 KB each, with headings, lists, a table and a footnote). Words follow a Zipf
distribution (s = 1.1) over a vocabulary of several thousand pseudo-words plus the domain's
topic words, so common words are common and topic words are selective, as in real prose. The
archive is written as MyST documents (for build and search benchmarks) or as contributed
originals in real formats (docx, odt, html, legacy-encoded txt) for the ingest benchmark.
Everything goes under build/bench/, never into the repository.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
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

# Topic words of the domain: they sit in the middle ranks of the Zipf distribution (selective,
# like real topic words), not at the top.
EN_WORDS = (
    "migrant workers police raid visa agent debt health outreach network law policy border shelter "
    "clinic wages rights community report passport detention deportation union leaflet hotline "
    "employer contract licence brothel street family remittance language interpreter court"
).split()
# The most frequent words of English prose (most are stop words for the analyzer, as in real text).
FUNCTION_WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which "
    "but have an they you were their one all we can her has there been if more when will would who "
    "so no she other its may these about than into only some could our them time also people new "
    "between after work many then where those year under said most such made each over during"
).split()
ZH_PHRASES = (
    "移居 性工作者 警察 掃蕩 簽證 中介 債務 健康 外展 網絡 法律 政策 邊境 庇護 診所 工資 權利 社區 "
    "報告 護照 拘留 遣返 工會 傳單 熱線 家庭 匯款 翻譯 法庭"
).split()
# Everyday Chinese words (Traditional) for the frequent ranks of Chinese text.
ZH_COMMON = (
    "我們 他們 這個 那個 工作 問題 因為 所以 但是 如果 可以 沒有 已經 時候 地方 朋友 政府 國家 城市 "
    "經濟 社會 生活 發展 情況 活動 組織 會議 討論 計劃 支持 服務 資料 研究 調查 結果 影響 需要 提供 "
    "參加 介紹 方法 關係 學校 醫生 醫院 病人 婦女 兒童 年輕 老人 收入 費用 租金 房屋 宿舍 交通 機場 "
    "碼頭 火車 巴士 電話 手機 網站 新聞 記者 媒體 電視 報紙 律師 法官 證據 案件 投訴 保護 安全 危險 "
    "暴力 歧視 尊重 平等 自由 選擇 決定 責任 機會 困難 幫助 合作 聯絡 培訓 教育 語言 文化 宗教 歷史 "
    "未來 現在 過去 今年 去年 每天 晚上 早上 星期 月份 數字 百分 增加 減少 改變 繼續 開始 結束 成功 "
    "失敗 重要 主要 一般 特別 不同 相同 其他 所有 部分 大部分 少數 多數 地區 亞洲 香港 台灣 泰國 日本 "
    "韓國 中國 馬來西亞 新加坡 印尼 越南 菲律賓 柬埔寨 緬甸 老撾 澳洲 荷蘭 德國 移民 難民 勞工 僱主 "
    "合約 罰款 逮捕 監獄 審訊 保釋 入境 出境 居留 身份 證件 登記 檢查 衛生 安全套 愛滋病 檢測 治療 藥物 "
    "輔導 熱線 義工 社工 同事 客人 老闆 經理 酒吧 夜總會 按摩 桑拿 街頭 公寓 收費 現金 銀行 貸款 利息"
).split()
TH_PHRASES = (
    "แรงงานข้ามชาติ ตำรวจ การกวาดล้าง วีซ่า นายหน้า หนี้สิน สุขภาพ เครือข่าย กฎหมาย นโยบาย ชายแดน "
    "คลินิก ค่าจ้าง สิทธิ ชุมชน หนังสือเดินทาง การกักตัว ครอบครัว ล่าม"
).split()
# Everyday Thai words for the frequent ranks of Thai text.
TH_COMMON = (
    "และ ของ ที่ ใน เป็น มี ได้ ไม่ จะ การ ให้ ว่า กับ แต่ จาก ก็ คน เรา เขา พวกเขา ทำงาน ปัญหา เพราะ "
    "ถ้า แล้ว ยัง เมื่อ ต้อง อยู่ ไป มา เวลา สถานที่ เพื่อน รัฐบาล ประเทศ เมือง เศรษฐกิจ สังคม ชีวิต "
    "การพัฒนา สถานการณ์ กิจกรรม องค์กร การประชุม การอภิปราย แผน สนับสนุน บริการ ข้อมูล งานวิจัย "
    "การสำรวจ ผลลัพธ์ ผลกระทบ ความต้องการ จัดหา เข้าร่วม วิธี ความสัมพันธ์ โรงเรียน แพทย์ โรงพยาบาล "
    "ผู้ป่วย ผู้หญิง เด็ก วัยรุ่น ผู้สูงอายุ รายได้ ค่าใช้จ่าย ค่าเช่า บ้าน หอพัก การเดินทาง สนามบิน "
    "รถไฟ รถเมล์ โทรศัพท์ เว็บไซต์ ข่าว นักข่าว สื่อ โทรทัศน์ หนังสือพิมพ์ ทนายความ ผู้พิพากษา หลักฐาน "
    "คดี ร้องเรียน คุ้มครอง ความปลอดภัย อันตราย ความรุนแรง การเลือกปฏิบัติ ความเคารพ ความเท่าเทียม "
    "เสรีภาพ ทางเลือก การตัดสินใจ ความรับผิดชอบ โอกาส ความยากลำบาก ความช่วยเหลือ ความร่วมมือ ติดต่อ "
    "การฝึกอบรม การศึกษา ภาษา วัฒนธรรม ศาสนา ประวัติศาสตร์ อนาคต ปัจจุบัน อดีต ปีนี้ ปีที่แล้ว ทุกวัน "
    "กลางคืน ตอนเช้า สัปดาห์ เดือน ตัวเลข เพิ่มขึ้น ลดลง เปลี่ยนแปลง ต่อไป เริ่มต้น สิ้นสุด สำเร็จ "
    "ล้มเหลว สำคัญ หลัก ทั่วไป พิเศษ แตกต่าง อื่นๆ ทั้งหมด ส่วนใหญ่ ภูมิภาค เอเชีย ฮ่องกง ไต้หวัน "
    "ญี่ปุ่น เกาหลี จีน มาเลเซีย สิงคโปร์ อินโดนีเซีย เวียดนาม ฟิลิปปินส์ กัมพูชา พม่า ลาว ผู้อพยพ "
    "ผู้ลี้ภัย นายจ้าง สัญญา ค่าปรับ จับกุม เรือนจำ ใบอนุญาต ถุงยางอนามัย เอชไอวี การตรวจ การรักษา ยา "
    "อาสาสมัคร นักสังคมสงเคราะห์ ลูกค้า เจ้าของ ผู้จัดการ บาร์ ร้านนวด ถนน ห้องเช่า เงินสด ธนาคาร เงินกู้ ดอกเบี้ย"
).split()
SYLLABLES = (
    "ba be bi bo bu da de di do du fa fe fi fo ga ge gi go ka ke ki ko ku la le li lo lu ma me mi mo mu "
    "na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi wa we ya yo za "
    "bar ber bin bor dan den dor fan fen gan gar kan ken kor lan len lin lor man men mor nan nel pan "
    "pen por ran ren ron san sen sor tan ten tor ver win"
).split()
PSEUDO_WORDS = 6000
ZIPF_S = 1.1


def _pseudo_words(count: int, seed: int = 7) -> list[str]:
    """*count* distinct pronounceable pseudo-words of two to four syllables (deterministic)."""
    rng = random.Random(seed)
    words: dict[str, None] = {}
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 3, 4))))
        if word not in EN_WORDS and word not in FUNCTION_WORDS:
            words[word] = None
    return list(words)


def _ranked(common: list[str], topic: list[str], rest: list[str], seed: int) -> list[str]:
    """A vocabulary in frequency-rank order: the common words first, topic words spread over ranks 40-2000."""
    rng = random.Random(seed)
    ranked = list(common) + list(rest)
    for word in topic:
        ranked.insert(rng.randint(40, min(2000, len(ranked))), word)
    return ranked


def _cumulative(size: int, s: float = ZIPF_S) -> list[float]:
    """Cumulative Zipf weights 1/rank**s for ranks 1..size."""
    total, out = 0.0, []
    for rank in range(1, size + 1):
        total += rank**-s
        out.append(total)
    return out


@dataclass(frozen=True)
class Vocabulary:
    """Words of one language in frequency-rank order, with their cumulative Zipf weights."""

    words: list[str]
    cumulative: list[float]

    def draw(self, rng: random.Random, k: int) -> list[str]:
        """*k* words drawn with the Zipf distribution."""
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def _vocabulary(words: list[str]) -> Vocabulary:
    """The Zipf vocabulary over *words* (already in rank order)."""
    return Vocabulary(words, _cumulative(len(words)))


VOCABULARIES = {
    "en": _vocabulary(_ranked(FUNCTION_WORDS, EN_WORDS, _pseudo_words(PSEUDO_WORDS), seed=11)),
    "zh-Hant": _vocabulary(_ranked(ZH_COMMON[:20], ZH_PHRASES, ZH_COMMON[20:], seed=12)),
    "th": _vocabulary(_ranked(TH_COMMON[:20], TH_PHRASES, TH_COMMON[20:], seed=13)),
}
TOPIC_SHARE = 0.08  # share of a document's words drawn from its own few topic words (burstiness)


@dataclass(frozen=True)
class GeneratedDoc:
    """One generated document: its catalog row and its Markdown body."""

    row: dict[str, str]
    body: str


def _words(rng: random.Random, language: str, topics: list[str], k: int) -> list[str]:
    """*k* words: Zipf draws from the language's vocabulary, some replaced by the document's topic words."""
    words = VOCABULARIES[language].draw(rng, k)
    return [rng.choice(topics) if rng.random() < TOPIC_SHARE else w for w in words]


def _sentence(rng: random.Random, language: str, topics: list[str]) -> str:
    """One sentence in *language*."""
    if language == "zh-Hant":
        return "".join(_words(rng, language, topics, rng.randint(6, 12))) + "。"
    if language == "th":
        return "".join(_words(rng, language, topics, rng.randint(5, 9))) + " "
    return " ".join(_words(rng, language, topics, rng.randint(8, 18))).capitalize() + "."


def _paragraph(rng: random.Random, language: str, topics: list[str]) -> str:
    """A paragraph of a few sentences."""
    joiner = "" if language != "en" else " "
    return joiner.join(_sentence(rng, language, topics) for _ in range(rng.randint(4, 8)))


def _body(rng: random.Random, title: str, language: str, target: int = 5000) -> str:
    """About *target* bytes of Markdown with headings, a list, a table and a footnote."""
    vocab = VOCABULARIES[language].words
    # A document keeps returning to a few topic words (two domain words, three others).
    domain = {"en": EN_WORDS, "zh-Hant": ZH_PHRASES, "th": TH_PHRASES}[language]
    topics = rng.sample(domain, 2) + rng.sample(vocab[20 : min(len(vocab), 1500)], 3)
    parts = [f"# {title}", "", "Generated benchmark text, not a real document.", ""]
    section = 0
    while sum(len(p.encode()) for p in parts) < target:
        section += 1
        parts += [f"## Section {section}", "", _paragraph(rng, language, topics), ""]
        if section == 1:
            parts += [f"- {_sentence(rng, language, topics)}" for _ in range(3)] + [""]
        if section == 2:
            parts += ["| Country | Note |", "|---|---|"]
            parts += [
                f"| {rng.choice(COUNTRIES)} | {_sentence(rng, language, topics)} |" for _ in range(3)
            ] + [""]
        if section == 3:
            parts += [
                _paragraph(rng, language, topics) + "[^1]",
                "",
                f"[^1]: {_sentence(rng, language, topics)}",
                "",
            ]
    return "\n".join(parts) + "\n"


def generate(n: int, seed: int = 2001) -> list[GeneratedDoc]:
    """N documents, the same for the same N and seed."""
    return list(iter_generate(n, seed))


def iter_generate(n: int, seed: int = 2001) -> Iterator[GeneratedDoc]:
    """The documents of generate(), one at a time (the first k of N are those of generate(k))."""
    rng = random.Random(seed)
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
        yield GeneratedDoc(row, _body(rng, title, language))


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
