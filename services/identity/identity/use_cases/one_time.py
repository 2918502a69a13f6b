"""One-time tokens for activation and password-reset links: random, single use, kept as hashes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from identity.domain import tokens
from identity.models import OneTimeToken, User
from identity.repository.tokens import OneTimeTokenRepository

ACTIVATION, PASSWORD_RESET, EMAIL_CHANGE = "activation", "password_reset", "email_change"
_PAGES = {ACTIVATION: "activate", PASSWORD_RESET: "reset-password", EMAIL_CHANGE: "confirm-email"}


class InvalidToken(ValueError):
    field = "token"

    def __init__(self):
        super().__init__("this link is unknown, expired or already used; ask for a new one")


def issue(
    session: Session,
    settings,
    user: User,
    purpose: str,
    lifetime: timedelta,
    new_email: str | None = None,
) -> tuple[str, datetime]:
    """A new link for `user`; any older unused link for the same purpose stops working.
    `new_email`: the address an e-mail change link confirms."""
    withdraw(session, user.id, purpose)
    token, token_hash = tokens.new_refresh_token()
    expires_at = utcnow() + lifetime
    OneTimeTokenRepository(session).add(
        OneTimeToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash,
            expires_at=expires_at,
            new_email=new_email,
        )
    )
    return f"{settings.public_url.rstrip('/')}/{_PAGES[purpose]}?token={token}", expires_at


def consume(session: Session, token: str, purpose: str) -> OneTimeToken:
    stored = OneTimeTokenRepository(session).by_hash(tokens.hash_refresh_token(token), purpose)
    if stored is None or stored.used_at is not None or stored.expires_at <= utcnow():
        raise InvalidToken()
    stored.used_at = utcnow()
    return stored


def withdraw(session: Session, user_id: str, purpose: str | None = None) -> None:
    OneTimeTokenRepository(session).withdraw(user_id, purpose)
