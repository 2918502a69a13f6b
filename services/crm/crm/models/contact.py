"""A contact (the CRM's card): the CRM's view of a person or company in the registry, with a
pipeline status, a responsible staff member, a company link, a note and tags."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.models import Base
from crm.models.label import Label
from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow

PROSPECT = "prospect"
# The person's facts the CRM keeps a copy of (the registry stays the owner).
COPIED_FIELDS = ("first_name", "last_name", "email")


class ContactTag(Base):
    __tablename__ = "contact_tags"

    contact_id: Mapped[str] = mapped_column(
        UUIDStr, ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[str] = mapped_column(UUIDStr, ForeignKey("labels.id"), primary_key=True)

    __table_args__ = (Index("ix_contact_tags_tag", "tag_id", "contact_id"),)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    # No foreign key: the person lives in the registry's database.
    person_id: Mapped[str] = mapped_column(UUIDStr, unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="person")
    status: Mapped[str] = mapped_column(String(32), default=PROSPECT)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))  # a company's name for companies
    email: Mapped[str | None] = mapped_column(String(254))
    bad_address: Mapped[bool] = mapped_column(Boolean, default=False)
    responsible_user_id: Mapped[str | None] = mapped_column(UUIDStr)
    company_id: Mapped[str | None] = mapped_column(
        UUIDStr, ForeignKey("contacts.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_changed_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    tags: Mapped[list[Label]] = relationship(
        secondary="contact_tags", lazy="selectin", order_by="Label.name"
    )

    __table_args__ = (
        Index("ix_contacts_responsible", "responsible_user_id", "status"),
        Index("ix_contacts_status", "status"),
        Index("ix_contacts_name", "last_name", "first_name", "id"),
        Index("ix_contacts_company", "company_id"),
    )

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class StatusChange(Base):
    """Who moved a card from one status to another, and when."""

    __tablename__ = "status_changes"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    contact_id: Mapped[str] = mapped_column(
        UUIDStr, ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
