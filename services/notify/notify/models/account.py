"""Login accounts as identity announces them: whose person an account is, which import made it."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UUIDStr
from notify.models import Base


class Account(Base):
    __tablename__ = "accounts"

    user_id: Mapped[str] = mapped_column(UUIDStr, primary_key=True)
    person_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)
    username: Mapped[str | None] = mapped_column(String(150))
    # The import job whose run created the account (identity.accounts.created): bulk activation.
    import_job_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)
