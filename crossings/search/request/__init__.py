"""The request layer: a search request, its bounds, its time budget and the search's errors."""
