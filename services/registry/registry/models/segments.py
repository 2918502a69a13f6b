"""Segmentation: statuses (staff-only labels), interest areas, groups and their members."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UUIDStr, new_id
from registry.models import Base
from registry.models.columns import Label, key_to

LEADER, MEMBER = "leader", "member"
GROUP_KINDS = ("group", "team")


class Status(Label, Base):
    """A label only staff see and set on persons ("VIP", "Paid 2026")."""

    __tablename__ = "statuses"


class PersonStatus(Base):
    __tablename__ = "person_statuses"

    person_id: Mapped[str] = key_to("persons")
    status_id: Mapped[str] = key_to("statuses", index=True)


class InterestArea(Label, Base):
    """Something members say interests them, chosen on their own profile."""

    __tablename__ = "interest_areas"


class PersonInterest(Base):
    __tablename__ = "person_interests"

    person_id: Mapped[str] = key_to("persons")
    interest_id: Mapped[str] = key_to("interest_areas", index=True)


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

    group_id: Mapped[str] = key_to("groups")
    person_id: Mapped[str] = key_to("persons", index=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
