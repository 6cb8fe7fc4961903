"""`crossings export`: the public edition handed to others, a Crossref deposit (``crossref.py``)
and one zip of everything a researcher may take (``bulk.py``)."""
