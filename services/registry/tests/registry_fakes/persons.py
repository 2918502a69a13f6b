"""The persons repository in memory: versions move on a flush, as the version column does."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy.orm.exc import StaleDataError

from foyer_shared.db import new_id, utcnow
from registry.domain.reach import Scope
from registry.models import Person
from registry.models.segments import MEMBER
from registry.repository.card import CARD_COLUMNS

if TYPE_CHECKING:
    from registry_fakes.unit_of_work import FakeUnitOfWork

# What the database fills in when a person is inserted (the columns' defaults).
_PERSON_DEFAULTS = {
    "remind_by_email": True,
    "remind_by_sms": False,
    "bad_address": False,
    "is_staff": False,
}
_WATCHED = [c.key for c in Person.__table__.columns if c.key not in ("version", "updated_at")]


def _row(person: Person) -> dict:
    return {key: getattr(person, key) for key in _WATCHED}


class FakePersons:
    def __init__(self, uow: FakeUnitOfWork):
        self._uow = uow
        self.rows: dict[str, Person] = {}
        self._written: dict[str, dict] = {}  # each person as the last flush left it
        # {person id: times}: another writer changes the row before each of the next `times`
        # writes of it, which then fail as SQLAlchemy's version check fails them.
        self.changed_elsewhere: dict[str, int] = {}

    def get(self, person_id: str) -> Person | None:
        return self.rows.get(person_id)

    def add(self, person: Person) -> None:
        for key, value in {**_PERSON_DEFAULTS, "id": new_id(), "created_at": utcnow()}.items():
            if getattr(person, key) is None:
                setattr(person, key, value)
        person.version = 1
        self.rows[person.id] = person
        self._written[person.id] = _row(person)

    def flush(self) -> None:
        for person_id, person in self.rows.items():
            if _row(person) != self._written[person_id]:
                self._check_version(person_id)
                person.version += 1
                self._written[person_id] = _row(person)

    def id_with(self, field: str, value) -> str | None:
        return next((p.id for p in self.rows.values() if getattr(p, field) == value), None)

    def id_of_user(self, user_id: str) -> str | None:
        return next((p.id for p in self.rows.values() if p.user_id == user_id), None)

    def erase(self, person: Person) -> None:
        self._check_version(person.id)
        del self.rows[person.id]
        self._uow.cascade(person.id)

    def _check_version(self, person_id: str) -> None:
        if self.changed_elsewhere.get(person_id):
            self.changed_elsewhere[person_id] -= 1
            raise StaleDataError(f"persons row {person_id} changed since it was read")

    def search(self, filters: dict, offset: int, limit: int, within: Scope | None = None):
        found = self._matching(filters, within)
        return found[offset : offset + limit], len(found)

    def ids_matching(self, filters: dict, limit: int) -> list[str]:
        return sorted(p.id for p in self._matching(filters, None))[:limit]

    def _matching(self, filters: dict, within: Scope | None) -> list[Person]:
        """Free text in the search column and the person filters; enough for use case tests."""
        needle = (filters.get("q") or "").strip().lower()
        return sorted(
            (
                p
                for p in self.rows.values()
                if needle in p.search_text
                and filters.get("kind") in (None, p.kind)
                and (within is None or p.id in self._reached(within))
            ),
            key=lambda p: (p.sort_name, p.id),
        )

    def _reached(self, within: Scope) -> set[str]:
        members = self._uow.groups.persons_in(sorted(within.member_of), MEMBER)
        return set(within.ids) | members

    def card(self, person_id: str) -> dict | None:
        person = self.rows.get(person_id)
        return None if person is None else {c.name: getattr(person, c.name) for c in CARD_COLUMNS}

    def segments(self, person_id: str, staff: bool) -> dict:
        groups = self._uow.groups
        member = self._uow.families.member(person_id)
        family = member and self._uow.families.get(member.family_id)
        out = {
            "interests": [],
            "groups": [
                {"id": g, "name": groups.rows[g].name, "role": role}
                for (g, p, role) in groups.memberships
                if p == person_id
            ],
            "relations": [],
            "family": family
            and {"id": family.id, "name": family.name, "is_head": member.is_head, "rights": []},
        }
        if staff:
            out["statuses"] = []
        out["extra_fields"] = {
            key: json.loads(value)
            for key, staff_only, value in self._uow.fields.of_person(person_id)
            if staff or not staff_only
        }
        return out
