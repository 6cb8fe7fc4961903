"""The language layer of the search."""
