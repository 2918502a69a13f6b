"""Applying one imported row of each kind (customers, statuses, groups, group members).

Each function works inside the batch's transaction and raises RowError (or InvalidInput,
Conflict, NotFound) for a row that cannot be applied; the caller rolls that row back.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foyer_shared.identifiers import normalise_org_number, normalise_personnummer
from registry import events
from registry.domain import InvalidInput, field_types, person_input, requirements
from registry.domain.import_statuses import may_create
from registry.domain.requirements import STAFF_CREATE
from registry.models import (
    Family,
    FamilyMember,
    FieldDefinition,
    Group,
    GroupMembership,
    ImportedPerson,
    ImportFamily,
    Person,
    PersonStatus,
    Relation,
    Status,
)
from registry.models.person import COMPANY
from registry.repository import changes
from registry.use_cases import Actor, extended, groups, persons
from registry.use_cases.persons import to_wire
from registry.use_cases.unit_of_work import SqlUnitOfWork

IMPORTS = Actor.service("imports")
PERSON_COLUMNS = (
    "first_name",
    "last_name",
    "personnummer",
    "email",
    "phone",
    "address",
    "postal_code",
    "city",
    "home_facility",
    "external_number",
)
COMPANY_COLUMNS = {
    "name": "company_name",
    "email": "email",
    "phone": "phone",
    "address": "visiting_address",
    "postal_code": "visiting_postal_code",
    "city": "visiting_city",
    "home_facility": "home_facility",
    "external_number": "external_number",
    "org_number": "org_number",
}


EXTRA = "extra_fields."  # an extended field's name in a row's messages and diffs
MATCH_COLUMNS = {
    "personnummer": Person.personnummer,
    "email": Person.email,
    "external_number": Person.external_number,
}  # what match_on names
_HOUSEHOLD_AT_MOST = 50  # persons sharing one e-mail that a household row is compared with


class RowError(ValueError):
    """This row cannot be applied; the message says why in plain words."""


def customer(session: Session, job: dict, row: dict, region: str) -> tuple[str, str, dict]:
    """(outcome, person_id, diff) for one customer row."""
    kind = row.get("kind") or "person"
    if kind == COMPANY:
        fields = {target: row[src] for src, target in COMPANY_COLUMNS.items() if src in row}
    else:
        fields = {name: row[name] for name in PERSON_COLUMNS if name in row}
    existing = _match(session, job["match_on"], row, kind)
    if existing is None:
        if job["mode"] == "update_existing":
            raise RowError(
                f"no person in the register has this "
                f"{job['match_on'].replace('_', ' ')}, and the import only updates"
            )
        cleaned = person_input.clean(fields, kind, region, creating=True)
        if job.get("required"):
            lacking = requirements.missing(STAFF_CREATE, job["required"], kind, cleaned, {})
            if lacking:
                raise InvalidInput(lacking)
        persons.ensure_unique(SqlUnitOfWork.joining(session), cleaned, None)
        person = Person(kind=kind, **cleaned)
        person.refresh_search_text()
        session.add(person)
        session.flush()
        changes.record_created(
            session, person.id, IMPORTS, {k: v for k, v in cleaned.items() if k != "birth_date"}
        )
        events.outbox.event(
            session,
            events.PERSON_CREATED,
            {"person_id": person.id, "kind": kind, "fields": person.facts()},
        )
        outcome, diff = "created", {}
    elif job["mode"] == "create_only":
        return "unchanged", existing.id, {}
    else:
        person = existing
        cleaned = person_input.clean(fields, person.kind, region, creating=False)
        cleaned = {k: v for k, v in cleaned.items() if v is not None}  # empty cells keep values
        persons.ensure_unique(SqlUnitOfWork.joining(session), cleaned, person.id)
        diff = {
            k: [to_wire(getattr(person, k)), to_wire(v)]
            for k, v in cleaned.items()
            if getattr(person, k) != v
        }
        persons.apply_fields(
            SqlUnitOfWork.joining(session), IMPORTS, person, {k: cleaned[k] for k in diff}
        )
        outcome = "updated" if diff else "unchanged"
    if row.get("extra_fields"):
        extra = _extra_fields(session, person, row["extra_fields"], outcome == "created")
        diff = {**diff, **extra}
        if outcome == "unchanged" and extra:
            outcome = "updated"
    linked = _status(session, person, row.get("status"), job["options"])
    linked |= _family(session, job["job_id"], person, row.get("family"))
    linked |= _company(session, person, row.get("company"))
    if outcome == "unchanged" and linked:
        outcome = "updated"
    _remember(
        session, job["job_id"], person, created=outcome == "created", row_no=row.get("row_no")
    )
    return outcome, person.id, diff


def extended_definitions(session: Session, rows: list[dict]) -> dict[str, FieldDefinition]:
    """The extended fields by key, read once for a batch whose rows give any."""
    if not any(row.get("extra_fields") for row in rows):
        return {}
    return {d.key: d for d in session.scalars(select(FieldDefinition))}


def extended_values(definitions: dict, texts: dict | None) -> list[tuple[FieldDefinition, object]]:
    """(definition, value) of a row's extended fields from the file's texts ({key: text});
    InvalidInput naming each key the register does not define or whose text its type does not
    take (the bulk paths leave such a row to the row-by-row one, which refuses it so)."""
    values, errors = [], {}
    for key, text in (texts or {}).items():
        definition = definitions.get(key)
        if definition is None:
            errors[f"{EXTRA}{key}"] = ["is not an extended field of this register"]
            continue
        options = json.loads(definition.options)
        try:
            values.append((definition, field_types.from_text(definition.type, options, text)))
        except ValueError as exc:
            errors[f"{EXTRA}{key}"] = [f'"{text}" {exc}']
    if errors:
        raise InvalidInput(errors)
    return values


def _extra_fields(session: Session, person: Person, texts: dict, creating: bool) -> dict:
    """Store the row's extended field values as the API does (checked, change-logged:
    use_cases/extended.py); the diff of those that change."""
    uow = SqlUnitOfWork.joining(session)
    values = {d.key: value for d, value in extended_values(uow.fields.definitions(), texts)}
    before = {} if creating else extended.values_of(uow, person.id, staff=True)
    extended.apply_values(uow, IMPORTS, person, values, None, creating=creating)
    return {
        f"{EXTRA}{key}": [before.get(key), value]
        for key, value in values.items()
        if before.get(key) != value
    }


def status(session: Session, job: dict, row: dict, region: str):
    name = row["name"].strip()
    # "vip" is the status "VIP": customer rows link statuses by name in any case, too.
    if (
        session.scalars(select(Status).where(func.lower(Status.name) == name.lower())).first()
        is not None
    ):
        return "unchanged", None, {}
    session.add(Status(name=name))
    return "created", None, {}


def group(session: Session, job: dict, row: dict, region: str):
    found = _group(session, row.get("name"), row.get("external_number"))
    if found is None:
        session.add(
            Group(
                name=row["name"],
                description=row.get("description"),
                external_number=row.get("external_number"),
            )
        )
        return "created", None, {}
    diff = {
        k: [getattr(found, k), row[k]]
        for k in ("description",)
        if row.get(k) and getattr(found, k) != row[k]
    }
    for k, (_old, new) in diff.items():
        setattr(found, k, new)
    return ("updated" if diff else "unchanged"), None, diff


def group_member(session: Session, job: dict, row: dict, region: str):
    found = _group(session, row.get("group"), row.get("group_external_number"))
    if found is None:
        raise RowError(f"no group {row.get('group') or row.get('group_external_number')!r}")
    match_on = job["match_on"]
    if not (row.get(match_on) or "").strip():
        raise RowError(
            f"the row has no {match_on.replace('_', ' ')}, which the import matches persons on"
        )
    person = _match(session, match_on, row, "person")
    if person is None:
        raise RowError(f"no person in the register has this {match_on.replace('_', ' ')}")
    role = "leader" if (row.get("role") or "").strip().lower() in ("leader", "ledare") else "member"
    if session.get(GroupMembership, (found.id, person.id, role)) is not None:
        return "unchanged", person.id, {}
    groups.add_member_in(SqlUnitOfWork.joining(session), IMPORTS, found.id, person.id, role)
    return "updated", person.id, {"groups": [None, f"{found.name} ({role})"]}  # what was added


APPLY = {"customers": customer, "statuses": status, "groups": group, "group_members": group_member}


def _match(session: Session, match_on: str, row: dict, kind: str) -> Person | None:
    if kind == COMPANY and match_on == "personnummer":
        return _company_match(session, row)
    value = (row.get(match_on) or "").strip()
    if not value:
        return None
    if match_on == "personnummer":
        try:
            value = normalise_personnummer(value)
        except ValueError as exc:
            raise InvalidInput.one("personnummer", str(exc)) from exc
        column = Person.personnummer
    elif match_on == "email":
        value, column = value.lower(), Person.email
    else:
        column = Person.external_number
    household = match_on == "email" and bool(row.get("family"))
    found = list(
        session.scalars(
            select(Person)
            .where(column == value, Person.kind == kind)
            .limit(_HOUSEHOLD_AT_MOST if household else 2)
        )
    )
    if household:
        # Members of one household may share an e-mail (docs/imports.md → Row rules): then the
        # e-mail names the household and the first name says which member. Without this the
        # second member's row would overwrite the first member.
        first_name = (row.get("first_name") or "").strip().casefold()
        found = [p for p in found if (p.first_name or "").casefold() == first_name]
    if len(found) > 1:
        raise RowError(f"several persons have this {match_on}; match on personnummer")
    return found[0] if found else None


def _company_match(session: Session, row: dict) -> Person | None:
    """A company has no personnummer: matched on personnummer, it is found by its
    organisation number (unique), so a register imported again does not make it twice.
    Without one, by its name and e-mail together (company_key): two rows of one name are two
    companies (branches), but one of that name with that e-mail is the company seen before."""
    value = (row.get("org_number") or "").strip()
    if not value:
        key = company_key(row)
        if key is None:
            return None
        name, email = key
        return session.scalars(
            select(Person)
            .where(
                Person.kind == COMPANY,
                Person.email == email,
                Person.org_number.is_(None),
                func.lower(Person.company_name) == name,
            )
            .order_by(Person.created_at)
        ).first()
    try:
        value = normalise_org_number(value)
    except ValueError as exc:
        raise InvalidInput.one("org_number", str(exc)) from exc
    return session.scalars(
        select(Person).where(Person.org_number == value, Person.kind == COMPANY)
    ).first()


def company_key(row: dict) -> tuple[str, str] | None:
    """(name, e-mail) in lower case of a company row without an organisation number."""
    name, email = (row.get("name") or "").strip(), (row.get("email") or "").strip()
    if row.get("org_number") or not name or not email:
        return None
    return name.lower(), email.lower()


def _status(session: Session, person: Person, name, options: dict) -> bool:
    if not name:
        return False
    found = session.scalars(select(Status).where(func.lower(Status.name) == name.lower())).first()
    if found is None:
        if not may_create(options, name):
            # "status:" becomes the file's own column name in imports' error file.
            raise RowError(
                f'status: "{name}" is not a status here yet: create it or take it as an '
                "existing status when the dry run asks (options create_statuses, "
                "status_values), or change it in the file"
            )
        found = Status(name=name)
        session.add(found)
        session.flush()
    if session.get(PersonStatus, (person.id, found.id)) is not None:
        return False
    session.add(PersonStatus(person_id=person.id, status_id=found.id))
    changes.record(session, person.id, IMPORTS, "statuses", None, found.id)
    return True


def _family(session: Session, job_id: str, person: Person, key) -> bool:
    if not key:
        return False
    link = session.get(ImportFamily, (job_id, key))
    member = session.get(FamilyMember, person.id)
    if link is not None and member is not None and member.family_id == link.family_id:
        return False
    if link is None and member is not None:
        # Imported again (an updated register): the household this job names is the one the
        # person is in already, if it has that name; later rows of it join that family.
        family = session.get(Family, member.family_id)
        if family.name.strip().casefold() == key.strip().casefold():
            session.add(ImportFamily(job_id=job_id, key=key, family_id=family.id))
            session.flush()
            return False
        raise RowError(
            f'already belongs to the family "{family.name}", not "{key}": remove '
            "them from it first, or leave the family cell empty"
        )
    if member is not None:
        raise RowError("already belongs to another family of this file")
    if link is None:  # the first row of a household becomes its head
        family = Family(name=key)
        session.add(family)
        session.flush()
        session.add(ImportFamily(job_id=job_id, key=key, family_id=family.id))
        session.add(FamilyMember(person_id=person.id, family_id=family.id, is_head=True))
        family_id = family.id
    else:
        family_id = link.family_id
        session.add(FamilyMember(person_id=person.id, family_id=family_id, rights=""))
    session.flush()
    changes.record(session, person.id, IMPORTS, "family", None, family_id)
    ids = sorted(
        session.scalars(select(FamilyMember.person_id).where(FamilyMember.family_id == family_id))
    )
    events.outbox.event(session, events.FAMILY_CHANGED, {"family_id": family_id, "person_ids": ids})
    return True


def _company(session: Session, person: Person, name) -> bool:
    if not name or person.kind == COMPANY:
        return False
    company = session.scalars(
        select(Person).where(
            Person.kind == COMPANY, func.lower(Person.company_name) == name.strip().lower()
        )
    ).first()
    if company is None:
        raise RowError(f"no company named {name!r} in the register")
    exists = session.scalars(
        select(Relation).where(
            Relation.from_person_id == person.id,
            Relation.to_person_id == company.id,
            Relation.type == "employee",
        )
    ).first()
    if exists:
        return False
    session.add(Relation(from_person_id=person.id, to_person_id=company.id, type="employee"))
    changes.record(session, person.id, IMPORTS, "relations.employee", None, company.id)
    return True


def _group(session: Session, name, external_number) -> Group | None:
    if external_number:
        return session.scalars(
            select(Group).where(Group.external_number == external_number)
        ).first()
    return session.scalars(select(Group).where(Group.name == (name or "").strip())).first()


def _remember(
    session: Session, job_id: str, person: Person, created: bool, row_no: int | None = None
) -> None:
    session.flush()
    row = session.get(ImportedPerson, (job_id, person.id))
    if row is not None:
        row.version = person.version
    elif created:
        session.add(
            ImportedPerson(
                job_id=job_id, person_id=person.id, version=person.version, row_no=row_no
            )
        )
