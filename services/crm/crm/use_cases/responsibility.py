"""Who may be made responsible for a card or assignee of a to-do: a staff member holding the
role the settings name (any staff role when they name none)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm.domain import InvalidInput
from crm.repository import PreferencesRepository, StaffRepository


def ensure_may_be_responsible(session: Session, user_id: str | None, field: str) -> None:
    if user_id is None:
        return
    role = PreferencesRepository(session).get().responsible_role
    member = StaffRepository(session).get(user_id)
    if member is None or not member.holds(role):
        holders = f"holders of the role {role!r}" if role else "staff members"
        raise InvalidInput.one(field, f"only {holders} can be chosen; {user_id} is not one")
