"""The CRM's settings: one row, the owner's and administrators' choices (docs/crm.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm.domain.preferences import DEFAULT_TIMEZONE
from crm.models import Base
from foyer_shared.db import UTCDateTime, UUIDStr, utcnow

THE_ROW = 1


class Preferences(Base):
    __tablename__ = "crm_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=THE_ROW)
    # Holders of this role may be made responsible or assignee; None: every staff member.
    responsible_role: Mapped[str | None] = mapped_column(String(100))
    auto_link_customers: Mapped[bool] = mapped_column(Boolean, default=False)
    customer_role: Mapped[str] = mapped_column(String(100), default="member")
    trial_prospects: Mapped[bool] = mapped_column(Boolean, default=False)
    trial_tag_id: Mapped[str | None] = mapped_column(UUIDStr)
    trial_history_type_id: Mapped[str | None] = mapped_column(UUIDStr)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @classmethod
    def defaults_row(cls) -> dict:
        return {
            "id": THE_ROW,
            "responsible_role": None,
            "auto_link_customers": False,
            "customer_role": "member",
            "trial_prospects": False,
            "trial_tag_id": None,
            "trial_history_type_id": None,
            "timezone": DEFAULT_TIMEZONE,
            "updated_by": None,
            "updated_at": utcnow(),
        }

    @classmethod
    def defaults(cls) -> Preferences:
        return cls(**cls.defaults_row())
