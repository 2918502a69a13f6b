"""The read log (issue 23 §4) on the in-memory unit of work: who is noted, what is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from registry_fakes import STAFF, a_person, scoped

from foyer_shared.db import utcnow
from registry.use_cases import OutOfScope
from registry.use_cases.persons import get_person
from registry.use_cases.read_log import forget_old, list_reads


class Recorder:
    """What the API hands get_person: the process's writer (here it writes to the fake)."""

    def __init__(self, uow):
        self.uow, self.noted = uow, []

    def note(self, viewer, person_id, what="card"):
        self.noted.append(
            {"person_id": person_id, "viewer": viewer, "read_at": utcnow(), "what": what}
        )

    def flush(self):
        self.uow.reads.add_many(self.noted)
        self.noted = []


def test_a_read_by_someone_else_is_noted_and_listed_newest_first(uow):
    person = a_person(uow)
    reads = Recorder(uow)
    get_person(uow, STAFF, person.id, reads)
    get_person(uow, scoped(person.id), person.id, reads)  # the person's own card: not noted
    get_person(uow, STAFF, person.id)  # the log off: nothing
    rows, total = list_reads(uow, STAFF, person.id, 0, 10, reads)
    assert total == 1 and [r.viewer for r in rows] == ["u-desk"]


def test_a_scoped_caller_lists_only_the_reads_of_persons_they_reach(uow):
    person, other = a_person(uow), a_person(uow, first_name="Other")
    with pytest.raises(OutOfScope):
        list_reads(uow, scoped(person.id), other.id, 0, 10)


def test_reads_past_the_retention_go(uow):
    person = a_person(uow)
    now = utcnow()
    uow.reads.add_many(
        [
            {"person_id": person.id, "viewer": "old", "read_at": now - timedelta(days=400)},
            {"person_id": person.id, "viewer": "new", "read_at": now - timedelta(days=2)},
        ]
    )
    assert forget_old(uow, 0) == 0  # 0 keeps them for ever
    assert forget_old(uow, 365) == 1
    assert [r.viewer for r in uow.reads.rows] == ["new"]
