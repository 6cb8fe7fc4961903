"""The query language: what a reader may type, and the Whoosh query it means.

``syntax`` (each mistake caught before Whoosh reads the text, with its position), ``parse``
(the parser: fields, boosts, synonyms, words the analyzer cuts in several), ``patterns`` and
``fuzzy`` (the indexed words a wildcard or a fuzzy word stands for, which the plan and the
suggestion look up).
"""
