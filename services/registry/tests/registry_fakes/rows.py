"""Groups, families, extended fields and the change log in memory."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import orjson

from foyer_shared.db import new_id, utcnow
from registry.models import (
    Family,
    FamilyMember,
    FieldDefinition,
    FieldValue,
    Group,
    GroupMembership,
    Person,
    PersonChange,
)

if TYPE_CHECKING:
    from registry_fakes.unit_of_work import FakeUnitOfWork


def _json(value) -> str | None:
    """A change-log value as the change log keeps it (orjson: dates as ISO text)."""
    return None if value is None else orjson.dumps(value).decode()


class FakeGroups:
    def __init__(self, uow: FakeUnitOfWork):
        self._uow = uow
        self.rows: dict[str, Group] = {}
        self.memberships: dict[tuple[str, str, str], GroupMembership] = {}

    def get(self, group_id: str) -> Group | None:
        return self.rows.get(group_id)

    def listed(self, only: list[str] | None = None) -> list[Group]:
        found = [g for g in self.rows.values() if only is None or g.id in only]
        return sorted(found, key=lambda g: g.name)

    def add(self, group: Group) -> None:
        group.id = group.id or new_id()
        group.kind = group.kind or "group"
        self.rows[group.id] = group

    def delete(self, group: Group) -> None:
        del self.rows[group.id]
        for key in [k for k in self.memberships if k[0] == group.id]:
            del self.memberships[key]

    def membership(self, group_id: str, person_id: str, role: str) -> GroupMembership | None:
        return self.memberships.get((group_id, person_id, role))

    def add_membership(self, group_id: str, person_id: str, role: str) -> None:
        row = GroupMembership(group_id=group_id, person_id=person_id, role=role)
        self.memberships[(group_id, person_id, role)] = row

    def remove_membership(self, membership: GroupMembership) -> None:
        del self.memberships[(membership.group_id, membership.person_id, membership.role)]

    def member_ids(self, group_id: str) -> list[str]:
        return sorted({p for g, p, _r in self.memberships if g == group_id})

    def roster_page(
        self, group_id: str, role: str, offset: int, limit: int
    ) -> tuple[list[Person], int]:
        persons = [
            self._uow.persons.rows[p] for g, p, r in self.memberships if g == group_id and r == role
        ]
        persons.sort(key=lambda person: (person.sort_name, person.id))
        return persons[offset : offset + limit], len(persons)

    def persons_in(
        self, group_ids: list[str], role: str, among: list[str] | None = None
    ) -> set[str]:
        return {
            p
            for g, p, r in self.memberships
            if g in group_ids and r == role and (among is None or p in among)
        }

    def of_person(self, person_id: str, role: str | None = None) -> list[str]:
        return sorted({g for g, p, r in self.memberships if p == person_id and role in (None, r)})


class FakeFamilies:
    def __init__(self, uow: FakeUnitOfWork):
        self._uow = uow
        self.rows: dict[str, Family] = {}
        self.members_by_person: dict[str, FamilyMember] = {}

    def get(self, family_id: str) -> Family | None:
        return self.rows.get(family_id)

    def add(self, family: Family) -> None:
        family.id = family.id or new_id()
        self.rows[family.id] = family

    def delete(self, family: Family) -> None:
        del self.rows[family.id]

    def member(self, person_id: str) -> FamilyMember | None:
        return self.members_by_person.get(person_id)

    def add_member(self, member: FamilyMember) -> None:
        member.is_head = bool(member.is_head)
        member.rights = member.rights or ""
        self.members_by_person[member.person_id] = member

    def remove_member(self, member: FamilyMember) -> None:
        del self.members_by_person[member.person_id]

    def members(self, family_id: str) -> list[FamilyMember]:
        return [m for m in self.members_by_person.values() if m.family_id == family_id]

    def count_others(self, family_id: str, person_id: str) -> int:
        return sum(1 for m in self.members(family_id) if m.person_id != person_id)

    def roster(self, family_id: str) -> list[tuple[FamilyMember, Person]]:
        return [(m, self._uow.persons.rows[m.person_id]) for m in self.members(family_id)]


class FakeFields:
    def __init__(self):
        self.by_key: dict[str, FieldDefinition] = {}
        self.values: dict[tuple[str, str], FieldValue] = {}

    def definitions(self) -> dict[str, FieldDefinition]:
        return dict(self.by_key)

    def get(self, person_id: str, field_id: str) -> FieldValue | None:
        return self.values.get((person_id, field_id))

    def add(self, value: FieldValue) -> None:
        self.values[(value.person_id, value.field_id)] = value

    def delete(self, value: FieldValue) -> None:
        del self.values[(value.person_id, value.field_id)]

    def of_person(self, person_id: str) -> list[tuple[str, bool, str]]:
        keys = {d.id: d for d in self.by_key.values()}
        return [
            (keys[f].key, keys[f].staff_only, v.value)
            for (p, f), v in self.values.items()
            if p == person_id
        ]


class FakeChangeLog:
    def __init__(self):
        self.entries: list[PersonChange] = []

    def record(self, person_id: str, actor, field: str, old, new) -> None:
        self.entries.append(
            PersonChange(
                id=new_id(),
                person_id=person_id,
                changed_at=utcnow(),
                changed_by=actor.user_id,
                field=field,
                old_value=_json(old),
                new_value=_json(new),
            )
        )

    def record_all(self, person_id: str, actor, changes: dict[str, tuple]) -> None:
        for field, (old, new) in changes.items():
            self.record(person_id, actor, field, old, new)

    def page(self, person_id: str, offset: int, limit: int) -> tuple[list[PersonChange], int]:
        rows = [e for e in reversed(self.entries) if e.person_id == person_id]
        return rows[offset : offset + limit], len(rows)

    def of(self, person_id: str) -> list[dict]:
        """The person's entries, oldest first, with their values read back."""
        return [
            {
                "by": e.changed_by,
                "field": e.field,
                "old": None if e.old_value is None else json.loads(e.old_value),
                "new": None if e.new_value is None else json.loads(e.new_value),
            }
            for e in self.entries
            if e.person_id == person_id
        ]


class FakeRequirements:
    """repository/requirements.py in memory: {(scenario, field)}."""

    def __init__(self):
        self.rows: set[tuple[str, str]] = set()

    def of(self, scenario: str) -> set[str]:
        return {field for s, field in self.rows if s == scenario}

    def all(self) -> dict[str, list[str]]:
        listed: dict[str, list[str]] = {}
        for scenario, field in sorted(self.rows):
            listed.setdefault(scenario, []).append(field)
        return listed

    def replace(self, scenario: str, names: list[str]) -> None:
        self.rows = {r for r in self.rows if r[0] != scenario} | {(scenario, n) for n in names}


class FakeConsents:
    """repository/consents.py in memory: current answers by (person, purpose), and history."""

    def __init__(self):
        self.rows: dict[tuple[str, str], object] = {}
        self.events: list = []

    def current(self, person_id: str) -> list:
        return [c for (p, _purpose), c in sorted(self.rows.items()) if p == person_id]

    def history(self, person_id: str) -> list:
        return [e for e in self.events if e.person_id == person_id]

    def record(self, answer: dict):
        from registry.models.consents import Consent, ConsentEvent

        current = Consent(**answer)
        self.rows = {**self.rows, (answer["person_id"], answer["purpose"]): current}
        self.events = [*self.events, ConsentEvent(**answer)]
        return current


class FakeReads:
    """repository/reads.py in memory: (person_id, viewer, read_at) rows."""

    def __init__(self):
        self.rows: list = []

    def add_many(self, rows: list[dict]) -> None:
        from types import SimpleNamespace

        self.rows = [*self.rows, *(SimpleNamespace(**r) for r in rows)]

    def of_person(self, person_id: str, offset: int, limit: int):
        found = sorted(
            (r for r in self.rows if r.person_id == person_id),
            key=lambda r: r.read_at,
            reverse=True,
        )
        return found[offset : offset + limit], len(found)

    def delete_before(self, moment) -> int:
        kept = [r for r in self.rows if r.read_at >= moment]
        gone, self.rows = len(self.rows) - len(kept), kept
        return gone


class FakeJournal:
    """repository/journal.py in memory."""

    def __init__(self):
        self.rows: list = []

    def add(self, entry) -> None:
        self.rows = [*self.rows, entry]

    def of_person(self, person_id: str) -> list:
        return sorted(
            (e for e in self.rows if e.person_id == person_id), key=lambda e: e.written_at
        )

    def not_wrapped_by(self, key_id: str, limit: int) -> list:
        return [e for e in self.rows if e.key_id != key_id][:limit]


class FakeDocuments:
    """repository/documents.py in memory."""

    def __init__(self):
        self.rows: dict[str, object] = {}

    def add(self, document) -> None:
        self.rows = {**self.rows, document.id: document}

    def get(self, document_id: str):
        return self.rows.get(document_id)

    def of_person(self, person_id: str) -> list:
        return [d for d in self.rows.values() if d.person_id == person_id]

    def delete(self, document) -> None:
        self.rows = {k: v for k, v in self.rows.items() if k != document.id}

    def existing(self, ids: list[str]) -> set[str]:
        return {i for i in ids if i in self.rows}
