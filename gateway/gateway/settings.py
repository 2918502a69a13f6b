"""Gateway settings: upstream URLs, keys, token rules, cache TTL and the routing table file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from foyer_shared.settings import ServiceSettings

# The table lives next to the package in the repo; images set FOYER_ROUTES_FILE explicitly.
DEFAULT_ROUTES_FILE = str(Path(__file__).resolve().parent.parent / "routes.toml")
UPSTREAM_NAMES = ("identity", "registry", "crm", "imports", "notify")


@dataclasses.dataclass(frozen=True)
class Settings(ServiceSettings):
    service: str = "gateway"
    upstream_identity: str = "http://127.0.0.1:8081"
    upstream_registry: str = "http://127.0.0.1:8082"
    upstream_crm: str = "http://127.0.0.1:8083"
    upstream_imports: str = "http://127.0.0.1:8084"
    upstream_notify: str = "http://127.0.0.1:8085"
    context_private_key_file: str = "var/keys/context_private.pem"
    token_issuer: str = "foyer-identity"
    token_audience: str = "foyer"
    permission_cache_ttl_seconds: float = 30.0
    routes_file: str = DEFAULT_ROUTES_FILE
    # Unknown `kid`s trigger a JWKS refetch, but never more often than this (no amplification).
    jwks_refetch_min_seconds: float = 5.0
    identity_timeout_seconds: float = 2.0
    openapi_timeout_seconds: float = 3.0
    ready_timeout_seconds: float = 1.0
    # A service whose OpenAPI document could not be read is asked again at most this often.
    openapi_retry_seconds: float = 2.0
    retry_after_seconds: int = 5

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("gateway", env, **overrides)

    def upstreams(self) -> dict[str, str]:
        """Base URL per upstream name, without a trailing slash."""
        return {name: getattr(self, f"upstream_{name}").rstrip("/") for name in UPSTREAM_NAMES}

    def read_context_private_key(self) -> str:
        return Path(self.context_private_key_file).read_text(encoding="utf-8")
