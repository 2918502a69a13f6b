"""Failed-login counters per account name and per client address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime
from identity.models import Base


class LoginThrottle(Base):
    __tablename__ = "login_throttles"

    # "account:<username>" or "address:<ip>"; kept for unknown usernames too (no oracle).
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
