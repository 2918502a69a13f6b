"""CRM settings: the common service settings plus the CRM's own (FOYER_* variables)."""

from __future__ import annotations

import dataclasses

from foyer_shared.settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class Settings(ServiceSettings):
    service: str = "crm"
    # National phone numbers typed on a card ("070-123 45 67") are read as numbers of this region.
    default_phone_region: str = "SE"
    # How often the worker looks for to-dos whose reminder time has come, and mail-outs to send.
    reminder_poll_seconds: float = 5.0
    mailout_poll_seconds: float = 2.0
    # How often the worker asks identity for every account (and once at its start): the copy
    # of staff members then mends what a lost identity event left wrong.
    staff_resync_hours: float = 24.0

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("crm", env, **overrides)
