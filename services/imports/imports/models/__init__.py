"""The imports service's tables: one module per aggregate, plus the outbox and inbox."""

from sqlalchemy.orm import DeclarativeBase

from foyer_shared.messaging import messaging_tables


class Base(DeclarativeBase):
    pass


messaging = messaging_tables(Base.metadata)

from imports.models.batch import Batch  # noqa: E402  (these need Base above)
from imports.models.job import Job  # noqa: E402
from imports.models.outcome import RowOutcome  # noqa: E402
from imports.models.saved_mapping import SavedMapping  # noqa: E402

__all__ = ["Base", "Batch", "Job", "RowOutcome", "SavedMapping", "messaging"]
