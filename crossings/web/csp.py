"""The Content-Security-Policy: our own origin only, no inline scripts except the theme's and ours.

Furo writes one inline script into every page (it sets the colour theme before the first paint),
Sphinx's domain index pages (the country and theme indices) one more, and the search page starts
its first search from its head (crossings.web.firstsearch). Rather than allow inline scripts, the
policy allows those scripts' exact texts by their SHA-256 hashes (the theme's as found in the
built pages, whose indentation may vary); any other inline script, an injected one included, is
blocked.
Styles allow 'unsafe-inline' because furo uses style attributes and <style> blocks; style
injection cannot run code.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
from pathlib import Path

from crossings.web import firstsearch

# Inline scripts the theme writes, with whitespace collapsed; only these may run inline.
THEME_SCRIPTS = frozenset({'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'})
# Exact inline scripts that appear only on some pages: Sphinx's domain indices, the search page.
EXACT_SCRIPTS = (
    "DOCUMENTATION_OPTIONS.COLLAPSE_INDEX = true",
    "\n      DOCUMENTATION_OPTIONS.COLLAPSE_INDEX = true;\n    ",
    firstsearch.SCRIPT,
)
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def theme_script_hashes(html: str) -> list[str]:
    """CSP source expressions (``'sha256-...'``) for the theme's inline scripts in *html*."""
    return [
        script_hash(body) for body in INLINE_SCRIPT.findall(html) if " ".join(body.split()) in THEME_SCRIPTS
    ]


def script_hash(body: str) -> str:
    """The CSP source expression allowing the inline script *body*."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def page_policy(hashes: list[str]) -> str:
    """The policy for site pages, allowing *hashes* as inline scripts."""
    return PAGE_POLICY.format(hashes="".join(f" {value}" for value in sorted(set(hashes))))


class PagePolicy:
    """The site's policy, re-read from the built index pages at most every few seconds."""

    def __init__(self, html_root: Path, refresh_seconds: float = 5.0) -> None:
        self.html_root = html_root
        self.refresh_seconds = refresh_seconds
        self._policy = page_policy([])
        self._checked = float("-inf")

    def current(self) -> str:
        """The policy string, rebuilt when the last check is older than refresh_seconds."""
        now = time.monotonic()
        if now - self._checked >= self.refresh_seconds:
            self._checked = now
            self._policy = page_policy(self._scan())
        return self._policy

    def _scan(self) -> list[str]:
        """Hashes of the theme's inline scripts in every language's index.html."""
        hashes = [script_hash(body) for body in EXACT_SCRIPTS]
        for index in sorted(self.html_root.glob("*/index.html")):
            try:
                hashes += theme_script_hashes(index.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue  # a page being rewritten by a build; the next check reads it
        return hashes
