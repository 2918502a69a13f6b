"""Identity's tables: accounts, role assignments, signing keys, refresh tokens; outbox and inbox."""

from sqlalchemy.orm import DeclarativeBase

from foyer_shared.messaging import messaging_tables


class Base(DeclarativeBase):
    pass


messaging = messaging_tables(Base.metadata)

from identity.models.account import User, UserRole  # noqa: E402
from identity.models.tokens import RefreshToken, SigningKey  # noqa: E402

__all__ = ["Base", "RefreshToken", "SigningKey", "User", "UserRole", "messaging"]
