"""OAI-PMH 2.0: the archive's records as a harvestable repository, without HTTP or Sphinx.

``repository`` is what a build writes (``build/<edition>/oai/<lang>.json``) and the service
reads; ``ledger`` keeps datestamps stable between builds; ``protocol`` answers the six verbs
and every error; ``tokens`` makes stateless, tamper-evident resumption tokens; ``dc`` writes
``oai_dc`` records; ``static`` writes the Static Repository file for static hosts.
"""
