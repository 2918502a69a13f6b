"""notify's use cases: each owns its transaction (unit of work) and writes its outbox rows."""
