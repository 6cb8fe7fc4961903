"""The answer: documents from the matching sections, counts, snippets, the suggestion.

``documents`` (sections grouped into documents, ranked; ``bydate`` for ``sort=date``),
``snippets`` (what matched, marked in escaped text), ``suggest`` (the "did you mean"), ``answer``
(all of it in the JSON shape the README documents).
"""
