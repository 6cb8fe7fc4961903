"""Sphinx configuration of this archive.

`crossings build` runs Sphinx with it (``sphinx-build -c . source build/...``); the
crossings extension adds the archive's pages, indices and safety settings.
"""

from pathlib import Path

ARCHIVE = Path(__file__).resolve().parent

project = "Crossings: a sample archive of a 2001 conference on migrant sex workers in Asia"
author = "The editors of the Crossings sample archive"
copyright = "2026, the contributors"
language = "en"
# The edition of this archive (the EPUB and PDF metadata show it).
version = release = "1"

extensions = ["myst_parser", "crossings.sphinx"]

# Absolute, so that Sphinx and sphinx-intl agree on where translations are.
locale_dirs = [str(ARCHIVE / "locales")]
gettext_compact = False
# Every crossings_* setting, its default and the values it takes: docs/settings.md.
# Interface languages: `crossings build html --lang all` builds one site for each (BCP 47 tags).
# Each must be one crossings supports (crossings/languages.py); building another is an error.
crossings_languages = ["en", "zh-Hant", "zh-Hans", "th", "vi"]
# Quick exit leaves for a neutral site in the reader's language: by default the one crossings
# declares for it (Wikipedia in that language; Baidu Baike for Simplified Chinese). Pick sites
# your readers can reach (Wikipedia is blocked in mainland China, for example), e.g.
# crossings_quick_exit_urls = {"th": "https://th.wikipedia.org/"}
# crossings_quick_exit_url = "https://www.wikipedia.org/"  # one site for every language
# Keep a reader's visit in one history entry, so that after a quick exit Back never returns here.
crossings_one_history_entry = True

# Who publishes this archive's books and citations (docs/settings.md). This demo's documents are
# invented: its publisher is made up and says so; no real organisation publishes them.
crossings_title = {
    "en": "Crossings: a sample archive of a 2001 conference on migrant sex workers in Asia",
    "zh-Hant": "Crossings：2001 年亞洲移民性工作者會議示範檔案",
    "zh-Hans": "Crossings：2001 年亚洲移民性工作者会议示范档案",
    "th": "Crossings: คลังเอกสารตัวอย่างของการประชุมเรื่องพนักงานบริการข้ามชาติในเอเชีย พ.ศ. 2544",
    "vi": "Crossings: kho lưu trữ mẫu về hội nghị năm 2001 về người bán dâm di cư ở châu Á",
}
crossings_description = {
    "en": "Demo sample: invented papers, session notes and a handbook, to show and test crossings",
    "zh-Hant": "示範樣本：虛構的文章、會議記錄和手冊，用來展示和測試 crossings",
    "zh-Hans": "示范样本：虚构的文章、会议记录和手册，用来展示和测试 crossings",
    "th": "ตัวอย่างสาธิต: บทความ บันทึกการประชุม และคู่มือที่แต่งขึ้น เพื่อแสดงและทดสอบ crossings",
    "vi": "Mẫu minh họa: bài viết, biên bản và sổ tay hư cấu, để giới thiệu và kiểm thử crossings",
}
crossings_publisher = {
    "en": "Crossings Demo Press (a fictional sample publisher)",
    "zh-Hant": "Crossings 示範出版社（虛構的示範出版者）",
    "zh-Hans": "Crossings 示范出版社（虚构的示范出版者）",
    "th": "สำนักพิมพ์สาธิต Crossings (ผู้จัดพิมพ์สมมติสำหรับตัวอย่าง)",
    "vi": "Nhà xuất bản Minh họa Crossings (nhà xuất bản hư cấu dùng làm mẫu)",
}
crossings_publisher_place = "Hong Kong"
crossings_publisher_year = "2026"
crossings_licence = {
    "en": "Demo sample of invented documents, for testing only",
    "zh-Hant": "虛構文件的示範樣本，僅供測試",
    "zh-Hans": "虚构文件的示范样本，仅供测试",
    "th": "ตัวอย่างสาธิตของเอกสารที่แต่งขึ้น ใช้สำหรับการทดสอบเท่านั้น",
    "vi": "Mẫu minh họa gồm tài liệu hư cấu, chỉ dùng để kiểm thử",
}
# Thai books and pages may count years in the Buddhist era (พ.ศ. 2544 for 2001).
crossings_buddhist_era = False
# The site's public address: citations, citation meta tags, sitemap.xml and the OAI-PMH records
# give absolute links from it. This demo's address is a reserved example domain; set your own.
crossings_base_url = "https://crossings.example.org/"
# Who OAI-PMH harvesters write to (Identify's adminEmail at /oai and in oai-static.xml). This
# demo's address is at a reserved example domain; set your own.
crossings_oai_admin_email = "archive@example.org"
# The Crossref deposit (`crossings export crossref`): 10.5555 is the prefix Crossref keeps for
# tests, so this demo's DOIs are examples that resolve nowhere; a real archive sets the prefix
# Crossref gave its publisher, and who deposits.
crossings_doi_prefix = "10.5555"
crossings_depositor_name = "Crossings Demo Press (a fictional sample publisher)"
crossings_depositor_email = "doi@example.org"

html_theme = "furo"
html_title = "Crossings: sample archive"  # short, for the header of phone screens
