"""The engine layer of the search."""
