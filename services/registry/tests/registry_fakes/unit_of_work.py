"""The unit of work in memory: its transactions roll back what they added or removed."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator

import jsonschema

from foyer_shared import contracts
from registry_fakes.persons import FakePersons
from registry_fakes.rows import (
    FakeChangeLog,
    FakeConsents,
    FakeDocuments,
    FakeFamilies,
    FakeFields,
    FakeGroups,
    FakeJournal,
    FakeReads,
    FakeRequirements,
)


class FakeUnitOfWork:
    """use_cases/unit_of_work.py's interface in memory; `published` holds (type, data) of the
    events of committed transactions, oldest first."""

    def __init__(self):
        self.persons = FakePersons(self)
        self.groups = FakeGroups(self)
        self.families = FakeFamilies(self)
        self.fields = FakeFields()
        self.changes = FakeChangeLog()
        self.requirements = FakeRequirements()
        self.consents = FakeConsents()
        self.reads = FakeReads()
        self.journal = FakeJournal()
        self.documents = FakeDocuments()
        self.published: list[tuple[str, dict]] = []
        self.commits = 0
        self._pending: list[tuple[str, dict]] = []
        self._open = False

    @contextlib.contextmanager
    def transaction(self) -> Iterator[FakeUnitOfWork]:
        before = self._collections()
        self._at_begin = self._reach_rows()
        self._pending = []
        try:
            with self._opened():
                yield self
                self.flush()  # a commit flushes first: versions move, stale rows fail
        except BaseException:
            self._restore(before)
            self._pending = []
            raise
        self.published += self._pending
        self._pending = []
        self.commits += 1

    @contextlib.contextmanager
    def read_only(self) -> Iterator[FakeUnitOfWork]:
        with self._opened():
            yield self

    @contextlib.contextmanager
    def _opened(self) -> Iterator[None]:
        if self._open:  # as SqlUnitOfWork: a use case opens it once
            raise RuntimeError("this unit of work is open already")
        self._open = True
        try:
            yield
        finally:
            self._open = False

    def flush(self) -> None:
        self.persons.flush()

    @contextlib.contextmanager
    def committed(self) -> Iterator[FakeUnitOfWork]:
        """The rows reach is computed from, as this transaction began (in memory no other
        writer commits meanwhile)."""
        view = FakeUnitOfWork()
        (
            view.persons.rows,
            view.groups.memberships,
            view.families.rows,
            view.families.members_by_person,
        ) = self._at_begin
        yield view

    def _reach_rows(self) -> tuple[dict, dict, dict, dict]:
        # Copies of the rows, not of the dicts alone: a change edits rows in place (rights).
        return (
            {k: copy.copy(p) for k, p in self.persons.rows.items()},
            dict(self.groups.memberships),
            dict(self.families.rows),
            {k: copy.copy(m) for k, m in self.families.members_by_person.items()},
        )

    def publish(self, message, data: dict) -> None:
        message.check(data)  # what the real outbox checks in tests (events.py's declaration)
        schema = contracts.committed(message.name, message.version)
        jsonschema.Draft202012Validator(schema).validate(data)
        self._pending.append((message.name, copy.deepcopy(data)))

    def events(self, name: str) -> list[dict]:
        """The data of the committed events of type `name`, oldest first."""
        return [data for type_, data in self.published if type_ == name]

    def cascade(self, person_id: str) -> None:
        """What ON DELETE CASCADE does when a person row goes."""
        groups = self.groups.memberships
        for key in [k for k in groups if k[1] == person_id]:
            del groups[key]
        self.families.members_by_person.pop(person_id, None)
        for key in [k for k in self.fields.values if k[0] == person_id]:
            del self.fields.values[key]
        self.changes.entries = [e for e in self.changes.entries if e.person_id != person_id]
        self.consents.rows = {k: v for k, v in self.consents.rows.items() if k[0] != person_id}
        self.documents.rows = {
            k: d for k, d in self.documents.rows.items() if d.person_id != person_id
        }
        self.consents.events = [e for e in self.consents.events if e.person_id != person_id]

    def _collections(self) -> list[tuple[object, str, object]]:
        owners = [
            (self.persons, "rows"),
            (self.groups, "rows"),
            (self.groups, "memberships"),
            (self.families, "rows"),
            (self.families, "members_by_person"),
            (self.fields, "values"),
            (self.changes, "entries"),
            (self.requirements, "rows"),
            (self.consents, "rows"),
            (self.consents, "events"),
            (self.reads, "rows"),
            (self.journal, "rows"),
            (self.documents, "rows"),
        ]
        return [(owner, name, copy.copy(getattr(owner, name))) for owner, name in owners]

    @staticmethod
    def _restore(before: list[tuple[object, str, object]]) -> None:
        for owner, name, saved in before:
            setattr(owner, name, saved)
