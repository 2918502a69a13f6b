"""Staff members and role names as identity's events tell them (crm's copy: who may be made
responsible or assignee, and where their reminders go)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from crm.models import Base
from foyer_shared.db import UTCDateTime, UUIDStr, utcnow


class StaffMember(Base):
    """A login account (identity's user id), its person and its roles."""

    __tablename__ = "staff_members"

    user_id: Mapped[str] = mapped_column(UUIDStr, primary_key=True)
    person_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)
    username: Mapped[str] = mapped_column(String(150), default="")
    roles: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def holds(self, role: str | None) -> bool:
        """role None: any staff role (every role but `member`)."""
        if not self.active:
            return False
        if role is None:
            return any(name != "member" for name in self.roles or ())
        return role in (self.roles or ())


class KnownRole(Base):
    """A custom role's name (identity.role.changed), so settings can name it."""

    __tablename__ = "known_roles"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
