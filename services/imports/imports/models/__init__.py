"""The imports service's tables: one module per aggregate, plus the outbox and inbox."""

from sqlalchemy.orm import DeclarativeBase

from foyer_shared.messaging import messaging_tables


class Base(DeclarativeBase):
    pass


messaging = messaging_tables(Base.metadata)

from imports.models.job import Job  # noqa: E402  (needs Base above)

__all__ = ["Base", "Job", "messaging"]
