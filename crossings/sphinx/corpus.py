"""Emit the search corpus: one JSON record per section of every archive document the build published.

Records are taken from each document's doctree at ``doctree-read`` (after the read-phase
transforms: translation, redaction), kept per document in the ``crossings_corpus`` domain
(so parallel and incremental builds merge them like any other environment data), and
written once, atomically, at ``build-finished`` of an HTML build to ``crossings_corpus_path``:
by default ``build/<edition>/corpus/<lang>.jsonl`` when the output is
``build/<edition>/html/<lang>/``, else ``<outdir>/../corpus/<name of outdir>.jsonl``; never
inside the published output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util.typing import ExtensionMetadata

from crossings import atomic
from crossings.catalog import DocumentMeta
from crossings.search.registry import facets
from crossings.settings import Settings, settings
from crossings.sphinx.domain import get_domain
from crossings.sphinx.pages import BUILDERS
from crossings.sphinx.warnings import Warn, warn

# Nodes whose text is not part of a section's reading text (metadata panels are our own nodes).
SKIP = (
    nodes.system_message,
    nodes.comment,
    nodes.raw,
    nodes.substitution_definition,
    nodes.target,
    nodes.image,
    nodes.footnote_reference,  # the reference's number; the footnote's own text is kept
    nodes.label,
    addnodes.toctree,
    addnodes.meta if hasattr(addnodes, "meta") else nodes.meta,
)


class CorpusDomain(Domain):
    """The corpus records of each document, kept per docname."""

    name = "crossings_corpus"
    label = "Crossings search corpus"
    initial_data: ClassVar[dict[str, Any]] = {"records": {}}
    data_version = 1

    @property
    def records(self) -> dict[str, list[dict[str, Any]]]:
        """Section records (without URL) by docname."""
        records: dict[str, list[dict[str, Any]]] = self.data.setdefault("records", {})
        return records

    def clear_doc(self, docname: str) -> None:
        """Forget the records of *docname*."""
        self.records.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the records a parallel reader collected for *docnames*."""
        for docname, records in otherdata["records"].items():
            if docname in docnames:
                self.records[docname] = records

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.reference]]:
        """The domain has no roles."""
        return []


def collect(app: Sphinx, document: nodes.document) -> None:
    """Keep the section records of an archive document, after every read transform (redaction too)."""
    env = app.env
    docname = env.current_document.docname
    meta = document_meta(env, docname)
    if meta is None:
        return
    if meta.restricted and Settings.from_config(env.config).edition == "public":
        # The public build's source set should not contain it at all; never let it reach the corpus.
        warn(
            Warn.CORPUS,
            "restricted document in a public build; left out of the search corpus",
            location=docname,
        )
        return
    title = env.titles[docname].astext() if docname in env.titles else meta.title
    domain = env.get_domain(CorpusDomain.name)
    assert isinstance(domain, CorpusDomain)
    domain.records[docname] = [
        {**base_record(meta, title), **part} for part in sections(document) if part["text"] or part["section"]
    ]


def document_meta(env: BuildEnvironment, docname: str) -> DocumentMeta | None:
    """The crossings metadata of *docname*, or None for pages without it (problems are reported elsewhere)."""
    entry = get_domain(env).documents.get(docname)
    return entry.meta if entry is not None else None


def base_record(meta: DocumentMeta, title: str) -> dict[str, Any]:
    """The fields every section record of *meta*'s document shares: each facet's catalog column
    (crossings.search.registry) and the others the index reads."""
    record: dict[str, Any] = {"id": meta.id, "title": title}
    for name in dict.fromkeys([*(facet.record for facet in facets()), "session", "date", "year", "authors"]):
        value = getattr(meta, name)
        record[name] = list(value) if isinstance(value, tuple) else value
    return record


def sections(document: nodes.document) -> Iterator[dict[str, str]]:
    """The lead text (section "") and each section with only its own text, in document order."""
    top = [n for n in document.children if isinstance(n, nodes.section)]
    lead_parts = [own_text(document)]
    if len(top) == 1:  # the usual page: one h1 section holding everything; its own text is the lead
        lead_parts.insert(0, own_text(top[0]))
        top = [n for n in top[0].children if isinstance(n, nodes.section)]
    yield {"section": "", "anchor": "", "text": join(lead_parts)}
    for section in top:
        yield from _walk(section)


def _walk(section: nodes.section) -> Iterator[dict[str, str]]:
    """*section* and its subsections, each with its own text."""
    title = section.next_node(nodes.title)
    ids = section.get("ids") or [""]
    yield {"section": title.astext() if title else "", "anchor": ids[0], "text": own_text(section)}
    for child in section.children:
        if isinstance(child, nodes.section):
            yield from _walk(child)


def own_text(node: nodes.Element) -> str:
    """The plain text of *node*'s children that are not sections or titles."""
    return join(
        text_of(child) for child in node.children if not isinstance(child, nodes.section | nodes.title)
    )


def text_of(node: nodes.Node) -> str:
    """Plain text of *node* without skipped nodes and the crossings site's own panels."""
    if isinstance(node, nodes.Text):
        return str(node)
    if isinstance(node, SKIP) or type(node).__name__.startswith("crossings_"):
        return ""
    if isinstance(node, nodes.Element):
        inner = [text_of(child) for child in node.children]
        # Inline text runs on; blocks, table cells and list items are separate words.
        return "".join(inner) if isinstance(node, nodes.TextElement) else "\n".join(inner)
    return ""


def join(parts: Any) -> str:
    """Parts joined by blank-free single spaces."""
    return " ".join(" ".join(str(p).split()) for p in parts if str(p).strip())


def corpus_path(app: Sphinx) -> Path:
    """Where this build's corpus goes (outside the published output, or an ExtensionError)."""
    outdir = Path(app.outdir).resolve()
    configured = settings(app).corpus_path
    if configured:
        path = Path(configured)
        path = (Path(app.confdir) / path).resolve() if not path.is_absolute() else path.resolve()
    elif outdir.parent.name == "html":
        path = outdir.parent.parent / "corpus" / f"{outdir.name}.jsonl"
    else:
        path = outdir.parent / "corpus" / f"{outdir.name}.jsonl"
    if path.is_relative_to(outdir):
        raise ExtensionError(
            f"crossings_corpus_path {path} is inside the published output {outdir}; put it outside"
        )
    return path


def write_corpus(app: Sphinx, exception: BaseException | None) -> None:
    """At the end of a successful HTML build, write every published document's records."""
    if exception is not None or app.builder.name not in BUILDERS:  # an e-book's HTML is no site
        return
    env = app.env
    domain = env.get_domain(CorpusDomain.name)
    assert isinstance(domain, CorpusDomain)
    lines = []
    for docname in sorted(env.found_docs):
        uri = app.builder.get_target_uri(docname)
        for record in domain.records.get(docname, []):
            url = uri + (f"#{record['anchor']}" if record["anchor"] else "")
            lines.append(json.dumps({**record, "url": url}, ensure_ascii=False) + "\n")
    atomic.write_text(corpus_path(app), "".join(lines))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the corpus domain, its config value and the writer."""
    app.setup_extension("crossings.settings")
    app.add_domain(CorpusDomain)
    # Late, so that the titles are collected and every transform (translation, redaction) has run.
    app.connect("doctree-read", collect, priority=900)
    app.connect("build-finished", write_corpus)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
