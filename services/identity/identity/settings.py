"""Identity settings: the common ones plus the owner bootstrap and token lifetimes."""

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
    access_token_minutes: int = 15
    refresh_token_days: int = 30

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("identity", env, **overrides)
