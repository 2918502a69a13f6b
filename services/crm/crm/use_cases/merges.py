"""A person merged or erased in the registry: their card, to-dos and history go along (merged:
to the kept person's card) or away (erased). Run in the consumer's transaction."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from crm.models import (
    Contact,
    HistoryEntry,
    MailoutRecipient,
    StaffMember,
    StatusChange,
    Task,
)
from crm.repository import ContactRepository
from crm.use_cases import badges
from foyer_shared.bulk import matching


def person_merged(session: Session, data: dict) -> None:
    """Everything the CRM holds about the removed person now belongs to the kept one."""
    contacts = ContactRepository(session)
    kept_id, removed_id = data["kept_id"], data["removed_id"]
    session.execute(
        update(StaffMember).where(StaffMember.person_id == removed_id).values(person_id=kept_id)
    )
    removed = contacts.by_person_id(removed_id)
    if removed is None:
        return  # never known here, or moved already by an earlier delivery
    kept = contacts.by_person_id(kept_id)
    if kept is None:
        removed.person_id = kept_id  # the card, its to-dos and history go along as they are
        session.execute(
            update(MailoutRecipient)
            .where(MailoutRecipient.contact_id == removed.id)
            .values(person_id=kept_id)
        )
        return
    _fold(session, removed, kept)


def _fold(session: Session, removed: Contact, kept: Contact) -> None:
    """One card per person: the kept card (and its status) stays and takes in the other's
    to-dos, history, status changes, tags, contacts at it, responsible and note."""
    for model in (Task, HistoryEntry, StatusChange):
        session.execute(
            update(model).where(model.contact_id == removed.id).values(contact_id=kept.id)
        )
    session.execute(
        update(Contact).where(Contact.company_id == removed.id).values(company_id=kept.id)
    )
    session.execute(
        update(MailoutRecipient)
        .where(MailoutRecipient.contact_id == removed.id)
        .values(contact_id=kept.id, person_id=kept.person_id)
    )
    kept.tags = kept.tags + [tag for tag in removed.tags if tag not in kept.tags]
    kept.responsible_user_id = kept.responsible_user_id or removed.responsible_user_id
    if removed.note and removed.note != kept.note:
        kept.note = "\n\n".join(n for n in (kept.note, removed.note) if n)
    session.flush()
    session.delete(removed)


def person_deleted(session: Session, data: dict) -> None:
    """The person was erased from the register: their card, its to-dos and history too."""
    _erase(session, [data["person_id"]])


def persons_deleted(session: Session, data: dict) -> None:
    """Many persons erased at once (an import undone)."""
    _erase(session, data["person_ids"])


def _erase(session: Session, person_ids: list[str]) -> None:
    """The badges of whoever had open to-dos about them are recounted."""
    card_ids = select(Contact.id).where(matching(session, Contact.person_id, person_ids))
    assignees = session.scalars(
        select(Task.assignee_user_id)
        .distinct()
        .where(Task.contact_id.in_(card_ids), Task.closed_at.is_(None))
    ).all()
    # One statement (an undo erases 500 at a time); tags, to-dos, history and status changes
    # go by ON DELETE CASCADE, contacts at an erased company lose the link (SET NULL).
    session.execute(
        delete(Contact).where(matching(session, Contact.person_id, person_ids)),
        execution_options={"synchronize_session": False},
    )
    # Their accounts (if any) keep their user ids, which to-dos and history name; the link
    # to the erased person goes.
    session.execute(
        update(StaffMember)
        .where(matching(session, StaffMember.person_id, person_ids))
        .values(person_id=None)
        .execution_options(synchronize_session=False)
    )
    badges.refresh(session, assignees)
