"""A login account for a person, and the roles it holds (each assignment may be time-limited)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from identity.domain import emails
from identity.models import Base
from identity.models.contact import PersonContact

ACTIVE, PENDING, INACTIVE = "active", "pending", "inactive"


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    # Stored lower-case: usernames are unique regardless of case.
    username: Mapped[str] = mapped_column(String(150), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    person_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the registry erased the person: the row stays so the audit keeps its subject.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    # The person card's e-mail as the registry last told us (models/contact.py); read only.
    contact: Mapped[PersonContact | None] = relationship(
        primaryjoin="foreign(User.person_id) == PersonContact.person_id",
        viewonly=True,
        lazy="selectin",
        uselist=False,
    )

    @property
    def contact_email(self) -> str | None:
        if not self.person_id:
            return None
        state = inspect(self)
        if "contact" in state.unloaded and state.session is None:
            return None  # made in this request and detached: not loaded (the next read has it)
        return self.contact.email if self.contact is not None else None

    @property
    def email_mismatch(self) -> bool:
        return emails.mismatch(self.email, self.contact_email)

    @property
    def role_names(self) -> list[str]:
        return sorted(assignment.role for assignment in self.roles)

    def effective_role_names(self, at: datetime) -> list[str]:
        return sorted(a.role for a in self.roles if a.in_force(at))


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    # In force from valid_from (inclusive) until valid_until (exclusive); None = unbounded.
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    granted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    granted_by: Mapped[str | None] = mapped_column(UUIDStr)
    user: Mapped[User] = relationship(back_populates="roles")

    def in_force(self, at: datetime) -> bool:
        return (self.valid_from is None or self.valid_from <= at) and (
            self.valid_until is None or at < self.valid_until
        )
