"""The audit log's filters as identity's query (a username for the user id, whole days on the
installation's clock for the times) and its kinds in words."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from console import crm, users
from console.access import can

# Naming accounts (a username for the filter, names in the rows) needs identity's user list;
# someone holding only identity.audit.read sees the log without them.
ACCOUNTS = "identity.users.read"

# identity's kinds (identity/use_cases/audit.py and the use cases that record their own).
KINDS = {
    "login.succeeded": _l("Logged in"),
    "login.failed": _l("Log-in failed"),
    "login.locked": _l("Locked after failed log-ins"),
    "password.changed": _l("Password changed"),
    "password.reset": _l("Password reset"),
    "password.reset_requested": _l("Password reset asked for"),
    "password.change_refused": _l("Password change refused"),
    "email.change_refused": _l("Login e-mail change refused"),
    "role.created": _l("Role made"),
    "role.updated": _l("Role changed"),
    "role.deleted": _l("Role deleted"),
    "user.roles_changed": _l("Roles of a user changed"),
    "user.created": _l("Account made"),
    "user.activated": _l("Account activated"),
    "user.activation_resent": _l("Activation link sent again"),
    "user.deactivated": _l("Account deactivated"),
    "user.reactivated": _l("Account reactivated"),
    "user.deleted": _l("Account deleted"),
    "user.anonymised": _l("Account anonymised"),
    "user.person_moved": _l("Account moved to the kept card of a merge"),
    "user.person_move_refused": _l("Moving an account to another card refused"),
    "session.revoked": _l("Session ended"),
    "impersonation.started": _l("Acted as another user"),
    "keys.rotated": _l("Signing keys rotated"),
}


def query(args) -> tuple[dict, dict, dict]:
    """(the filters as typed, identity's query, errors by field). The days are the
    installation's (the CRM's time zone, as the log's times are shown); the last counts whole."""
    typed = {name: args.get(name, "").strip() for name in ("user", "kind", "since", "until")}
    params, errors = {}, {}
    if typed["user"] and can(ACCOUNTS):
        found = users.by_username(typed["user"])
        if found is None:
            errors["user"] = _("There is no account with this username.")
        else:
            params["user_id"] = found["id"]
    if typed["kind"]:
        params["kind"] = typed["kind"]
    for name, shift in (("since", 0), ("until", 1)):
        if not typed[name]:
            continue
        try:
            day = date.fromisoformat(typed[name]) + timedelta(days=shift)
        except ValueError:
            errors[name] = _("A date such as 2026-12-01.")
            continue
        params[name] = datetime.combine(day, time(), tzinfo=crm.timezone()).isoformat()
    return typed, params, errors
