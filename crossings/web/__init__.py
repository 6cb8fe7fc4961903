"""The online archive: an ASGI app serving the built site and the search API.

Modules: ``app`` (``create_app``), ``api`` (the /api and /healthz endpoints), ``params``
(query-string checking), ``errors`` (the one API error body), ``site`` (safe static files),
``indexes`` (long-lived searchers that follow new index generations), ``headers``
(security and caching headers), ``compress`` (brotli/gzip), ``csp`` (the policy),
``factory`` (building the app inside uvicorn worker processes).
"""
