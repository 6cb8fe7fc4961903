"""Full-text search over the corpus the Sphinx build published (Whoosh 2.7.4).

Modules: ``schema`` (the index fields), ``records`` (reading the corpus JSONL),
``index`` (building and swapping index generations), ``query`` (parsing a request into a
Whoosh query), ``facets``, ``snippets``, ``api`` (``search()``, the JSON the README documents).
"""
