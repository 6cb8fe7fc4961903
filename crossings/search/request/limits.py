"""The bounds of a search request, one set for the command line and the HTTP API.

A request over these is refused with a message naming the bound, never truncated silently.
"""

from __future__ import annotations

MAX_QUERY_CHARS = 500  # characters of query text
DEFAULT_LIMIT = 10  # hits (documents) per page when the request does not say
MAX_LIMIT = 50  # hits (documents) per page
MAX_PAGE = 1000  # pages
MAX_VALUES = 20  # values of one repeatable filter (country=, theme=)
MAX_DEPTH = 10  # parentheses nested inside each other
MAX_PATTERNS = 8  # wildcard and fuzzy words in one query
MAX_FUZZY_DISTANCE = 2  # edits a fuzzy word may allow (word~2)
MAX_BOOST = 100.0  # word^N
MAX_PATTERN_WORDS = 2000  # words of the archive one wildcard word may stand for
MAX_EXPANDED = 250  # words of the archive all of a query's wildcard and fuzzy words may stand for
TIME_BUDGET = 2.0  # seconds for everything one request does (parse to facets and suggestion)
