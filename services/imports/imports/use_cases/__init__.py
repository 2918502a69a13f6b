"""Imports' use cases: one module per use case or aggregate; each owns its transaction."""
