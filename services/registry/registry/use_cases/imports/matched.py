"""Import rows that match one person in the register, answered set-wise.

A register imported again is mostly rows of persons the register has. The row-by-row path
(rows.customer) costs a savepoint and several statements a row: 20,000 such rows, half
of them changed, took 73 s. Here a batch's matching rows are looked up at once and
- rows that would change nothing are "unchanged";
- rows that change plain fields are updated with one statement for all of them and logged
  as the row-by-row path does (apply_fields: the change log per field, bad_address cleared by
  a new address, search text, version), then announced in one registry.persons.updated for
  the batch (one registry.person.updated a row had made the broker and three consumers the
  cost of a re-import).
Everything else (a status to link, an extended field's value to change, a new personnummer,
several persons with the key, a version that moved under us) is left to the row-by-row path,
which says what to do.

Only rows whose match key no other row of the batch has come here (split, _keys_once): a row
never needs to see another row of its batch.
"""

from __future__ import annotations

import dataclasses
import json

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from foyer_shared.bulk import LOOKUP_CHUNK, insert_rows, matching
from foyer_shared.db import new_ids, utcnow
from registry import events
from registry.domain import InvalidInput
from registry.models import FieldValue, ImportedPerson, Person, PersonChange, PersonStatus
from registry.models.person import ADDRESS_FIELDS, search_columns
from registry.repository import changes
from registry.use_cases.imports.rows import (
    IMPORTS,
    MATCH_COLUMNS,
    PERSON_COLUMNS,
    extended_values,
)
from registry.use_cases.persons import to_wire

_SEARCHED = (
    "first_name",
    "last_name",
    "company_name",
    "email",
    "phone",
    "mobile_phone",
    "personnummer",
    "org_number",
    "external_number",
)
# What a row's cleaned values are compared with (rows.customer's diff), what the search
# text is made of, and what an update needs.
_READ = tuple(dict.fromkeys((*PERSON_COLUMNS, "birth_date", *_SEARCHED)))
_WRITTEN = tuple(
    dict.fromkeys((*PERSON_COLUMNS, "birth_date", "bad_address", "search_text", "sort_name"))
)


@dataclasses.dataclass
class Judged:
    unchanged: dict[int, str]  # row index → person id
    changed: list  # (index, row, the person's values, {field: (old, new)})


def judge(
    session: Session, job: dict, matched: list, statuses: dict, definitions: dict | None = None
) -> Judged:
    """`matched`: (index, row, cleaned fields, key) of person rows whose key the register has;
    `definitions`: the extended fields by key (rows.extended_definitions). Rows not in the
    answer take the row-by-row path."""
    judged = Judged({}, [])
    if not matched:
        return judged
    current = _current(session, job["match_on"], [key for *_x, key in matched])
    create_only = job["mode"] == "create_only"
    wanted_links, wanted_values = {}, {}
    for index, row, fields, key in matched:
        people = current.get(key) or []
        if len(people) != 1:
            continue  # none (of this kind), or several: the row-by-row path says so
        person = people[0]
        if create_only:
            judged.unchanged[index] = person["id"]  # the row-by-row path links nothing either
            continue
        wants = _what_the_row_wants(row, fields, person, statuses, definitions or {})
        if wants is None:
            continue  # the row-by-row path says what to do
        changed, status_id, values = wants
        if values:
            wanted_values[index] = (person["id"], values)
        if status_id:
            wanted_links[index] = (person["id"], status_id)
        if changed:
            judged.changed.append((index, row, person, changed))
        else:
            judged.unchanged[index] = person["id"]
    # A status not linked yet, or an extended field's value to change: changes made row by row.
    rows = _links_missing(session, wanted_links) | _values_differing(session, wanted_values)
    judged.unchanged = {i: p for i, p in judged.unchanged.items() if i not in rows}
    judged.changed = [c for c in judged.changed if c[0] not in rows]
    return judged


def _what_the_row_wants(row: dict, fields: dict, person: dict, statuses: dict, definitions: dict):
    """(plain fields changed {field: (old, new)}, the status to link, {field id: extended
    value}) for a row this path may answer; None for one the row-by-row path must: an unknown
    status, a new personnummer (checked against every other person), an extended field the
    register does not take."""
    status = row.get("status")
    status_id = statuses.get(status.lower()) if status else None
    if status and status_id is None:
        return None
    changed = {k: (person[k], v) for k, v in fields.items() if v is not None and person[k] != v}
    if "personnummer" in changed:
        return None
    try:
        extra = extended_values(definitions, row.get("extra_fields"))
    except InvalidInput:
        return None
    return changed, status_id, {d.id: value for d, value in extra}


def _links_missing(session: Session, wanted: dict[int, tuple[str, str]]) -> set[int]:
    """The rows whose (person, status) link the register lacks."""
    if not wanted:
        return set()
    have = set(
        session.execute(
            select(PersonStatus.person_id, PersonStatus.status_id).where(
                matching(
                    session,
                    PersonStatus.person_id,
                    sorted({p for p, _s in wanted.values()}),
                )
            )
        ).all()
    )
    return {i for i, link in wanted.items() if link not in have}


def _values_differing(session: Session, wanted: dict[int, tuple[str, dict]]) -> set[int]:
    """The rows whose extended field values differ from those stored (a re-imported register
    holds the same: those stay set-wise)."""
    if not wanted:
        return set()
    stored: dict[tuple[str, str], object] = {}
    people = sorted({person_id for person_id, _values in wanted.values()})
    for chunk in range(0, len(people), LOOKUP_CHUNK):
        for person_id, field_id, value in session.execute(
            select(FieldValue.person_id, FieldValue.field_id, FieldValue.value).where(
                matching(session, FieldValue.person_id, people[chunk : chunk + LOOKUP_CHUNK])
            )
        ):
            stored[(person_id, field_id)] = json.loads(value)
    return {
        index
        for index, (person_id, values) in wanted.items()
        if any(stored.get((person_id, field_id), _NONE) != v for field_id, v in values.items())
    }


_NONE = object()  # no value stored: never equal to one from the file


def _current(session: Session, match_on: str, keys: list[str]) -> dict[str, list]:
    column = MATCH_COLUMNS[match_on]
    found: dict[str, list] = {}
    for chunk in range(0, len(keys), LOOKUP_CHUNK):
        for person in session.execute(
            select(
                column.label("key"),
                Person.id,
                Person.version,
                Person.bad_address,
                *(getattr(Person, name) for name in _READ),
            ).where(
                Person.kind == "person",
                matching(session, column, keys[chunk : chunk + LOOKUP_CHUNK]),
            )
        ).mappings():
            found.setdefault(person["key"], []).append(dict(person))
    return found


def apply_updates(session: Session, job_id: str, changed: list, write: bool) -> dict:
    """{row index: outcome} of the changed rows ("updated" with the diff); `write` False (a
    dry run with nothing else to write) only answers. Rows whose person changed since it was
    read are left out, for the row-by-row path."""
    if write and changed:
        changed = _lock_unmoved(session, changed)
    outcomes, now = {}, utcnow()
    values, log, announced = [], [], []
    ids = iter(new_ids(sum(len(c[3]) + 1 for c in changed)))  # +1: bad_address
    for index, row, person, fields in changed:
        if any(name in ADDRESS_FIELDS for name in fields) and person["bad_address"]:
            fields = {**fields, "bad_address": (True, False)}  # a new address may well work
        merged = {**person, **{name: new for name, (_old, new) in fields.items()}}
        values.append(
            {
                "b_id": person["id"],
                "b_version": person["version"] + 1,
                "b_updated_at": now,
                **{
                    f"b_{name}": value
                    for name, value in {**merged, **search_columns("person", merged)}.items()
                    if name in _WRITTEN
                },
            }
        )
        log += [
            changes.field_row(person["id"], IMPORTS, name, old, new, now, next(ids))
            for name, (old, new) in fields.items()
        ]
        announced.append(
            {
                "person_id": person["id"],
                "kind": "person",
                "changed": {name: to_wire(new) for name, (_old, new) in fields.items()},
            }
        )
        outcomes[index] = {
            "row_no": row.get("row_no"),
            "outcome": "updated",
            "person_id": person["id"],
            "error": None,
            "diff": {
                name: [to_wire(old), to_wire(new)]
                for name, (old, new) in fields.items()
                if name != "bad_address"
            },
        }
    if write and values:
        table = Person.__table__
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                version=bindparam("b_version"),
                updated_at=bindparam("b_updated_at"),
                **{name: bindparam(f"b_{name}") for name in _WRITTEN},
            ),
            values,
        )
        insert_rows(session, PersonChange.__table__, log)
        events.outbox.event(
            session, events.PERSONS_UPDATED, {"job_id": job_id, "persons": announced}
        )
        _remember(session, job_id, {v["b_id"]: v["b_version"] for v in values})
    return outcomes


def _lock_unmoved(session: Session, changed: list) -> list:
    """The rows whose person still has the version read, locked until the batch commits."""
    ids = sorted(person["id"] for _i, _r, person, _f in changed)
    versions = dict(
        session.execute(
            select(Person.id, Person.version)
            .where(matching(session, Person.id, ids))
            .order_by(Person.id)
            .with_for_update()
        ).all()
    )
    return [c for c in changed if versions.get(c[2]["id"]) == c[2]["version"]]


def _remember(session: Session, job_id: str, versions: dict[str, int]) -> None:
    """A person this job created and now updates (a key repeated in a later batch) keeps the
    version the import left, so its undo still removes it (rows._remember)."""
    rows = (
        session.execute(
            select(ImportedPerson.person_id).where(
                ImportedPerson.job_id == job_id,
                matching(session, ImportedPerson.person_id, sorted(versions)),
            )
        )
        .scalars()
        .all()
    )
    if rows:
        table = ImportedPerson.__table__
        session.execute(
            update(table)
            .where(table.c.job_id == job_id, table.c.person_id == bindparam("b_person_id"))
            .values(version=bindparam("b_version")),
            [{"b_person_id": p, "b_version": versions[p]} for p in rows],
        )
