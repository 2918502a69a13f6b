"""Console settings: where the gateway is, the cookie rules and the session key (FOYER_*)."""

from __future__ import annotations

import dataclasses
import os
import secrets
from pathlib import Path

from foyer_shared.settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class Settings(ServiceSettings):
    service: str = "console"
    # Every API call goes here, with the signed-in user's token (never to a service directly).
    gateway_url: str = "http://127.0.0.1:8080"
    # Signs the session cookie. Empty: read (or make once) secret_key_file, so every worker
    # process and every restart of `make up` signs with the same key.
    secret_key: str = ""
    secret_key_file: str = "var/keys/console_secret"
    # Secure cookies need https; `make up` serves plain http on the loopback and turns it off.
    cookie_secure: bool = True
    session_hours: float = 12.0
    api_timeout_seconds: float = 30.0
    upload_timeout_seconds: float = 120.0
    languages: tuple[str, ...] = ("sv", "en")
    default_language: str = "en"
    page_size: int = 25
    # The largest upload the console accepts (the imports route's own limit, docs/console.md).
    max_upload_bytes: int = 52 * 1024 * 1024

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("console", env, **overrides)

    def signing_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        path = Path(self.secret_key_file)
        try:  # O_EXCL: two workers starting at once make exactly one key
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48))
        return path.read_text(encoding="utf-8").strip()
