"""Merging two persons into one: preview (conflicts, what moves, blockers), then one transaction."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from registry import events
from registry.domain import InvalidInput, reach
from registry.models import (
    Document,
    FamilyMember,
    FieldValue,
    GroupMembership,
    NotDuplicate,
    Person,
    PersonChange,
    PersonInterest,
    PersonLookup,
    PersonStatus,
    Relation,
)
from registry.models.person import COMPANY_FIELDS, PERSON_FIELDS
from registry.repository import changes
from registry.use_cases import Actor, Blocked, access, fresh, persons
from registry.use_cases.persons import to_wire
from registry.use_cases.unit_of_work import SqlUnitOfWork

_LINKS = {
    "groups": (GroupMembership, ("group_id", "role")),
    "statuses": (PersonStatus, ("status_id",)),
    "interests": (PersonInterest, ("interest_id",)),
    "field_values": (FieldValue, ("field_id",)),
}


def preview(db: Database, keep_id: str, remove_id: str) -> dict:
    with db.read_only() as session:
        keep, remove = _pair(session, keep_id, remove_id)
        return _preview(session, keep, remove)


def merge(db: Database, actor: Actor, keep_id: str, remove_id: str, choices: dict) -> dict:
    """`choices` {field: "keep" | "remove"} settles conflicts; gaps in `keep` are filled anyway.

    A concurrent change to either person runs the merge again on the fresh rows (choices are
    checked again); still changing after that: 412. A number taken meanwhile: 409."""
    return fresh.on_fresh_rows(lambda: _merge(db, actor, keep_id, remove_id, choices))


def _merge(db: Database, actor: Actor, keep_id: str, remove_id: str, choices: dict) -> dict:
    with persons.unique_guard(), db.transaction() as session:
        uow = SqlUnitOfWork.joining(session)  # the persons aggregate's rules, in this transaction
        with access.not_widening(uow, actor, reach.MERGES, "remove"):
            return _merge_in(session, uow, actor, keep_id, remove_id, choices)


def _merge_in(
    session: Session, uow: SqlUnitOfWork, actor: Actor, keep_id: str, remove_id: str, choices: dict
) -> dict:
    keep, remove = _pair(session, keep_id, remove_id)
    plan = _preview(session, keep, remove)
    if plan["blockers"]:
        raise Blocked("these persons cannot be merged", plan["blockers"])
    conflicts = {c["field"] for c in plan["conflicts"]}
    bad = {f: ["not a conflicting field"] for f in choices if f not in conflicts}
    bad |= {f: ["use keep or remove"] for f, v in choices.items() if v not in ("keep", "remove")}
    if bad:
        raise InvalidInput({"choices": bad})
    taken = {
        name: getattr(remove, name)
        for name in _fields(keep)
        if getattr(remove, name) is not None
        and (getattr(keep, name) is None or choices.get(name) == "remove")
    }
    if remove.user_id and not keep.user_id:  # the login account follows (identity too)
        taken["user_id"] = remove.user_id
    _move_links(session, keep, remove)
    # The removed person's documents are the kept one's now (their bytes stay where they are).
    session.execute(
        update(Document).where(Document.person_id == remove.id).values(person_id=keep.id)
    )
    # The record of look-ups in public registers follows the person too.
    session.execute(
        update(PersonLookup).where(PersonLookup.person_id == remove.id).values(person_id=keep.id)
    )
    # The removed person's log joins the kept one's; an entry on each side says so.
    session.execute(
        update(PersonChange).where(PersonChange.person_id == remove.id).values(person_id=keep.id)
    )
    changes.record(session, keep.id, actor, "merge", None, {"removed_id": remove.id})
    changes.record(session, remove.id, actor, "merge", None, {"kept_id": keep.id})
    session.delete(remove)
    session.flush()  # frees the removed one's personnummer before the kept one takes it
    persons.apply_fields(uow, actor, keep, taken)
    events.outbox.event(
        session, events.PERSON_MERGED, {"kept_id": keep.id, "removed_id": remove.id}
    )
    return {"kept_id": keep.id, "removed_id": remove.id, "taken": sorted(taken)}


def _pair(session: Session, keep_id: str, remove_id: str) -> tuple[Person, Person]:
    if keep_id == remove_id:
        raise InvalidInput.one("remove", "cannot merge a person with themselves")
    uow = SqlUnitOfWork.joining(session)
    return persons.load(uow, keep_id), persons.load(uow, remove_id)


def _fields(person: Person) -> tuple[str, ...]:
    return COMPANY_FIELDS if person.kind == "company" else PERSON_FIELDS


def _preview(session: Session, keep: Person, remove: Person) -> dict:
    blockers = []
    if keep.kind != remove.kind:
        blockers.append("a person and a company cannot be merged")
    if keep.personnummer and remove.personnummer and keep.personnummer != remove.personnummer:
        blockers.append("both have a personnummer and they differ")
    if keep.user_id and remove.user_id:
        blockers.append("both have login accounts")
    if remove.is_staff:
        blockers.append("the person to remove is staff; keep the staff member instead")
    families = [session.get(FamilyMember, p.id) for p in (keep, remove)]
    if all(families) and families[0].family_id != families[1].family_id:
        blockers.append("they belong to different families")
    conflicts = [
        {
            "field": name,
            "keep": to_wire(getattr(keep, name)),
            "remove": to_wire(getattr(remove, name)),
        }
        for name in _fields(keep)
        if getattr(keep, name) is not None
        and getattr(remove, name) is not None
        and getattr(keep, name) != getattr(remove, name)
    ]
    moves = {name: _count(session, model, remove.id) for name, (model, _k) in _LINKS.items()}
    moves["relations"] = len(
        list(
            session.scalars(
                select(Relation.id).where(
                    (Relation.from_person_id == remove.id) | (Relation.to_person_id == remove.id)
                )
            )
        )
    )
    moves["family"] = families[1] is not None and families[0] is None
    moves["changes"] = _count(session, PersonChange, remove.id)
    return {
        "keep": keep.id,
        "remove": remove.id,
        "conflicts": conflicts,
        "moves": moves,
        "blockers": blockers,
    }


def _move_links(session: Session, keep: Person, remove: Person) -> None:
    both = sorted((keep.id, remove.id))
    groups = set(
        session.scalars(
            select(GroupMembership.group_id).where(GroupMembership.person_id == remove.id)
        )
    )
    events.outbox.events(
        session,
        events.GROUP_MEMBERSHIP_CHANGED,
        [{"group_id": group_id, "person_ids": both} for group_id in groups],
    )
    for model, keys in _LINKS.values():
        for row in list(session.scalars(select(model).where(model.person_id == remove.id))):
            ident = {k: getattr(row, k) for k in keys}
            existing = session.scalars(select(model).filter_by(person_id=keep.id, **ident)).first()
            if existing is None:  # the kept person's own value wins where both have one
                session.add(
                    model(
                        person_id=keep.id,
                        **ident,
                        **({"value": row.value} if model is FieldValue else {}),
                    )
                )
            session.delete(row)
    for relation in list(
        session.scalars(
            select(Relation).where(
                (Relation.from_person_id == remove.id) | (Relation.to_person_id == remove.id)
            )
        )
    ):
        ends = [
            keep.id if pid == remove.id else pid
            for pid in (relation.from_person_id, relation.to_person_id)
        ]
        if ends[0] == ends[1]:
            session.delete(relation)  # the two were related to each other
        else:
            relation.from_person_id, relation.to_person_id = ends
    member = session.get(FamilyMember, remove.id)
    if member is not None:
        kept_member = session.get(FamilyMember, keep.id)
        session.delete(member)
        session.flush()
        if kept_member is None:
            session.add(
                FamilyMember(
                    person_id=keep.id,
                    family_id=member.family_id,
                    is_head=member.is_head,
                    rights=member.rights,
                )
            )
        events.outbox.event(
            session, events.FAMILY_CHANGED, {"family_id": member.family_id, "person_ids": both}
        )
    session.execute(
        delete(NotDuplicate).where(
            (NotDuplicate.person_a == remove.id) | (NotDuplicate.person_b == remove.id)
        )
    )
    session.flush()


def _count(session: Session, model, person_id: str) -> int:
    return len(list(session.scalars(select(model).where(model.person_id == person_id))))
