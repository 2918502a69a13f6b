"""What notify consumes: the registry's persons, identity's accounts and links, imports' jobs,
crm's reminders and mail-outs, and the registry's GDPR export command.

Each runs in the consumer's transaction, idempotently (the inbox stops redeliveries; the
handlers also tolerate a re-published message). Nothing here logs a message body or a link.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from notify import events
from notify.models import Message
from notify.use_cases import bulk_activation, crm_requests, directory, event_mail, outgoing

ERASED_ADDRESS = directory.ERASED_ADDRESS
EXPORT_COMMAND = "notify.export_personal_data"


def on_person_created(session: Session, envelope: Envelope) -> None:
    directory.person_created(session, envelope.data["person_id"], envelope.data["fields"])


def on_persons_imported(session: Session, envelope: Envelope) -> None:
    directory.persons_created(
        session, {person["person_id"]: person["fields"] for person in envelope.data["persons"]}
    )


def on_person_updated(session: Session, envelope: Envelope) -> None:
    directory.person_updated(session, envelope.data["person_id"], envelope.data["changed"])


def on_persons_updated(session: Session, envelope: Envelope) -> None:
    directory.persons_updated(
        session, {person["person_id"]: person["changed"] for person in envelope.data["persons"]}
    )


def on_person_deleted(session: Session, envelope: Envelope) -> None:
    directory.persons_erased(session, [envelope.data["person_id"]])


def on_persons_deleted(session: Session, envelope: Envelope) -> None:
    directory.persons_erased(session, envelope.data["person_ids"])


def on_person_merged(session: Session, envelope: Envelope) -> None:
    directory.persons_merged(session, envelope.data["kept_id"], envelope.data["removed_id"])


def on_user_created(session: Session, envelope: Envelope) -> None:
    data = envelope.data
    directory.account_seen(
        session, data["user_id"], person_id=data["person_id"], username=data["username"]
    )


def on_user_person_changed(session: Session, envelope: Envelope) -> None:
    directory.account_seen(session, envelope.data["user_id"], person_id=envelope.data["person_id"])


def on_user_email_changed(session: Session, envelope: Envelope) -> None:
    """The username follows the login e-mail when it was the e-mail: keep notify's copy right."""
    data = envelope.data
    directory.account_seen(
        session, data["user_id"], person_id=data["person_id"], username=data["username"]
    )


def on_user_deleted(session: Session, envelope: Envelope) -> None:
    directory.account_deleted(session, envelope.data["user_id"])


def on_accounts_created(session: Session, envelope: Envelope) -> None:
    event_mail.accounts_created(session, envelope.data)


def on_activation_requested(session: Session, envelope: Envelope) -> None:
    event_mail.activation_requested(session, envelope.data)


def on_password_reset_requested(session: Session, envelope: Envelope) -> None:
    event_mail.password_reset_requested(session, envelope.data)


def on_email_change_requested(session: Session, envelope: Envelope) -> None:
    event_mail.email_change_requested(session, envelope.data)


def on_activations_issued(session: Session, envelope: Envelope) -> None:
    bulk_activation.links_issued(session, envelope.data)


def imports_handlers(public_url: str) -> dict:
    def on_completed(session: Session, envelope: Envelope) -> None:
        event_mail.import_finished(session, envelope.data, public_url, succeeded=True)

    def on_failed(session: Session, envelope: Envelope) -> None:
        event_mail.import_finished(session, envelope.data, public_url, succeeded=False)

    return {"imports.job.completed": on_completed, "imports.job.failed": on_failed}


def on_task_reminder(session: Session, envelope: Envelope) -> None:
    outgoing.task_reminder(session, envelope.data)


def on_send_reminder(session: Session, envelope: Envelope) -> None:
    crm_requests.send_reminder(session, envelope.data)


def on_send_email(session: Session, envelope: Envelope) -> None:
    crm_requests.send_email(session, envelope.data)


def on_export_requested(session: Session, envelope: Envelope) -> None:
    """Answer the registry's export with everything notify holds about the person."""
    person_id = envelope.data["person_id"]
    rows = session.scalars(
        select(Message).where(Message.person_id == person_id).order_by(Message.created_at)
    )
    messages = [
        {
            "id": m.id,
            "type": m.kind,
            "channel": m.channel,
            "to_address": m.to_address,
            "subject": m.subject,
            "state": m.state,
            "attempts": m.attempts,
            "reason": m.reason,
            "created_at": m.created_at.isoformat(),
            "sent_at": m.sent_at.isoformat() if m.sent_at else None,
        }
        for m in rows
    ]
    events.outbox.event(
        session,
        events.PERSONAL_DATA_EXPORTED,
        {
            "export_id": envelope.data["export_id"],
            "person_id": person_id,
            "data": {"messages": messages},
        },
    )


EVENT_HANDLERS = {
    "registry.person.created": on_person_created,
    "registry.persons.imported": on_persons_imported,
    "registry.person.updated": on_person_updated,
    "registry.persons.updated": on_persons_updated,
    "registry.person.deleted": on_person_deleted,
    "registry.persons.deleted": on_persons_deleted,
    "registry.person.merged": on_person_merged,
}
IDENTITY_HANDLERS = {
    "identity.user.created": on_user_created,
    "identity.user.person_changed": on_user_person_changed,
    "identity.user.deleted": on_user_deleted,
    "identity.accounts.created": on_accounts_created,
    "identity.user.activation_requested": on_activation_requested,
    "identity.password_reset.requested": on_password_reset_requested,
    "identity.user.email_change_requested": on_email_change_requested,
    "identity.user.email_changed": on_user_email_changed,
    "identity.activations.issued": on_activations_issued,
}
COMMAND_HANDLERS = {
    EXPORT_COMMAND: on_export_requested,
    "notify.task_reminder": on_task_reminder,
    # crm's, declared in crm/events.py (use_cases/crm_requests.py)
    "notify.send_reminder": on_send_reminder,
    "notify.send_email": on_send_email,
}


def all_event_handlers(public_url: str = "") -> dict:
    """Every event notify consumes (contracts check them against their publishers)."""
    return {**EVENT_HANDLERS, **IDENTITY_HANDLERS, **imports_handlers(public_url)}
