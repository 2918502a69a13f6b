"""What a person's page shows besides the fields, read in one query (issue 24 §1).

Interests, groups, relations, family and (for staff) statuses were six queries and six ORM
loads per person GET, most of its CPU at the service (bench/registry_read_cpu.py). One UNION
ALL of plain columns answers them in one round trip; rows are labelled by their segment. The
statement is built once per process (building it cost more than running it), the person's id
a bound parameter.
"""

from __future__ import annotations

from sqlalchemy import Boolean, bindparam, cast, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from registry.domain.relation_types import RELATION_TYPES
from registry.models import (
    Family,
    FamilyMember,
    Group,
    GroupMembership,
    InterestArea,
    PersonInterest,
    PersonStatus,
    Relation,
    Status,
)

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
    ]
    if staff:
        parts.append(
            _part("status", Status.id, Status.name)
            .join_from(PersonStatus, Status)
            .where(PersonStatus.person_id == pid)
        )
    return union_all(*parts)


_QUERIES = {staff: _query(staff) for staff in (False, True)}


def segments_of(session: Session, pid: str, staff: bool) -> dict:
    """The page's segments of person `pid`; statuses only to staff."""
    out: dict = {"interests": [], "groups": [], "relations": [], "family": None}
    if staff:
        out["statuses"] = []
    for segment, id_, name, detail, flag in session.execute(_QUERIES[staff], {"pid": pid}):
        if segment in ("interest", "status"):
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
    return out
