"""Text as indexing and querying both see it, in every script of the archive.

``scripts`` (which writing system a character is in), ``fold`` (one normal form: width, case,
marks, digits, Traditional to Simplified), ``segment`` (ICU words and character bigrams),
``stopwords``, ``analysis`` (the analyzer of every text field and query), ``synonyms`` (editors'
groups across languages), ``settings`` and ``config`` (the archive's ``search/`` settings: boosts,
stop words, synonyms, bigram scripts).
"""
