"""An in-memory unit of work for the unit tests: the repositories as dicts, events as a list.

It stands in for use_cases/unit_of_work.py's SqlUnitOfWork: the same methods, no database, no
broker. What the database would do for the use cases is done here as plainly as possible: a
person's version goes up when a flush writes a change to it, a deleted person's rows go with
them (ON DELETE CASCADE), and a transaction that raises leaves no rows added or removed and
publishes nothing. Every published event is checked against its committed contract
(contracts/<name>.v<version>.json), as consumers will read it.
"""

from registry_fakes.given import (
    MANAGER,
    STAFF,
    a_family,
    a_field,
    a_group,
    a_person,
    scoped,
)
from registry_fakes.unit_of_work import FakeUnitOfWork

__all__ = [
    "MANAGER",
    "STAFF",
    "FakeUnitOfWork",
    "a_family",
    "a_field",
    "a_group",
    "a_person",
    "scoped",
]
