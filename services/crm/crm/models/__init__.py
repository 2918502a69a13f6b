"""The CRM's tables: one module per aggregate, plus the outbox and inbox."""

from sqlalchemy.orm import DeclarativeBase

from foyer_shared.messaging import messaging_tables


class Base(DeclarativeBase):
    pass


messaging = messaging_tables(Base.metadata)

# The modules below need Base above.
from crm.models.contact import Contact, ContactTag, StatusChange  # noqa: E402
from crm.models.label import Label  # noqa: E402
from crm.models.preferences import Preferences  # noqa: E402
from crm.models.staff import KnownRole, StaffMember  # noqa: E402

__all__ = [
    "Base",
    "Contact",
    "ContactTag",
    "StatusChange",
    "KnownRole",
    "Label",
    "Preferences",
    "StaffMember",
    "messaging",
]
