"""The text layer of the search."""
