"""Identity's tables: accounts, roles, sessions, tokens, audit, throttles; outbox and inbox."""

from sqlalchemy.orm import DeclarativeBase

from foyer_shared.messaging import messaging_tables


class Base(DeclarativeBase):
    pass


messaging = messaging_tables(Base.metadata)

from identity.models.account import User, UserRole  # noqa: E402
from identity.models.audit import AuditEntry  # noqa: E402
from identity.models.contact import PersonContact  # noqa: E402
from identity.models.role import Role  # noqa: E402
from identity.models.throttle import LoginThrottle  # noqa: E402
from identity.models.tokens import (  # noqa: E402
    LoginSession,
    OneTimeToken,
    RefreshToken,
    SigningKey,
)

__all__ = [
    "AuditEntry",
    "Base",
    "LoginSession",
    "LoginThrottle",
    "OneTimeToken",
    "PersonContact",
    "RefreshToken",
    "Role",
    "SigningKey",
    "User",
    "UserRole",
    "messaging",
]
