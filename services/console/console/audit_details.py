"""An audit entry's details in words: identity records them as data (`{"roles": ["owner"],
"status": "active"}`); the log shows "Roles: Owner; State: Active" in the reader's language.
A key or value the console has no words for is shown as identity wrote it."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from console import display

# identity's detail keys (identity/use_cases/*: audit.record(..., key=value)).
KEYS = {
    "username": _l("Username"),
    "roles": _l("Roles"),
    "status": _l("State"),
    "before": _l("Before"),
    "after": _l("After"),
    "name": _l("Name"),
    "permissions": _l("Permissions"),
    "reason": _l("Reason"),
    "expires_at": _l("Until"),
    "retry_after": _l("Locked for (seconds)"),
    "own": _l("Own account"),
    "session_id": _l("Session"),
    "kept_id": _l("Card kept"),
    "removed_id": _l("Card removed"),
    "bulk_id": _l("Bulk activation"),
    "role_id": _l("Role"),
    "kid": _l("Key"),
}
STATES = {
    "pending": _l("Pending (not activated)"),
    "active": _l("Active"),
    "inactive": _l("Deactivated"),
}
REASONS = {
    "credentials": _l("wrong username or password"),
    "status": _l("the account is not active"),
}


def in_words(details: dict | None) -> list[tuple[str, str]]:
    """(label, value) for each detail, in the order of KEYS (identity's store sorts them its
    own way: "After" before "Before"), the rest after them."""
    order = {key: at for at, key in enumerate(KEYS)}
    found = sorted((details or {}).items(), key=lambda item: order.get(item[0], len(order)))
    return [(str(KEYS.get(key, key)), _value(key, value)) for key, value in found]


def _value(key: str, value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in ("before", "after") and isinstance(value, list):  # role assignments
        return ", ".join(_assignment(item) for item in value) or "—"
    if key == "roles" and isinstance(value, list):
        return ", ".join(display.role(name) for name in value) or "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    if key == "status":
        return str(STATES.get(value, value))
    if key == "reason":
        return str(REASONS.get(value, value))
    if key == "expires_at":
        return display.when(value)
    return str(value)


def _assignment(item) -> str:
    """A role held, with its period when it has one: "Trainer (2026-12-01 – )"."""
    if not isinstance(item, dict):
        return display.role(str(item))
    name = display.role(item.get("role", ""))
    start, end = item.get("valid_from"), item.get("valid_until")
    if not (start or end):
        return name
    return f"{name} ({display.day(start) if start else ''} – {display.day(end) if end else ''})"
