"""Index generations: the build's corpus read and written into Whoosh, updated, opened, warmed.

``paths`` (where corpora and indexes live), ``records`` (corpus lines into index documents),
``keys`` (each generation's section keys and hashes, for incremental runs), ``parallel`` (a full
run's segments written by worker processes), ``index`` (build, update, swap and open
generations; ``LiveSearcher`` for the service), ``warm`` (a new reader's caches built before
its first request), ``errors``.
"""
