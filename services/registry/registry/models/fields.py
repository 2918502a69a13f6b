"""Extended fields defined by staff, and each person's values for them."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UUIDStr, new_id
from registry.models import Base


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

    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    field_id: Mapped[str] = mapped_column(
        ForeignKey("field_definitions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[str] = mapped_column(Text)  # JSON
