"""Segmentation: statuses (staff-only labels), interest areas, groups and their members."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UUIDStr, new_id
from registry.models import Base

LEADER, MEMBER = "leader", "member"
GROUP_KINDS = ("group", "team")


class Status(Base):
    __tablename__ = "statuses"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class PersonStatus(Base):
    __tablename__ = "person_statuses"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    status_id: Mapped[str] = mapped_column(
        ForeignKey("statuses.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class InterestArea(Base):
    __tablename__ = "interest_areas"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class PersonInterest(Base):
    __tablename__ = "person_interests"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    interest_id: Mapped[str] = mapped_column(
        ForeignKey("interest_areas.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="group")
    external_number: Mapped[str | None] = mapped_column(String(64), index=True)


class GroupMembership(Base):
    """A person in a group as a member or a responsible leader (both rows may exist)."""

    __tablename__ = "group_memberships"

    group_id: Mapped[str] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
