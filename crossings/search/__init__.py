"""Full-text search over the corpus the Sphinx build published (Whoosh 2.7.4).

Modules: ``registry`` (every facet and filter, declared once), ``request`` (a SearchRequest and
reading it from parameters), ``limits`` (the bounds of a request), ``schema`` (the index fields),
``records`` (reading the corpus JSONL), ``index`` (building and swapping index generations),
``query`` (parsing the query text into a Whoosh query), ``facets``, ``filters``, ``snippets``,
``api`` (``search()``, the JSON the README documents).
"""
