"""identity's use cases: each owns one transaction and writes its outbox rows."""
