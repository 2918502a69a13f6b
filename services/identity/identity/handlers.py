"""IN: the events and commands identity consumes, by type; each handler calls one use case.

The registry's person events are handled here. The commands' handlers live with their use
case (use_cases/export.py, import_accounts.py, account_listing.py) and are listed here.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from identity.use_cases import account_listing, export, import_accounts, persons

PERSON_MERGED = "registry.person.merged"
PERSON_DELETED = "registry.person.deleted"
PERSONS_DELETED = "registry.persons.deleted"  # many at once: an import undone


def on_person_merged(session: Session, envelope: Envelope) -> None:
    persons.move_accounts(session, envelope.data["kept_id"], envelope.data["removed_id"])


def on_person_deleted(session: Session, envelope: Envelope) -> None:
    persons.erase_accounts(session, [envelope.data["person_id"]])


def on_persons_deleted(session: Session, envelope: Envelope) -> None:
    persons.erase_accounts(session, envelope.data["person_ids"])


REGISTRY_HANDLERS = {
    PERSON_MERGED: on_person_merged,
    PERSON_DELETED: on_person_deleted,
    PERSONS_DELETED: on_persons_deleted,
}

# Commands to identity (the registry's, and the CRM's identity.send_accounts); they share the
# registry events' queue.
COMMAND_HANDLERS = {
    **export.COMMAND_HANDLERS,
    **import_accounts.COMMAND_HANDLERS,
    **account_listing.COMMAND_HANDLERS,
}
