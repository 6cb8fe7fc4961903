"""Incremental builds: which pages to rewrite when a document's metadata changes.

Pages are not re-read for this: their placeholders are filled at doctree-resolved, so it is
enough to rewrite them (env-get-updated). Browse pages are regenerated on every build.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from crossings.sphinx.domain import get_domain
from crossings.sphinx.view import affected_by


def remember(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: keep the entries as they were before this build reads anything."""
    domain = get_domain(env)
    domain.before = dict(domain.documents)
    return []


def to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: pages whose panels or lists show a document whose metadata changed."""
    domain = get_domain(env)
    before, domain.before = domain.before, {}
    after = domain.documents
    changed = [name for name in set(before) | set(after) if before.get(name) != after.get(name)]
    if not changed:
        return []
    pages = set(domain.lists)
    if set(changed) >= set(after):
        return sorted(pages & env.found_docs)  # every document was re-read and is written anyway
    for docname in changed:
        pages |= affected_by(before.get(docname), after.get(docname), after.values())
    return sorted(pages & env.found_docs)
