"""The plan: the parsed query made into what the engine runs (``prepare``)."""
