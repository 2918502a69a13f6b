"""Identity settings: the common ones plus the owner bootstrap, token lifetimes and limits."""

from __future__ import annotations

import dataclasses

from foyer_shared.settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class Settings(ServiceSettings):
    service: str = "identity"
    # The first owner, created at start if nobody holds the owner role (FOYER_OWNER_*).
    owner_username: str = "owner"
    owner_email: str = "owner@foyer.local"
    owner_password: str = ""
    token_issuer: str = "foyer-identity"
    token_audience: str = "foyer"
    # Encrypts signing keys made from now on (FOYER_SIGNING_KEY_PASSPHRASE); empty = stored plain.
    signing_key_passphrase: str = ""
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    impersonation_minutes: int = 30
    # Links in activation and reset e-mails: <public_url>/activate?token=...
    public_url: str = "http://127.0.0.1:8080"
    activation_hours: int = 24
    password_reset_minutes: int = 60
    # "service=url of its OpenAPI document", comma-separated (FOYER_PERMISSION_SOURCES).
    permission_sources: tuple[str, ...] = ()
    permission_fetch_timeout: float = 2.0
    # Login throttling: back-off after a few failures, then a temporary lock.
    throttle_free_failures: int = 3
    throttle_lock_failures: int = 10
    throttle_lock_minutes: int = 15
    throttle_address_factor: int = 5  # an address may fail this many times more than an account

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("identity", env, **overrides)
