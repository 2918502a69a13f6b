"""A person's card read with plain rows: the person's columns, and in one more query what the
page shows besides them (issue 24 §1).

Interests, groups, relations, family, extended field values and (for staff) statuses were seven
queries and ORM loads per person GET, most of its CPU at the service
(bench/registry_read_cpu.py). One UNION ALL of plain columns answers them in one round trip;
rows are labelled by their segment. The person's own row is read as a Core row, not an ORM
entity (loading the ~40-column entity was a third of a GET's CPU). The statements are built
once per process (building them cost more than running them), the person's id a bound
parameter.
"""

from __future__ import annotations

import json

from sqlalchemy import Boolean, bindparam, cast, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from registry.domain.relation_types import RELATION_TYPES
from registry.models import (
    Family,
    FamilyMember,
    FieldDefinition,
    FieldValue,
    Group,
    GroupMembership,
    InterestArea,
    Person,
    PersonInterest,
    PersonStatus,
    Relation,
    Status,
)
from registry.models.person import display_name_of

_NO_FLAG = cast(null(), Boolean)  # typed: an untyped NULL makes the column text


def _part(segment: str, *columns, flag=_NO_FLAG):
    """(segment, id, name or type, detail, flag): the shape every part of the union has."""
    padded = list(columns) + [null()] * (3 - len(columns))
    return select(literal_column(f"'{segment}'").label("segment"), *padded, flag)


def _query(staff: bool):
    pid = bindparam("pid")
    parts = [
        _part("interest", InterestArea.id, InterestArea.name)
        .join_from(PersonInterest, InterestArea)
        .where(PersonInterest.person_id == pid),
        _part("group", Group.id, Group.name, GroupMembership.role)
        .join_from(GroupMembership, Group)
        .where(GroupMembership.person_id == pid),
        _part("relation", Relation.id, Relation.type, Relation.to_person_id).where(
            Relation.from_person_id == pid
        ),
        # From the other side; a relation to oneself only once, as the forward one.
        _part("related", Relation.id, Relation.type, Relation.from_person_id).where(
            Relation.to_person_id == pid, Relation.from_person_id != pid
        ),
        _part("family", Family.id, Family.name, FamilyMember.rights, flag=FamilyMember.is_head)
        .join_from(FamilyMember, Family)
        .where(FamilyMember.person_id == pid),
        _part(
            "field",
            FieldValue.field_id,
            FieldDefinition.key,
            FieldValue.value,
            flag=FieldDefinition.staff_only,
        )
        .join_from(FieldValue, FieldDefinition)
        .where(FieldValue.person_id == pid),
    ]
    if staff:
        parts.append(
            _part("status", Status.id, Status.name)
            .join_from(PersonStatus, Status)
            .where(PersonStatus.person_id == pid)
        )
    return union_all(*parts)


_QUERIES = {staff: _query(staff) for staff in (False, True)}


# The columns a card shows (PersonOut): every column but the search helpers and the account.
CARD_COLUMNS = tuple(
    c for c in Person.__table__.columns if c.name not in ("search_text", "sort_name", "user_id")
)
_CARD = select(*CARD_COLUMNS).where(Person.id == bindparam("pid"))


def card_of(session: Session, pid: str) -> dict | None:
    """The person's shown columns by name, or None when there is no such person."""
    row = session.connection().execute(_CARD, {"pid": pid}).first()
    return None if row is None else dict(row._mapping)


def segments_of(session: Session, pid: str, staff: bool) -> dict:
    """The page's segments of person `pid` and their extended field values; statuses and
    staff-only values only to staff."""
    out: dict = {"interests": [], "groups": [], "relations": [], "family": None}
    if staff:
        out["statuses"] = []
    fields = out["extra_fields"] = {}
    for segment, id_, name, detail, flag in session.connection().execute(
        _QUERIES[staff], {"pid": pid}
    ):
        if segment == "field":
            if staff or not flag:
                fields[name] = json.loads(detail)
        elif segment in ("interest", "status"):
            out[f"{segment}s" if segment == "interest" else "statuses"].append(
                {"id": id_, "name": name}
            )
        elif segment == "group":
            out["groups"].append({"id": id_, "name": name, "role": detail})
        elif segment == "family":
            rights = [r for r in detail.split(",") if r]
            out["family"] = {"id": id_, "name": name, "is_head": flag, "rights": rights}
        else:
            label = RELATION_TYPES[name][0 if segment == "relation" else 1]
            out["relations"].append({"id": id_, "type": name, "person_id": detail, "label": label})
    if staff and out["relations"]:
        _name_relations(session, out["relations"])
    return out


_NAMES = select(Person.id, Person.kind, Person.first_name, Person.last_name, Person.company_name)


def _name_relations(session: Session, relations: list[dict]) -> None:
    """The other person's name on each relation, for staff (who may read everyone): one query,
    asked only when the card has relations. A scoped reader gets the id alone, as the other
    person may be outside their reach."""
    ids = {r["person_id"] for r in relations}
    rows = session.connection().execute(_NAMES.where(Person.id.in_(ids)))
    names = {row.id: display_name_of(row._mapping) for row in rows}
    for relation in relations:
        relation["name"] = names.get(relation["person_id"], "")
