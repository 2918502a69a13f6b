"""Every query of the registry: session-bound collections the use cases ask; they never commit.

One module per aggregate (persons, groups, families, extended fields, a person's links, the
change log), each a class over one SQLAlchemy session; use_cases/unit_of_work.py binds them to
the transaction a use case opens. search.py holds the tuned person search (docs/registry.md).
"""
