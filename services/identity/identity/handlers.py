"""IN: the events and commands identity consumes, by type; each handler calls one use case.

The registry's person events are handled here. The commands' handlers live with their use
case (use_cases/export.py, import_accounts.py, account_listing.py) and are listed here.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from identity.use_cases import account_listing, contacts, export, import_accounts, persons

PERSON_MERGED = "registry.person.merged"
PERSON_DELETED = "registry.person.deleted"
PERSONS_DELETED = "registry.persons.deleted"  # many at once: an import undone
# The card's e-mail (the login e-mail vs contact e-mail notice): these carry `email`.
PERSON_CREATED = "registry.person.created"
PERSONS_IMPORTED = "registry.persons.imported"
PERSON_UPDATED = "registry.person.updated"
PERSONS_UPDATED = "registry.persons.updated"  # an import batch's changed persons


def on_person_merged(session: Session, envelope: Envelope) -> None:
    persons.move_accounts(session, envelope.data["kept_id"], envelope.data["removed_id"])
    contacts.forget(session, [envelope.data["removed_id"]])  # the kept card keeps its own


def on_person_deleted(session: Session, envelope: Envelope) -> None:
    persons.erase_accounts(session, [envelope.data["person_id"]])
    contacts.forget(session, [envelope.data["person_id"]])


def on_persons_deleted(session: Session, envelope: Envelope) -> None:
    persons.erase_accounts(session, envelope.data["person_ids"])
    contacts.forget(session, envelope.data["person_ids"])


def on_person_created(session: Session, envelope: Envelope) -> None:
    fields = envelope.data.get("fields") or {}
    contacts.remember(session, envelope.data["person_id"], fields.get("email"))


def on_persons_imported(session: Session, envelope: Envelope) -> None:
    contacts.remember_many(
        session,
        {p["person_id"]: (p.get("fields") or {}).get("email") for p in envelope.data["persons"]},
    )


def on_person_updated(session: Session, envelope: Envelope) -> None:
    contacts.remember_changes(session, envelope.data["person_id"], envelope.data["changed"])


def on_persons_updated(session: Session, envelope: Envelope) -> None:
    contacts.remember_many_changes(session, envelope.data["persons"])


REGISTRY_HANDLERS = {
    PERSON_MERGED: on_person_merged,
    PERSON_DELETED: on_person_deleted,
    PERSONS_DELETED: on_persons_deleted,
    PERSON_CREATED: on_person_created,
    PERSONS_IMPORTED: on_persons_imported,
    PERSON_UPDATED: on_person_updated,
    PERSONS_UPDATED: on_persons_updated,
}

# Commands to identity (the registry's, and the CRM's identity.send_accounts); they share the
# registry events' queue.
COMMAND_HANDLERS = {
    **export.COMMAND_HANDLERS,
    **import_accounts.COMMAND_HANDLERS,
    **account_listing.COMMAND_HANDLERS,
}
