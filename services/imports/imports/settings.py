"""Imports settings: the common service settings plus upload limits and batch sizes."""

from __future__ import annotations

import dataclasses

from foyer_shared.settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class Settings(ServiceSettings):
    service: str = "imports"
    upload_dir: str = "var/imports"  # FOYER_UPLOAD_DIR: stored uploads, one file per job
    max_upload_bytes: int = 50 * 1024 * 1024
    max_rows: int = 1_000_000
    batch_size: int = 2500  # rows per registry.import_batch command (docs/imports.md)
    # A batch unanswered this long is sent again (the registry dedupes on job_id, batch_no).
    resend_after_seconds: float = 300.0
    # How long a worker's claim on a job it is sending lasts without being renewed.
    lease_seconds: float = 60.0
    job_poll_seconds: float = 1.0
    # A job whose open batches have had no answer for this long shows how long it has waited.
    registry_quiet_seconds: float = 60.0

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("imports", env, **overrides)
