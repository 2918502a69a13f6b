"""The fields the owner requires per scenario (domain/requirements.py): one row per name."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models import Base


class RequiredField(Base):
    __tablename__ = "required_fields"

    scenario: Mapped[str] = mapped_column(String(32), primary_key=True)
    # a base field, or extra_fields.<key> (an extended field; a checkbox must be ticked)
    field: Mapped[str] = mapped_column(String(100), primary_key=True)
