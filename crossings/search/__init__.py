"""Full-text search over the corpus the Sphinx build published (Whoosh 2.7.4), in layers.

One request goes down the layers once (crossings.search.api): its bounds and budget (request),
the query language (language), what to run (plan), running it on the index (engine), the answer
(results). Each layer is a folder; a module imports only from its own layer and the layers below
it (``LAYERS``, lowest first), so no layer calls back into one above; tests/search/test_layers.py
checks the imports and tests/search/test_request_path.py follows a real request.

- ``registry``: every facet and filter, declared once (read by every layer);
- ``request/``: a SearchRequest and reading it from parameters, its limits, its time budget,
  the errors a request meets; every layer below the entry is handed the request or its budget;
- ``text/``: what indexing and querying share about text: scripts, folding, ICU segmentation,
  stop words, synonyms, the analyzer, the archive's search settings;
- ``engine/``: running queries on Whoosh: the index's fields, the fence around Whoosh's private
  structures, posting lists as arrays, doc sets, phrases, ranking, facet sets, filters, the
  collector of what the fast paths do not answer, and the query kinds the plan hands it;
- ``language/``: the query language: its syntax checked, parsed into a Whoosh query, and the
  indexed words a pattern or a fuzzy word stands for;
- ``plan/``: the parsed query made into what the engine runs;
- ``results/``: documents from sections, facet counts, snippets, the suggestion, the JSON;
- ``indexing/``: the corpus read, index generations written, updated, opened and warmed;
- ``api``: ``search()``, the entry.
"""

# Lowest first: a module may import from its own layer and those before it, never after it.
LAYERS = ("registry", "request", "text", "engine", "language", "plan", "results", "indexing", "api")
# The layers search() calls, one after the other; without a searcher from its caller, it has
# indexing open the live generation first and close it last.
REQUEST_PATH = ("request", "indexing", "language", "plan", "engine", "results", "indexing")
