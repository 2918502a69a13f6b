"""The CRM's tables: one module per aggregate, plus the outbox and inbox."""

from sqlalchemy.orm import DeclarativeBase

from foyer_shared.messaging import messaging_tables


class Base(DeclarativeBase):
    pass


messaging = messaging_tables(Base.metadata)

# The modules below need Base above.
from crm.models.contact import Contact, ContactTag, StatusChange  # noqa: E402
from crm.models.history import HistoryEntry  # noqa: E402
from crm.models.label import Label  # noqa: E402
from crm.models.mailout import Mailout, MailoutRecipient  # noqa: E402
from crm.models.preferences import Preferences  # noqa: E402
from crm.models.staff import KnownRole, StaffMember  # noqa: E402
from crm.models.task import Badge, Task  # noqa: E402

__all__ = [
    "Badge",
    "Base",
    "Contact",
    "ContactTag",
    "HistoryEntry",
    "StatusChange",
    "Task",
    "KnownRole",
    "Label",
    "Mailout",
    "MailoutRecipient",
    "Preferences",
    "StaffMember",
    "messaging",
]
