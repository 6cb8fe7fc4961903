"""Sphinx configuration of this archive.

`crossings build` runs Sphinx with it (``sphinx-build -c . source build/...``); the
crossings extension adds the archive's pages, indices and safety settings.
"""

from pathlib import Path

ARCHIVE = Path(__file__).resolve().parent

project = "Test archive"
author = "Test archive"
copyright = "2026, the contributors"
language = "en"

extensions = ["myst_parser", "crossings.sphinx"]

# Absolute, so that Sphinx and sphinx-intl agree on where translations are.
locale_dirs = [str(ARCHIVE / "locales")]
gettext_compact = False

# A made-up publisher (the books, the citations and the pages' metadata name it).
crossings_publisher = {"en": "Sample Press", "th": "สำนักพิมพ์ตัวอย่าง"}
crossings_publisher_place = "Sample Town"

html_theme = "furo"
html_title = project

# The site's public address: sitemap.xml (absolute <loc>) and citations use it.
crossings_base_url = "https://archive.example.org/test/"
# Who OAI-PMH harvesters write to: without it /oai and oai-static.xml are off.
crossings_oai_admin_email = "archive@example.org"
