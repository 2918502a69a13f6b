"""Registry settings: the common service settings plus the registry's own."""

from __future__ import annotations

import dataclasses

from foyer_shared.settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class Settings(ServiceSettings):
    service: str = "registry"
    # National phone numbers ("070-123 45 67") are read as numbers of this region.
    default_phone_region: str = "SE"
    # A GDPR export names a service as missing when its part has not come by then.
    export_timeout_seconds: float = 60.0
    # Services asked for their part of a GDPR export (docs/events.md).
    export_services: tuple[str, ...] = ("crm", "identity", "notify", "imports")
    export_poll_seconds: float = 2.0
    # How long an import batch waits for the batch before it (written by another worker)
    # before it goes back to the queue to be retried (registry/use_cases/imports/order.py).
    import_turn_timeout_seconds: float = 30.0
    # The read log (docs/registry.md → Read log): on by default; reads are kept this many days
    # (0: for ever) and written in bulk this often after the read.
    read_log: bool = True
    read_log_days: float = 365.0
    read_log_flush_seconds: float = 1.0
    # The journal's key-encryption keys (docs/registry.md → Journal): a JSON file outside the
    # database, or the JSON itself; without either the journal answers 503.
    # Personal documents (docs/registry.md → Documents): the local store's folder and the limit.
    documents_dir: str = "var/registry-documents"
    document_max_bytes: int = 10 * 1024 * 1024
    journal_keys_file: str = ""
    journal_keys: str = ""
    # Look-ups in public registers (docs/registry.md → Look-ups): a register without a URL is
    # not configured and its look-ups answer 503. SPAR through the installation's JSON gateway;
    # ARES at https://ares.gov.cz/ekonomicke-subjekty-v-be/rest. Answers are cached briefly.
    spar_url: str = ""
    spar_timeout_seconds: float = 5.0
    ares_url: str = ""
    ares_timeout_seconds: float = 5.0
    lookup_cache_seconds: float = 300.0

    def journal_keyring(self):
        from registry.domain.journal_crypto import Keyring

        if self.journal_keys:
            return Keyring.from_json(self.journal_keys)
        if self.journal_keys_file:
            from pathlib import Path

            return Keyring.from_json(Path(self.journal_keys_file).read_text(encoding="utf-8"))
        return None

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("registry", env, **overrides)
