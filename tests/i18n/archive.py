"""A small three-document archive for the language tests, written into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import yaml

from crossings.init import create_archive

ENGLISH_BODY = """# Hong Kong outreach

Migrant workers meet the outreach team at night.
A worker said {lang}`「我們不是罪犯」 <zh-Hant>` to the police.

## Health

Outreach teams bring leaflets about health.
"""

CHINESE_BODY = """# 移民工人的處境

移民工人在香港面對很多困難。外展隊伍每晚探訪。
"""

THAI_BODY = """# แรงงานข้ามชาติในประเทศไทย

แรงงานข้ามชาติต้องการบริการสุขภาพที่เข้าถึงได้ง่าย
"""

# Sample text for the tests, not from the conference: Vietnamese with its stacked marks (ệ, ộ, ữ).
VIETNAMESE_BODY = """# Sức khỏe của người di cư

Nhiều phụ nữ di cư làm mại dâm ngại đến phòng khám vì sợ bị hỏi giấy tờ.
Nhóm tiếp cận đồng đẳng phát tài liệu về sức khỏe bằng tiếng Việt.
"""

DOCUMENTS = {
    "hk-outreach": ("Hong Kong outreach", "en", ["HK", "TH"], ENGLISH_BODY),
    "hk-chinese": ("移民工人的處境", "zh-Hant", ["HK"], CHINESE_BODY),
    "th-health": ("แรงงานข้ามชาติในประเทศไทย", "th", ["TH"], THAI_BODY),
    "vi-health": ("Sức khỏe của người di cư", "vi", ["VN"], VIETNAMESE_BODY),
}

INDEX = """# Test archive

Welcome to the test archive.

```{toctree}
:maxdepth: 1

about
documents/hk-outreach
documents/hk-chinese
documents/th-health
documents/vi-health
```
"""

ABOUT = """# About

This archive is a test.
"""


def front_matter(doc_id: str, title: str, language: str, countries: list[str]) -> str:
    """The YAML front matter of a test document."""
    data = {
        "id": doc_id,
        "title": title,
        "type": "country-report",
        "countries": countries,
        "themes": ["health-and-hiv"],
        "authors": ["Sample Author"],
        "language": language,
        "date": "2001-06-15",
        "access": "public",
    }
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"


def make_archive(root: Path) -> Path:
    """Write the test archive at *root* and return *root*."""
    create_archive(root, "Test archive")
    source = root / "source"
    (source / "documents").mkdir(parents=True, exist_ok=True)
    (source / "index.md").write_text(INDEX, encoding="utf-8")
    (source / "about.md").write_text(ABOUT, encoding="utf-8")
    for doc_id, (title, language, countries, body) in DOCUMENTS.items():
        text = front_matter(doc_id, title, language, countries) + "\n" + body
        (source / "documents" / f"{doc_id}.md").write_text(text, encoding="utf-8")
    return root
