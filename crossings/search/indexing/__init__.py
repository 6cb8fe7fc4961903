"""The indexing layer of the search."""
