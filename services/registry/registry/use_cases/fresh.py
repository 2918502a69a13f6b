"""Running a use case again when another writer changed a person it had read.

Persons carry a version: an UPDATE or DELETE of a row changed since it was read matches
nothing, and SQLAlchemy raises StaleDataError. A delete or merge the staff member asked for is
still wanted when, say, the worker has just linked a login account to the person, so the use
case runs again on the fresh rows (re-checking blockers and choices) before giving up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm.exc import StaleDataError

from registry.use_cases import StaleVersion

T = TypeVar("T")
ATTEMPTS = 3


def on_fresh_rows(work: Callable[[], T]) -> T:
    """`work` opens its own transaction; StaleVersion once every attempt met a change."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return work()
        except (StaleDataError, StaleVersion):
            if attempt == ATTEMPTS:
                raise StaleVersion() from None
    raise AssertionError("unreachable")
