"""Running a planned query on the Whoosh index, fast where Whoosh is slow.

``schema`` (the index's fields), ``whoosh_internals`` (the one module that reads Whoosh's
private structures or patches its classes; ``mapped``: segment files read in place;
``support``: whether its fast paths run, and their read counts, without numpy or Whoosh's codec),
``postings`` (a term's postings as numpy arrays), ``queries`` (the query kinds the plan hands
the engine), ``phrases``, ``docsets`` (the documents a query matches, by set algebra), ``rank``
(BM25F scores term at a time), ``collect`` (Whoosh's own matchers, for what the fast paths do
not answer), ``facets`` (each facet value's documents, and counts), ``filters`` (the documents
a request's filters allow), ``execute`` (all of it for one query: the sections it matches,
scored). Nothing here calls back into the language, the plan or the results.
"""
