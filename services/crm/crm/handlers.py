"""IN: every event and command the CRM consumes, by type (version 1 unless a handler says
otherwise). Each runs in the consumer's transaction with its inbox row and calls a use case."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm.use_cases import exports, mailout_results, merges, mirror, staff, staff_resync, trials
from foyer_shared.envelope import Envelope

PERSON_CREATED = "registry.person.created"
PERSON_UPDATED = "registry.person.updated"
PERSONS_UPDATED = "registry.persons.updated"
PERSON_MERGED = "registry.person.merged"
PERSON_DELETED = "registry.person.deleted"
PERSONS_IMPORTED = "registry.persons.imported"
PERSONS_DELETED = "registry.persons.deleted"
EXPORT_COMMAND = "crm.export_personal_data"

ContactNotYetKnown = mirror.ContactNotYetKnown


def _data(use_case):
    """A handler that hands the envelope's data to a use case."""

    def handler(session: Session, envelope: Envelope) -> None:
        use_case(session, envelope.data)

    handler.__name__ = f"on_{use_case.__name__}"
    handler.__doc__ = use_case.__doc__
    return handler


on_person_created = _data(mirror.person_created)
on_person_updated = _data(mirror.person_updated)
on_persons_updated = _data(mirror.persons_updated)
on_person_merged = _data(merges.person_merged)
on_person_deleted = _data(merges.person_deleted)
on_persons_deleted = _data(merges.persons_deleted)
on_persons_imported = _data(mirror.persons_imported)
on_export_requested = _data(exports.export_personal_data)

REGISTRY_HANDLERS = {
    PERSON_CREATED: on_person_created,
    PERSON_UPDATED: on_person_updated,
    PERSONS_UPDATED: on_persons_updated,
    PERSON_MERGED: on_person_merged,
    PERSON_DELETED: on_person_deleted,
    PERSONS_DELETED: on_persons_deleted,
    PERSONS_IMPORTED: on_persons_imported,
}


def _account_active(active: bool):
    def use_case(session: Session, data: dict) -> None:
        staff.account_seen(session, data, active=active)

    use_case.__name__ = "account_reactivated" if active else "account_deactivated"
    return use_case


IDENTITY_HANDLERS = {
    "identity.user.created": _data(staff.account_seen),
    "identity.user.roles_changed": _data(staff.account_seen),
    "identity.user.person_changed": _data(staff.account_seen),
    "identity.user.deactivated": _data(_account_active(False)),
    "identity.user.reactivated": _data(_account_active(True)),
    "identity.user.deleted": _data(staff.account_deleted),
    "identity.role.changed": _data(staff.role_changed),
    # The answer to the worker's identity.send_accounts (docs/crm.md → Staff resync).
    "identity.accounts.listed": _data(staff_resync.accounts_listed),
}

# Outside Foyer: a booking system's trial bookings (crm/accepted.py declares what is accepted).
BOOKING_HANDLERS = {"booking.trial_booked": _data(trials.trial_booked)}

# notify's results of what the CRM asked it to send: a mail-out recipient sent or failed.
NOTIFY_HANDLERS = {
    "notify.message.sent": _data(mailout_results.message_sent),
    "notify.message.failed": _data(mailout_results.message_failed),
}

COMMAND_HANDLERS = {EXPORT_COMMAND: on_export_requested}
