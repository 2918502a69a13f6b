"""The fast path of a customer batch: new persons are written in bulk, with their status.

Rows that need more (a match to update, a family or company, a status that does not exist and
may not be created, a key repeated in the batch) go through the row-by-row path afterwards, in
order. Outcomes are the same either way.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foyer_shared.bulk import LOOKUP_CHUNK, insert_rows, matching
from foyer_shared.db import new_id, new_ids, utcnow
from foyer_shared.identifiers import normalise_personnummer
from registry import events
from registry.domain import InvalidInput, person_input, requirements
from registry.domain.import_statuses import may_create
from registry.domain.requirements import STAFF_CREATE
from registry.models import (
    FieldValue,
    ImportedPerson,
    Person,
    PersonChange,
    PersonStatus,
    Status,
)
from registry.models.person import COMPANY, facts_of, search_columns
from registry.repository import changes, link_tags
from registry.use_cases.imports import matched as matched_rows
from registry.use_cases.imports.rows import (
    COMPANY_COLUMNS,
    EXTRA,
    IMPORTS,
    MATCH_COLUMNS,
    PERSON_COLUMNS,
    company_key,
    extended_definitions,
    extended_values,
)

_DEFAULTS = {
    "remind_by_email": True,
    "remind_by_sms": False,
    "bad_address": False,
    "is_staff": False,
    "version": 1,
}
_EMPTY_PERSON = {**dict.fromkeys(Person.__table__.columns.keys()), **_DEFAULTS}


@dataclasses.dataclass
class _Built:
    """What a new person's rows will be: made before the batch's turn, written in it."""

    person: dict  # the persons row (every column, so all rows share their keys for COPY)
    log: dict  # its change-log row
    facts: dict  # what persons.imported says about it
    status_id: str | None  # the status the log names (None: none, or not known yet)


@dataclasses.dataclass
class Prepared:
    """A batch's rows checked, and the new persons' rows built, before the batch's turn."""

    fresh: list  # (index, row, kind, fields, key, _Built or None)
    slow: list[int]  # rows for the row-by-row path whatever the register holds


def known_statuses(session: Session, rows: list[dict]) -> dict[str, str]:
    """{lower-cased name: id} of the statuses the rows name that exist (read only)."""
    return _status_ids(session, {r["status"] for r in rows if r.get("status")}, create=set())


def missing_statuses(rows: list[dict], known: dict[str, str]) -> set[str]:
    """The status names the rows give that `known` (from known_statuses) lacks."""
    return {r["status"] for r in rows if r.get("status") and r["status"].lower() not in known}


def prepare(job: dict, rows: list[dict], region: str, statuses: dict[str, str] | None) -> Prepared:
    """The part of a batch that needs no lock on the register: checking and normalising each
    row, and (given the known `statuses`; None in a dry run) building the rows a new person
    would get. It runs before the worker waits for the batch's turn, so it overlaps with
    another worker writing the batch before."""
    fresh, slow = [], []
    ids = iter(new_ids(2 * len(rows)) if statuses is not None else ())  # person, change log
    updating_only = job["mode"] == "update_existing"
    for index, row in enumerate(rows):
        if updating_only or row.get("family") or row.get("company"):  # links: row by row
            slow.append(index)
            continue
        kind = row.get("kind") or "person"
        try:
            fields = person_input.clean(_fields(row, kind), kind, region, creating=True)
            if job.get("required") and requirements.missing(
                STAFF_CREATE, job["required"], kind, fields, {}
            ):
                slow.append(index)  # it may update someone; if it creates, that path refuses it
                continue
            # The cleaned value is the key _key() would make (normalised once, not twice).
            match_on = job["match_on"]
            key = fields[match_on] if match_on in fields else _key(match_on, row)
        except InvalidInput:
            slow.append(index)  # it may match someone to update; that path says what is wrong
            continue
        built = None
        if statuses is not None:
            status = row.get("status")
            built = _build(
                kind,
                fields,
                statuses.get(status.lower()) if status else None,
                (next(ids), next(ids)),
            )
        fresh.append((index, row, kind, fields, key, built))
    return Prepared(fresh, slow)


def split(
    session: Session,
    job: dict,
    rows: list[dict],
    region: str,
    dry_run: bool = False,
    prepared: Prepared | None = None,
) -> tuple[dict, list]:
    """({row index: outcome} done here, [row indexes left for the row-by-row path]).

    A dry run whose rows all go the bulk way writes nothing: no other row could see them, so
    "created" is known without inserting and rolling back. With rows left for the row-by-row
    path the bulk rows are written (and rolled back by the caller), so those rows see them
    exactly as the run would."""
    if prepared is None:
        prepared = prepare(job, rows, region, None if dry_run else known_statuses(session, rows))
    done, slow, fresh = {}, list(prepared.slow), prepared.fresh
    taken = _existing(session, job["match_on"], fresh)
    named = {r.get("status") for _i, r, *_x in fresh if r.get("status")}
    statuses = _status_ids(session, named, {n for n in named if may_create(job["options"], n)})
    once = _keys_once(job["match_on"], rows, fresh, prepared.slow)
    new, matched = [], []
    definitions = extended_definitions(session, [row for _i, row, *_x in fresh])
    for index, row, kind, fields, key, built in fresh:
        keys = [
            k
            for k in (
                ("match", key),
                ("personnummer", fields.get("personnummer")),
                ("org_number", fields.get("org_number")),
                ("company", _company_key(job["match_on"], kind, row)),
            )
            if k[1]
        ]
        if any(k in taken for k in keys):
            # Matches someone (row by row, unless it would change nothing: below), or repeats
            # a key of the batch (row by row, in order).
            if kind != COMPANY and key in once and ("match", key) in taken:
                matched.append((index, row, fields, key))
            else:
                slow.append(index)
            continue
        status_id = statuses.get(row["status"].lower()) if row.get("status") else None
        if row.get("status") and status_id is None:
            slow.append(index)  # an unknown status: that path says so
            continue
        try:
            extra = extended_values(definitions, row.get("extra_fields"))
        except InvalidInput:
            slow.append(index)  # a key or a value the register does not take: that path says
            continue
        taken.update(keys)
        new.append((index, row, kind, fields, status_id, built, extra))
    # Rows of persons the register has: unchanged, or updated set-wise (matched.py).
    judged = matched_rows.judge(session, job, matched, statuses, definitions)
    for index, person_id in judged.unchanged.items():
        done[index] = _outcome(rows[index], "unchanged", person_id, None)
    answered = judged.unchanged.keys() | {c[0] for c in judged.changed}
    slow += [i for i, *_x in matched if i not in answered]
    write = not (dry_run and not slow)  # a dry run writes only what the slow rows must see
    updated = matched_rows.apply_updates(session, job["job_id"], judged.changed, write)
    done.update(updated)
    slow += [c[0] for c in judged.changed if c[0] not in updated]  # moved under us
    if write:
        _write(session, job["job_id"], new, done)
    else:
        done.update((index, _outcome(row, "created", None, None)) for index, row, *_x in new)
    return done, sorted(slow)


def _status_ids(session: Session, names: set[str], create: set[str]) -> dict[str, str]:
    """{lower-cased name: status id}, creating the missing ones of `create` (the names the job
    allows to create, domain/import_statuses.py)."""
    if not names:
        return {}
    found: dict[str, str] = {}
    for status in session.scalars(
        select(Status).where(func.lower(Status.name).in_(sorted({n.lower() for n in names})))
    ):
        found.setdefault(status.name.lower(), status.id)
    if create:
        for name in sorted(create):  # the first spelling seen names a new status
            if name.lower() not in found:
                status = Status(id=new_id(), name=name)
                session.add(status)
                found[name.lower()] = status.id
        session.flush()
    return found


def _build(
    kind: str, fields: dict, status_id: str | None, ids: tuple[str, str] | None = None
) -> _Built:
    person_id, change_id = ids or (new_id(), new_id())
    person = dict(_EMPTY_PERSON)
    person.update(fields)
    person.update(search_columns(kind, fields))
    person.update(id=person_id, kind=kind)
    logged = {name: value for name, value in fields.items() if name != "birth_date"}
    if status_id is not None:
        logged["statuses"] = status_id
    log = changes.created_row(person_id, IMPORTS, logged, None, change_id)
    facts = {"person_id": person["id"], "kind": kind, "fields": facts_of(kind, fields)}
    return _Built(person, log, facts, status_id)


def _write(session: Session, job_id: str, new: list, done: dict) -> None:
    if not new:
        return
    now = utcnow()  # the time of writing, the same for the batch's rows
    people, log, facts, linked, imported, values = [], [], [], [], [], []
    # On PostgreSQL the persons carry their status's link tag from the COPY on, so their
    # statuses need no trigger (migration 0017: rewriting the 60 % of a batch's persons that
    # have a status would nearly double their write).
    tagged = session.get_bind().dialect.name == "postgresql"
    for index, row, kind, fields, status_id, built, extra in new:
        if built is None or built.status_id != status_id:  # a dry run, or a status made now
            built = _build(kind, fields, status_id)
        person_id = built.person["id"]
        for definition, value in extra:  # each logged as the API logs it (use_cases/extended)
            values.append(
                {"person_id": person_id, "field_id": definition.id, "value": json.dumps(value)}
            )
            field = f"{EXTRA}{definition.key}"
            log.append(changes.field_row(person_id, IMPORTS, field, None, value, now, new_id()))
        built.person["created_at"] = built.person["updated_at"] = built.log["changed_at"] = now
        people.append(built.person)
        log.append(built.log)
        facts.append(built.facts)
        imported.append(
            {"job_id": job_id, "person_id": person_id, "version": 1, "row_no": row.get("row_no")}
        )
        if built.status_id is not None:
            linked.append({"person_id": person_id, "status_id": built.status_id})
        if tagged:
            built.person["link_tags"] = link_tags.of_new_person(built.status_id)
        done[index] = _outcome(row, "created", person_id, None)
    # In name order: persons of one surname then share a few heap pages per batch, and a search
    # for it (sorted by name, so it reads each match) reads those instead of one page a match.
    people.sort(key=lambda person: person["sort_name"] or "")
    insert_rows(session, Person.__table__, people)
    insert_rows(session, PersonChange.__table__, log)
    with link_tags.written_with_persons(session):
        insert_rows(session, PersonStatus.__table__, linked)
    insert_rows(session, FieldValue.__table__, values)
    insert_rows(session, ImportedPerson.__table__, imported)
    # One event for the batch: a thousand person.created events cost the relay and crm more
    # than applying the batch did. Persons created row by row still get person.created.
    events.outbox.event(session, events.PERSONS_IMPORTED, {"job_id": job_id, "persons": facts})


def _existing(session: Session, match_on: str, fresh: list) -> set:
    """Keys already in the register: the match column, personnummer, org number, and a
    company's name and e-mail (for company rows without an org number)."""
    found: set = set()

    def values(name: str) -> list:
        return [f[name] for _i, _r, _k, f, _key, _p in fresh if f.get(name)]

    wanted = {
        "match": (MATCH_COLUMNS[match_on], [k for *_x, k, _p in fresh if k]),
        "personnummer": (Person.personnummer, values("personnummer")),
        "org_number": (Person.org_number, values("org_number")),
    }
    companies = [key for _i, row, kind, *_x in fresh if (key := _company_key(match_on, kind, row))]
    for chunk in range(0, len(companies), LOOKUP_CHUNK):
        emails = sorted({email for _name, email in companies[chunk : chunk + LOOKUP_CHUNK]})
        found |= {
            ("company", ((name or "").lower(), email))
            for name, email in session.execute(
                select(Person.company_name, Person.email).where(
                    Person.kind == COMPANY,
                    Person.org_number.is_(None),
                    matching(session, Person.email, emails),
                )
            )
        }
    for name, (column, values) in wanted.items():
        if name == "personnummer" and match_on == "personnummer":  # the same query again
            found |= {("personnummer", value) for tag, value in found if tag == "match"}
            continue
        for chunk in range(0, len(values), LOOKUP_CHUNK):
            found |= {
                (name, v)
                for v in session.scalars(
                    select(column).where(
                        matching(session, column, values[chunk : chunk + LOOKUP_CHUNK])
                    )
                )
            }
    return found


def _keys_once(match_on: str, rows: list[dict], fresh: list, slow: list[int]) -> set:
    """The match keys that only one row of the batch has: a row whose key another row repeats
    must see that row's doing, so it goes row by row (in file order)."""
    seen: Counter = Counter(key for *_x, key, _built in fresh if key)
    for index in slow:
        try:
            seen[_key(match_on, rows[index])] += 1
        except InvalidInput:
            pass  # a bad key matches no one
    return {key for key, count in seen.items() if count == 1}


def _company_key(match_on: str, kind: str, row: dict) -> tuple[str, str] | None:
    """A company row without an organisation number, matched on personnummer, is the
    company of that name and e-mail if there is one (rows.company_key)."""
    if kind != COMPANY or match_on != "personnummer":
        return None
    return company_key(row)


def _fields(row: dict, kind: str) -> dict:
    if kind == COMPANY:
        return {target: row[src] for src, target in COMPANY_COLUMNS.items() if src in row}
    return {name: row[name] for name in PERSON_COLUMNS if name in row}


def _key(match_on: str, row: dict) -> str | None:
    value = (row.get(match_on) or "").strip()
    if not value:
        return None
    if match_on == "personnummer":
        try:
            return normalise_personnummer(value)
        except ValueError as exc:
            raise InvalidInput.one("personnummer", str(exc)) from exc
    return value.lower() if match_on == "email" else value


def _outcome(row: dict, outcome: str, person_id, error) -> dict:
    return {"row_no": row.get("row_no"), "outcome": outcome, "person_id": person_id, "error": error}
