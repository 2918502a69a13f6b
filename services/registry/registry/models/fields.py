"""Extended fields defined by staff, and each person's values for them."""

from __future__ import annotations

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UUIDStr, new_id
from registry.models import Base
from registry.models.columns import key_to


class FieldDefinition(Base):
    __tablename__ = "field_definitions"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    options: Mapped[str] = mapped_column(Text, default="[]")  # JSON list for list types
    required_in: Mapped[str] = mapped_column(String(200), default="")  # comma-separated contexts
    staff_only: Mapped[bool] = mapped_column(Boolean, default=False)


class FieldValue(Base):
    __tablename__ = "field_values"

    person_id: Mapped[str] = key_to("persons")
    field_id: Mapped[str] = key_to("field_definitions", index=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
