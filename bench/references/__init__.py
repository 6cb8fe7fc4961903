"""What a user would otherwise use, measured in the same run as crossings on the same inputs.

bare_pandoc: pandoc run directly on the same originals, one process per file (ingest).
plain_sphinx: Sphinx + myst-parser + furo on the same MyST files, no crossings extension (build).
fts5: SQLite FTS5 over the same section records with the same queries (index, query).
static_index: the size of Sphinx's static searchindex.js per language (what a reader downloads).
"""
