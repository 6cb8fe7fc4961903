"""A small archive for the proceedings tests: documents in every script of the region."""

from __future__ import annotations

from pathlib import Path

from crossings.archive import Archive
from crossings.init import create_archive

TC_SENTENCE = "移民性工作者需要一個互相支援的網絡。"
SC_SENTENCE = "移民性工作者需要一个互相支持的网络。"
TH_SENTENCE = "ผู้หญิงจากภาคเหนือเดินทางไปทำงานที่ภาคใต้"
EN_SENTENCE = "Outreach workers met every week in the night market."
JA_SENTENCE = "移住労働者の権利を守る。"
KO_SENTENCE = "이주 노동자의 권리를 지킨다."
VI_SENTENCE = "Người lao động di cư cần được bảo vệ."
SECRET = "Restricted testimony about the safe house on Canal Road."
# Links out of the book, in every form a document may hold one; the books must keep none of them.
OUTSIDE_LINKS = (
    "Sample leaflets are at [the sample leaflet site](https://leaflets.example.org/outreach), "
    "<https://example.org/crossings/handbook> and [write to us](mailto:editors@example.org)."
)
LINK_TEXT = "the sample leaflet site"

EVENT = (
    "hk2001,Building an Effective Network,建立有效網絡,建立有效网络,การสร้างเครือข่าย,"
    "Xây dựng mạng lưới hiệu quả,Hong Kong,2001-06-08,2001-06-10,"
    "Harbour Outreach Circle;Sample Research Desk,\n"
)
# The imprint: a made-up publisher, in every interface language (no real organisation).
PUBLISHER = {
    "en": "Sample Press",
    "zh-Hant": "樣本出版社",
    "zh-Hans": "样本出版社",
    "th": "สำนักพิมพ์ตัวอย่าง",
    "vi": "Nhà xuất bản Mẫu",
}
TITLE = {
    "en": "Proceedings test archive",
    "zh-Hant": "會議文集測試檔案",
    "zh-Hans": "会议文集测试档案",
    "th": "คลังเอกสารทดสอบรายงานการประชุม",
    "vi": "Kho lưu trữ thử nghiệm kỷ yếu",
}
DESCRIPTION = {
    "en": "Invented papers of a sample conference, for tests",
    "zh-Hant": "示範會議的虛構文章，供測試用",
    "zh-Hans": "示范会议的虚构文章，供测试用",
    "th": "เอกสารสมมติของการประชุมตัวอย่าง สำหรับการทดสอบ",
    "vi": "Các bài viết hư cấu của một hội nghị mẫu, dùng để kiểm thử",
}
LICENCE = {
    "en": "Test licence line",
    "zh-Hant": "測試用授權條款",
    "zh-Hans": "测试用授权条款",
    "th": "สัญญาอนุญาตสำหรับการทดสอบ",
    "vi": "Giấy phép dùng để kiểm thử",
}
IMPRINT = (
    f"crossings_title = {TITLE!r}\n"
    f"crossings_description = {DESCRIPTION!r}\n"
    f"crossings_publisher = {PUBLISHER!r}\n"
    'crossings_publisher_place = "Sample Town"\n'
    'crossings_publisher_year = "2026"\n'
    f"crossings_licence = {LICENCE!r}\n"
)
SESSIONS = (
    "s1-opening,hk2001,1,2001-06-08,Session 1: Opening,第一節,第一节,ช่วงที่ 1,Phiên 1: Khai mạc,"
    "Welcome and introductions\n"
    "s2-routes,hk2001,2,2001-06-09,Session 2: Routes,第二節,第二节,ช่วงที่ 2,Phiên 2: Lộ trình,"
    "How people travel\n"
)


def document(doc_id: str, title: str, doc_type: str, language: str, body: str, **fields: str) -> str:
    """A MyST document with front matter."""
    meta = {
        "file": f"papers/{doc_id}.txt",
        "id": doc_id,
        "title": title,
        "type": doc_type,
        "event": "hk2001",
        "language": language,
        "access": "public",
        "date": "2001-06",
        **fields,
    }
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return f"---\n{head}---\n# {title}\n\n{body}\n"


DOCUMENTS = {
    "opening": document(
        "opening",
        "Opening remarks",
        "session-notes",
        "en",
        EN_SENTENCE,
        session="s1-opening",
        themes="[organising-and-networks]",
        authors="[Ann Lee]",
        organisations="[Harbour Outreach Circle]",
        countries="[HK]",
    ),
    "hk-report": document(
        "hk-report",
        "香港報告",
        "country-report",
        "zh-Hant",
        TC_SENTENCE,
        countries="[HK]",
        themes="[law-and-policy]",
        authors="[陳美 (Chan Mei)]",
        organisations="[海港互助會]",
        routes='["CN>HK", "TH>HK"]',
    ),
    "cn-report": document(
        "cn-report",
        "中国报告",
        "country-report",
        "zh-Hans",
        SC_SENTENCE,
        countries="[CN]",
        themes="[migration-routes]",
        organisations="[Sample Research Desk, 北方小组]",
    ),
    "th-report": document(
        "th-report",
        "รายงานประเทศไทย",
        "country-report",
        "th",
        TH_SENTENCE,
        countries="[TH]",
        themes="[migration-routes]",
        authors="[สมใจ ใจดี]",
        organisations="[กลุ่มดาวเหนือ]",
        routes='["TH>MY>SG"]',
    ),
    "voices": document(
        "voices",
        "Voices from the region",
        "paper",
        "en",
        f"{EN_SENTENCE}\n\n```{{lang}} ja\n{JA_SENTENCE}\n```\n\n"
        f"Inline: {{lang}}`{KO_SENTENCE} <ko>`\n\n```{{container}} language-vi\n{VI_SENTENCE}\n```\n",
        session="s2-routes",
        countries="[JP, KR, VN]",
        themes="[labour-rights]",
    ),
    "handbook": document(
        "handbook",
        "Handbook for outreach",
        "handbook",
        "en",
        f"Carry condoms and a phone card. See [the opening remarks](opening.md).\n\n{OUTSIDE_LINKS}",
    ),
    "statement": document(
        "statement", "Closing statement", "statement", "en", "We will meet again next year."
    ),
    "secret": document(
        "secret",
        "Testimony",
        "paper",
        "en",
        SECRET,
        access="restricted",
        session="s2-routes",
        countries="[MO]",
    ),
}
FOREWORD = "# Foreword\n\nThe editors thank every contributor.\n"


def make_archive(root: Path, extra: dict[str, str] | None = None) -> Archive:
    """Create the archive at *root* with the documents above (and *extra* ones)."""
    create_archive(root, "Proceedings test archive")
    with (root / "conf.py").open("a", encoding="utf-8") as out:
        out.write(IMPRINT)
    with (root / "vocabularies" / "events.csv").open("a", encoding="utf-8") as out:
        out.write(EVENT)
    with (root / "vocabularies" / "sessions.csv").open("a", encoding="utf-8") as out:
        out.write(SESSIONS)
    (root / "source" / "foreword.md").write_text(FOREWORD, encoding="utf-8")
    folder = root / "source" / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**DOCUMENTS, **(extra or {})}.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return Archive.at(root)
