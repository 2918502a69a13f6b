"""Consents per person (issue 23 §3): the current answer per purpose, and every answer ever."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from registry.models import Base
from registry.models.columns import key_to


class _Answer:
    text_version: Mapped[str] = mapped_column(String(64))  # the wording the person was shown
    given: Mapped[bool] = mapped_column(Boolean)  # False: withdrawn (or refused)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(64))  # the user who recorded it
    by_self: Mapped[bool] = mapped_column(Boolean, default=False)  # the person themselves
    channel: Mapped[str] = mapped_column(String(16))  # console, import, api


class Consent(_Answer, Base):
    """The current answer: what filters ask ("has not consented to photos")."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_purpose_given", "purpose", "given"),)

    person_id: Mapped[str] = key_to("persons")
    purpose: Mapped[str] = mapped_column(String(64), primary_key=True)


class ConsentEvent(_Answer, Base):
    """One answer as it was given; never changed, gone only with the person."""

    __tablename__ = "consent_history"
    __table_args__ = (Index("ix_consent_history_person", "person_id", "recorded_at"),)

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(64))
