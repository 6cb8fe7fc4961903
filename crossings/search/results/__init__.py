"""The results layer of the search."""
