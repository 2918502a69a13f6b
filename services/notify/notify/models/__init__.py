"""The notify service's tables: one module per aggregate, plus the outbox and inbox."""

from sqlalchemy.orm import DeclarativeBase

from foyer_shared.messaging import messaging_tables


class Base(DeclarativeBase):
    pass


messaging = messaging_tables(Base.metadata)

from notify.models.account import Account  # noqa: E402  (needs Base above)
from notify.models.activation_run import ActivationRun  # noqa: E402
from notify.models.contact import Contact  # noqa: E402
from notify.models.message import Message  # noqa: E402
from notify.models.suppression import SuppressedAddress  # noqa: E402
from notify.models.template import TemplateOverride  # noqa: E402

__all__ = [
    "Account",
    "ActivationRun",
    "Base",
    "Contact",
    "Message",
    "SuppressedAddress",
    "TemplateOverride",
    "messaging",
]
