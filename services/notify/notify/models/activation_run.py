"""A bulk activation: one request sending activation links to the accounts an import created."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from notify.models import Base


class ActivationRun(Base):
    __tablename__ = "activation_runs"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    import_job_id: Mapped[str] = mapped_column(UUIDStr, index=True)
    requested_by: Mapped[str | None] = mapped_column(UUIDStr)  # the staff user who asked
    # The accounts the import created, as notify knew them when asked: identity was asked to
    # issue a link to each. `issued` + `skipped` reach `accounts` as identity answers.
    accounts: Mapped[int] = mapped_column(Integer)
    issued: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)  # not pending, no e-mail, gone
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
