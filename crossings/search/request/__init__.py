"""The request: what a search asks, within which bounds and time, and the errors it may meet.

``search_request`` (a SearchRequest, read and checked from named parameters, for the API and the
command line alike), ``limits`` (the bounds of a request), ``budget`` (the deadline every stage
checks), ``errors`` (QueryError and QueryTimeout). The entry checks the request first; every
layer below it is handed the request or its budget, so this layer sits at the bottom.
"""
