"""Notify settings: the common service settings (nothing of its own yet)."""

from __future__ import annotations

import dataclasses

from foyer_shared.settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class Settings(ServiceSettings):
    service: str = "notify"

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("notify", env, **overrides)
