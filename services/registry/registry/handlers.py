"""Events the registry consumes; each runs in the consumer's transaction, idempotently."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from registry.models import Person
from registry.use_cases import Actor, crm_persons, exports
from registry.use_cases.imports import undo
from registry.use_cases.persons import apply_fields
from registry.use_cases.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

IDENTITY = Actor.service("identity")
NOTIFY = Actor.service("notify")


def _person(uow: SqlUnitOfWork, data: dict) -> Person | None:
    person_id = data.get("person_id")
    person = uow.persons.get(person_id) if person_id else None
    if person is None:
        # An account without a person in the register (e.g. the bootstrap owner): nothing to do.
        log.info("no person %s in the register; event ignored", person_id)
    return person


def on_user_created(session: Session, envelope: Envelope) -> None:
    uow = SqlUnitOfWork.joining(session)
    person = _person(uow, envelope.data)
    if person is not None:
        # Linking the login account does not change what an import wrote: the pending accounts
        # an import asks for (create_pending_accounts) made all its persons "changed since the
        # import", so its undo kept every one of them.
        unchanged = undo.unchanged_since_import(session, person)
        apply_fields(uow, IDENTITY, person, {"user_id": envelope.data["user_id"]})
        for imported in unchanged:
            imported.version = person.version


def on_roles_changed(session: Session, envelope: Envelope) -> None:
    """`staff` is true while the account holds any role other than `member`."""
    uow = SqlUnitOfWork.joining(session)
    person = _person(uow, envelope.data)
    if person is not None:
        apply_fields(
            uow,
            IDENTITY,
            person,
            {"user_id": envelope.data["user_id"], "is_staff": bool(envelope.data.get("staff"))},
        )


def on_user_deleted(session: Session, envelope: Envelope) -> None:
    uow = SqlUnitOfWork.joining(session)
    person = _person(uow, envelope.data)
    if person is not None and person.user_id == envelope.data.get("user_id"):
        apply_fields(uow, IDENTITY, person, {"user_id": None, "is_staff": False})


def on_person_changed(session: Session, envelope: Envelope) -> None:
    """The account now belongs to another person (e.g. after a merge): the flags follow it."""
    uow = SqlUnitOfWork.joining(session)
    data = envelope.data
    previous = uow.persons.get(data.get("previous_person_id") or "")
    staff = False
    if previous is not None and previous.user_id == data["user_id"]:
        staff = previous.is_staff
        apply_fields(uow, IDENTITY, previous, {"user_id": None, "is_staff": False})
    person = _person(uow, data)
    if person is not None:
        apply_fields(
            uow,
            IDENTITY,
            person,
            {"user_id": data["user_id"], "is_staff": staff or person.is_staff},
        )


def on_address_bounced(session: Session, envelope: Envelope) -> None:
    """Flag the address only while it is still the one that bounced."""
    uow = SqlUnitOfWork.joining(session)
    person = _person(uow, envelope.data)
    address = (envelope.data.get("address") or "").lower()
    if person is not None and address and (person.email or "").lower() == address:
        apply_fields(uow, NOTIFY, person, {"bad_address": True})


def export_handlers(services: tuple[str, ...]) -> dict:
    """`<service>.personal_data.exported` for each service asked (docs/events.md)."""

    def handler_for(service: str):
        def on_part(session: Session, envelope: Envelope) -> None:
            exports.receive_part(session, service, envelope.data, services)

        return on_part

    return {f"{s}.personal_data.exported": handler_for(s) for s in services}


def command_handlers(settings) -> dict:
    """Commands addressed to the registry (from imports and crm). `settings` is read when a
    command comes, so a test may build the table without any."""
    from registry.use_cases.imports import batch

    def on_batch(session: Session, envelope: Envelope) -> None:
        batch.on_import_batch(
            session, envelope, settings.default_phone_region, settings.import_turn_timeout_seconds
        )

    def on_create_person(session: Session, envelope: Envelope) -> None:
        crm_persons.handler(settings.default_phone_region)(session, envelope)

    return {
        "registry.import_batch": on_batch,
        "registry.import_undo": undo.on_import_undo,
        crm_persons.CREATE_PERSON: on_create_person,
    }


EVENT_HANDLERS = {
    "identity.user.created": on_user_created,
    "identity.user.roles_changed": on_roles_changed,
    "identity.user.deleted": on_user_deleted,
    "identity.user.person_changed": on_person_changed,
    "notify.address.bounced": on_address_bounced,
}
