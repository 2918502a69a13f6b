"""CRM cards: create one (and its person or company in the registry), change it, find them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm import events
from crm.domain import Forbidden, InvalidInput, NotFound, cards
from crm.domain import labels as L
from crm.models import Contact, StatusChange
from crm.repository import ContactRepository, LabelRepository
from crm.repository.contacts import CardFilter
from crm.use_cases import Actor
from crm.use_cases.responsibility import ensure_may_be_responsible
from foyer_shared.db import Database, new_id, utcnow

# What registering a person at the registry needs (its route, and reach beyond scopes).
REGISTER = ("registry.persons.write", "registry.persons.all")


def create_card(db: Database, actor: Actor, data: dict, region: str) -> Contact:
    """The card and, by a command in the same transaction, its person in the registry.

    It writes to the register, so it needs what registering a person at the registry needs
    too: no role gets through the CRM what it may not do there (docs/crm.md)."""
    for permission in REGISTER:
        if not actor.holds(permission):
            raise Forbidden(f"this needs the permission {permission!r}: it registers a person")
    kind = data.get("kind") or cards.PERSON
    facts = cards.registry_fields(kind, data, region)
    name = facts.get("company_name") if kind == cards.COMPANY else facts.get("last_name")
    contact = Contact(
        id=new_id(),
        person_id=new_id(),
        kind=kind,
        first_name=facts.get("first_name") or "",
        last_name=name or "",
        email=facts.get("email"),
        status=cards.PROSPECT,
        tags=[],
    )
    with db.transaction() as session:
        ContactRepository(session).add(contact)
        _apply(session, actor, contact, {**data, "status": data.get("status") or cards.PROSPECT})
        events.outbox.command(
            session,
            events.CREATE_PERSON,
            {
                "person_id": contact.person_id,
                "kind": kind,
                "fields": facts,
                "requested_by": actor.user_id,
            },
        )
    return contact


def change_card(db: Database, actor: Actor, contact_id: str, changes: dict) -> Contact:
    with db.transaction() as session:
        contact = ContactRepository(session).for_update(contact_id)
        if contact is None:
            raise NotFound(f"no contact with id {contact_id}")
        _apply(session, actor, contact, changes)
    return contact


def _apply(session: Session, actor: Actor, contact: Contact, changes: dict) -> None:
    if "responsible_user_id" in changes:
        responsible = changes["responsible_user_id"]
        if responsible != contact.responsible_user_id:
            ensure_may_be_responsible(session, responsible, "responsible_user_id")
        contact.responsible_user_id = responsible
    if "company_id" in changes:
        company = ContactRepository(session).get(changes["company_id"])
        if changes["company_id"] and company is None:
            raise InvalidInput.one("company_id", f"no card with id {changes['company_id']}")
        cards.check_company_link(contact.kind, company)
        contact.company_id = changes["company_id"]
    if "note" in changes:
        contact.note = changes["note"]
    if "tag_ids" in changes:
        _set_tags(session, contact, changes["tag_ids"])
    if changes.get("status") and changes["status"] != _recorded_status(contact):
        set_status(session, contact, cards.check_status(changes["status"]), actor.name)


def _recorded_status(contact: Contact) -> str | None:
    """A new card has no recorded status yet: its first one is recorded too."""
    return contact.status if contact.status_changed_at is not None else None


def set_status(session: Session, contact: Contact, status: str, by: str) -> None:
    now = utcnow()
    previous = contact.status if contact.status_changed_at is not None else None
    ContactRepository(session).record_status(
        StatusChange(
            contact_id=contact.id,
            from_status=previous,
            to_status=status,
            changed_by=by,
            changed_at=now,
        )
    )
    contact.status, contact.status_changed_at, contact.status_changed_by = status, now, by


def _set_tags(session: Session, contact: Contact, tag_ids: list[str]) -> None:
    """Tags kept stay even when archived since; new ones must be in use and of the card's kind."""
    found = LabelRepository(session).many(list(tag_ids))
    kept = {tag.id for tag in contact.tags}
    for tag_id in tag_ids:
        if tag_id not in kept:
            L.ensure_choosable(found.get(tag_id), L.TAG, "tag_ids", contact.kind)
    contact.tags = [found[tag_id] for tag_id in dict.fromkeys(tag_ids)]


def get_card(db: Database, contact_id: str) -> Contact:
    with db.read_only() as session:
        contact = ContactRepository(session).get(contact_id)
        if contact is None:
            raise NotFound(f"no contact with id {contact_id}")
        contact.status_changes = ContactRepository(session).status_changes(contact_id)
    return contact


def find_cards(db: Database, filter_: CardFilter, offset: int, limit: int):
    with db.read_only() as session:
        check_tags(session, filter_.tag_ids)
        return ContactRepository(session).search(filter_, offset, limit)


def check_tags(session: Session, tag_ids) -> None:
    """Tags a list is filtered by: unknown ones are 422 naming `tag`."""
    found = LabelRepository(session).many(list(tag_ids))
    unknown = [t for t in tag_ids if t not in found or found[t].kind != L.TAG]
    if unknown:
        raise InvalidInput.one("tag", f"unknown tag(s): {', '.join(unknown)}")
