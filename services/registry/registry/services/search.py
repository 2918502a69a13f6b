"""Finding persons: free text over one indexed column, filters, sorting, paging with a total."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from foyer_shared.db import Database
from registry.models import GroupMembership, Person, PersonInterest, PersonStatus
from registry.models.segments import MEMBER
from registry.services import Actor, access

_SORTS = {
    "name": (Person.last_name, Person.first_name, Person.id),
    "-name": (Person.last_name.desc(), Person.first_name.desc(), Person.id.desc()),
    "created_at": (Person.created_at, Person.id),
    "-created_at": (Person.created_at.desc(), Person.id.desc()),
    "personnummer": (Person.personnummer, Person.id),
    "external_number": (Person.external_number, Person.id),
}


def build_query(filters: dict):
    """The filtered select (without order); also used by bulk operations on a filter."""
    query = select(Person)
    text = (filters.get("q") or "").strip().lower()
    if text:
        # Phones are stored as +46701234567: "070-123 45" should still find them.
        digits = "".join(ch for ch in text if ch.isdigit())
        conditions = [Person.search_text.like(f"%{_escape(text)}%", escape="\\")]
        if len(digits) >= 4 and digits != text:
            conditions.append(Person.search_text.like(f"%{digits.lstrip('0')}%"))
        query = query.where(or_(*conditions))
    if filters.get("kind"):
        query = query.where(Person.kind == filters["kind"])
    if filters.get("staff") is not None:
        query = query.where(Person.is_staff.is_(filters["staff"]))
    if filters.get("created_from"):
        query = query.where(Person.created_at >= filters["created_from"])
    if filters.get("created_to"):
        query = query.where(Person.created_at < filters["created_to"])
    if filters.get("group_id"):
        query = query.where(Person.id.in_(
            select(GroupMembership.person_id)
            .where(GroupMembership.group_id == str(filters["group_id"]))
            .where(GroupMembership.role == MEMBER)
        ))
    if filters.get("status_id"):
        query = query.where(Person.id.in_(
            select(PersonStatus.person_id)
            .where(PersonStatus.status_id == str(filters["status_id"]))
        ))
    if filters.get("interest_id"):
        query = query.where(Person.id.in_(
            select(PersonInterest.person_id)
            .where(PersonInterest.interest_id == str(filters["interest_id"]))
        ))
    return query


def search_persons(db: Database, actor: Actor, filters: dict, offset: int, limit: int):
    with db.read_only() as session:
        query = build_query(filters)
        if not access.unscoped(actor):
            query = query.where(Person.id.in_(access.reachable_ids(session, actor)))
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        order = _SORTS[filters.get("sort") or "name"]
        rows = session.scalars(query.order_by(*order).offset(offset).limit(limit)).all()
    return list(rows), total


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
