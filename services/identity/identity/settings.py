"""Identity settings: the common ones plus the owner bootstrap, token lifetimes and limits."""

from __future__ import annotations

import dataclasses

from foyer_shared.settings import AccessTokenSettings, ServiceSettings


@dataclasses.dataclass(frozen=True)
class Settings(AccessTokenSettings, ServiceSettings):
    service: str = "identity"
    # The first owner, created at start if nobody holds the owner role (FOYER_OWNER_*).
    owner_username: str = "owner"
    owner_email: str = "owner@foyer.local"
    owner_password: str = ""
    # Encrypts signing keys made from now on (FOYER_SIGNING_KEY_PASSPHRASE); empty = stored plain.
    signing_key_passphrase: str = ""
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    impersonation_minutes: int = 30
    # Links in activation and reset e-mails: <public_url>/activate?token=...
    public_url: str = "http://127.0.0.1:8080"
    activation_hours: int = 24
    password_reset_minutes: int = 60
    email_change_hours: int = 24
    # "service=url of its OpenAPI document", comma-separated (FOYER_PERMISSION_SOURCES).
    permission_sources: tuple[str, ...] = ()
    permission_fetch_timeout: float = 2.0
    # Login throttling (identity/domain/throttle.py; figures and reasons in docs/security.md §3).
    # Per (account, address): strict, back-off then a lock of that address for that account.
    throttle_pair_free_failures: int = 3
    throttle_pair_lock_failures: int = 10
    throttle_pair_drain_seconds: int = 90
    # Per account: only a growing delay, for addresses that have failed for it; never a lock.
    throttle_account_free_failures: int = 5
    throttle_account_max_delay_seconds: int = 300
    throttle_account_drain_seconds: int = 300
    # Per address (any account): failures only, so an office behind one NAT is not held up.
    throttle_address_free_failures: int = 30
    throttle_address_lock_failures: int = 100
    throttle_address_drain_seconds: int = 60
    throttle_backoff_max_seconds: int = 60
    throttle_lock_minutes: int = 15

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("identity", env, **overrides)
