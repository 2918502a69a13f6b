"""Families (households), relations between persons, and "not a duplicate" exceptions."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UUIDStr, new_id
from registry.models import Base
from registry.models.columns import key_to

RIGHTS = ("view", "book", "pay", "manage")


class Family(Base):
    __tablename__ = "families"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))


class FamilyMember(Base):
    """One person's place in a family; `rights` are what they may do for the other members."""

    __tablename__ = "family_members"

    # Unique person: a person belongs to at most one family.
    person_id: Mapped[str] = key_to("persons")
    family_id: Mapped[str] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)
    rights: Mapped[str] = mapped_column(String(64), default="")  # comma-separated RIGHTS


class Relation(Base):
    """A typed link from one person (or company) to another; labels come from the type."""

    __tablename__ = "relations"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    from_person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    to_person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(32))


class NotDuplicate(Base):
    """Staff said these two are different people; the pair is stored with the smaller id first."""

    __tablename__ = "not_duplicates"

    person_a: Mapped[str] = key_to("persons")
    person_b: Mapped[str] = key_to("persons")
