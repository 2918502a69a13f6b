"""The events identity publishes: its public contract (see docs/events.md). Never secrets.

Each is declared once here, versioned; `make contracts` writes its JSON Schema to contracts/.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from sqlalchemy.orm import Session

from foyer_shared.contracts import Declarations
from foyer_shared.contracts.personal_data import PersonalDataPart
from foyer_shared.messaging import Outbox
from identity.domain import roles
from identity.models import User, messaging

declared = Declarations("identity")


class UserChanged(Schema):
    """An account was deactivated, reactivated or deleted."""

    user_id = fields.String(required=True)
    person_id = fields.String(required=True, allow_none=True)
    username = fields.String(required=True)


class UserCreated(UserChanged):
    """A login account was created (`staff`: it holds a role other than `member`)."""

    roles = fields.List(fields.String(), required=True)
    staff = fields.Boolean(required=True)


class UserRolesChanged(Schema):
    """An account's roles changed (`staff`: it holds a role other than `member`)."""

    user_id = fields.String(required=True)
    person_id = fields.String(required=True, allow_none=True)
    roles = fields.List(fields.String(), required=True)
    staff = fields.Boolean(required=True)


class UserPersonChanged(Schema):
    """The account now belongs to another person (after registry.person.merged)."""

    user_id = fields.String(required=True)
    person_id = fields.String(required=True, allow_none=True)
    previous_person_id = fields.String(required=True, allow_none=True)


class RoleChanged(Schema):
    """A role was created, updated or deleted: every cached decision may be wrong."""

    role_id = fields.String(required=True)
    name = fields.String(required=True)
    change = fields.String(
        required=True, validate=validate.OneOf(["created", "updated", "deleted"])
    )


class SessionRevoked(Schema):
    """A session ended early; `session_id` null: every session of the user."""

    user_id = fields.String(required=True)
    session_id = fields.String(required=True, allow_none=True)


class ActivationRequested(Schema):
    """notify sends the activation link (the one-time link is the only secret allowed)."""

    user_id = fields.String(required=True)
    person_id = fields.String(required=True, allow_none=True)
    username = fields.String(required=True)
    email = fields.String(required=True)
    link = fields.String(required=True)
    expires_at = fields.DateTime(required=True)
    # Set when the link was asked for by a bulk activation (identity.request_activations).
    bulk_id = fields.String()


class PasswordResetRequested(Schema):
    """notify sends the password reset link."""

    user_id = fields.String(required=True)
    email = fields.String(required=True)
    link = fields.String(required=True)
    expires_at = fields.DateTime(required=True)


class EmailChangeRequested(Schema):
    """notify sends the confirmation link to the NEW address (the link is the only secret)."""

    user_id = fields.String(required=True)
    person_id = fields.String(required=True, allow_none=True)
    username = fields.String(required=True)
    email = fields.String(required=True)  # the new address, not yet the account's
    link = fields.String(required=True)
    expires_at = fields.DateTime(required=True)


class EmailChanged(UserChanged):
    """The login e-mail changed (confirmed by link); `username` as it is now (it may follow)."""

    previous_username = fields.String(required=True)


class PersonalDataExported(PersonalDataPart):
    """identity's part of a GDPR export: the person's accounts."""


class AccountOutcome(Schema):
    person_id = fields.String(required=True)
    outcome = fields.String(
        required=True, validate=validate.OneOf(["created", "exists", "refused"])
    )
    user_id = fields.String()
    username = fields.String()
    error = fields.String()


class AccountsCreated(Schema):
    """The answer to identity.create_accounts: one outcome per person asked for."""

    job_id = fields.String(required=True, allow_none=True)
    batch_no = fields.Integer(required=True, allow_none=True)
    outcomes = fields.List(fields.Nested(AccountOutcome), required=True)


class SkippedAccount(Schema):
    user_id = fields.String(required=True)
    reason = fields.String(required=True)


class ActivationsIssued(Schema):
    """The answer to identity.request_activations: links issued, accounts skipped and why."""

    bulk_id = fields.String(required=True)
    issued = fields.Integer(required=True)
    skipped = fields.List(fields.Nested(SkippedAccount), required=True)


class ListedAccount(Schema):
    """One account as identity holds it now (never a password hash, never an e-mail)."""

    user_id = fields.String(required=True)
    person_id = fields.String(required=True, allow_none=True)
    username = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    staff = fields.Boolean(required=True)
    # False once deactivated or erased; a pending account (no password yet) is active.
    active = fields.Boolean(required=True)


class AccountsListed(Schema):
    """The answer to identity.send_accounts: every account, in parts of at most 500, all
    written in one transaction (one snapshot); `roles` names every role there is in each part."""

    snapshot_id = fields.String(required=True)
    part = fields.Integer(required=True)
    parts = fields.Integer(required=True)
    requested_by = fields.String(required=True)
    accounts = fields.List(fields.Nested(ListedAccount), required=True)
    roles = fields.List(fields.String(), required=True)


USER_CREATED = declared.event("identity.user.created", 1, UserCreated)
USER_DEACTIVATED = declared.event("identity.user.deactivated", 1, UserChanged)
USER_REACTIVATED = declared.event("identity.user.reactivated", 1, UserChanged)
USER_DELETED = declared.event("identity.user.deleted", 1, UserChanged)
USER_PERSON_CHANGED = declared.event("identity.user.person_changed", 1, UserPersonChanged)
USER_ROLES_CHANGED = declared.event("identity.user.roles_changed", 1, UserRolesChanged)
ROLE_CHANGED = declared.event("identity.role.changed", 1, RoleChanged)
SESSION_REVOKED = declared.event("identity.session.revoked", 1, SessionRevoked)
ACTIVATION_REQUESTED = declared.event("identity.user.activation_requested", 1, ActivationRequested)
PASSWORD_RESET_REQUESTED = declared.event(
    "identity.password_reset.requested", 1, PasswordResetRequested
)
EMAIL_CHANGE_REQUESTED = declared.event(
    "identity.user.email_change_requested", 1, EmailChangeRequested
)
EMAIL_CHANGED = declared.event("identity.user.email_changed", 1, EmailChanged)
PERSONAL_DATA_EXPORTED = declared.event("identity.personal_data.exported", 1, PersonalDataExported)
ACCOUNTS_CREATED = declared.event("identity.accounts.created", 1, AccountsCreated)
ACTIVATIONS_ISSUED = declared.event("identity.activations.issued", 1, ActivationsIssued)
ACCOUNTS_LISTED = declared.event("identity.accounts.listed", 1, AccountsListed)

outbox = Outbox(messaging, source="identity")


def user_event(session: Session, type_: str, user: User) -> None:
    outbox.event(
        session,
        type_,
        {
            "user_id": user.id,
            "person_id": user.person_id,
            "username": user.username,
        },
    )


def roles_changed(session: Session, user: User) -> None:
    names = user.role_names
    outbox.event(
        session,
        USER_ROLES_CHANGED,
        {
            "user_id": user.id,
            "person_id": user.person_id,
            "roles": names,
            "staff": roles.is_staff(names),
        },
    )


def role_changed(session: Session, role_id: str, name: str, change: str) -> None:
    outbox.event(session, ROLE_CHANGED, {"role_id": role_id, "name": name, "change": change})


def session_revoked(session: Session, user_id: str, session_id: str | None) -> None:
    """session_id None = every session of the user."""
    outbox.event(session, SESSION_REVOKED, {"user_id": user_id, "session_id": session_id})
