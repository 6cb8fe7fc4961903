"""Sphinx configuration of this archive.

`crossings build` runs Sphinx with it (``sphinx-build -c . source build/...``); the
crossings extension adds the archive's pages, indices and safety settings.
"""

from pathlib import Path

ARCHIVE = Path(__file__).resolve().parent

project = "$title"
author = "$title"
copyright = "$year, the contributors"
language = "en"
# The edition of this archive (the EPUB and PDF metadata show it).
version = release = "1"

extensions = ["myst_parser", "crossings.sphinx"]

# Absolute, so that Sphinx and sphinx-intl agree on where translations are.
locale_dirs = [str(ARCHIVE / "locales")]
gettext_compact = False
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

# Who publishes the archive's books and citations, per language (docs/settings.md), e.g.
# crossings_title = {"en": "$title", "th": "..."}
# crossings_publisher = {"en": "Our Network", "th": "..."}
# crossings_publisher_place = "Hong Kong"
# crossings_publisher_year = "$year"
# crossings_licence = {"en": "CC BY-NC 4.0"}
# crossings_buddhist_era = True  # Thai books count years in the Buddhist era
# Who harvesters of the OAI-PMH repository (/oai of crossings serve, oai-static.xml) write to:
# an address of yours that someone reads, e.g. "archive@example.org" with your own domain. No
# address is guessed: while this is empty, /oai answers 503, no oai-static.xml is written and
# `crossings check` warns.
crossings_oai_admin_email = "$contact"

html_theme = "furo"
html_title = project
