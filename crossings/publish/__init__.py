"""Publishing an edition: stage its source set, run a Sphinx builder on it (``sphinx_build``),
and the books, papers and catalogues made from the result.

Nothing is imported here, so that a module of this package that needs no Sphinx (``withdrawn``,
read by a running server) can be imported without it.
"""
