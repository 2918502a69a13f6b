"""The registry's contact e-mail of each person, copied from its person events.

Kept per person, not per account: the card usually exists before its account, and the copy
must be there when the account comes. Only the e-mail: identity needs nothing else of the card.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, utcnow
from identity.models import Base


class PersonContact(Base):
    __tablename__ = "person_contacts"

    person_id: Mapped[str] = mapped_column(UUIDStr, primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
