"""`crossings ship`: what `crossings serve` needs of one edition, copied into a replica folder
that a server on this or another machine serves, each part picked up whole by a running server.

Modules: ``folder`` (what a replica is, and the checks of a destination), ``site`` (the built
site as a new folder and a symbolic link swapped to it), ``files`` (the OAI-PMH records and the
search settings, file by file), ``ship`` (the order of the parts and the report). The search
indexes are copied by ``crossings.search.indexing.ship``, which knows their generations.
"""
