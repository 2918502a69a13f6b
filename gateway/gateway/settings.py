"""Gateway settings: upstreams, keys, token rules, caches, limits, CORS and the routing table."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from foyer_shared.settings import AccessTokenSettings, ServiceSettings

# The table lives next to the package in the repo; images set FOYER_ROUTES_FILE explicitly.
DEFAULT_ROUTES_FILE = str(Path(__file__).resolve().parent.parent / "routes.toml")
UPSTREAM_NAMES = ("identity", "registry", "crm", "imports", "notify", "console")


@dataclasses.dataclass(frozen=True)
class Settings(AccessTokenSettings, ServiceSettings):
    service: str = "gateway"
    # One URL, or several separated by commas (instances of one service, round robin).
    upstream_identity: str = "http://127.0.0.1:8081"
    upstream_registry: str = "http://127.0.0.1:8082"
    upstream_crm: str = "http://127.0.0.1:8083"
    upstream_imports: str = "http://127.0.0.1:8084"
    upstream_notify: str = "http://127.0.0.1:8085"
    # The staff console's web pages at `/` (routes.toml `pages`); empty: no console is served.
    upstream_console: str = ""
    context_private_key_file: str = "var/keys/context_private.pem"
    # Decisions, identity answers and registry scopes live this long; 0 disables the caches.
    permission_cache_ttl_seconds: float = 30.0
    cache_max_entries: int = 20000
    # While the event consumer is disconnected, entries are trusted only this long (missed events).
    cache_degraded_ttl_seconds: float = 5.0
    events_enabled: bool = True
    routes_file: str = DEFAULT_ROUTES_FILE
    # Unknown `kid`s trigger a JWKS refetch, but never more often than this (no amplification).
    jwks_refetch_min_seconds: float = 5.0
    identity_timeout_seconds: float = 2.0
    registry_timeout_seconds: float = 2.0
    openapi_timeout_seconds: float = 3.0
    ready_timeout_seconds: float = 1.0
    # A service whose OpenAPI document could not be read is asked again at most this often.
    openapi_retry_seconds: float = 2.0
    retry_after_seconds: int = 5
    # Rate limits (the `limits` library's notation); storage per process unless shared (redis://).
    rate_limit_storage: str = "memory://"
    # A flood guard only: identity throttles failures per (account, address) and delays per
    # account (docs/security.md §3). Successful logins count here too, so an office behind one
    # address must fit; and the per-account limit is per (account, address), or a stranger
    # naming someone ten times a minute would keep them out (the lock-out finding 3 closed).
    rate_limit_login_per_address: str = "300/minute"
    rate_limit_login_per_account: str = "10/minute"
    rate_limit_per_account: str = "3000/minute"
    rate_limited_paths: tuple[str, ...] = (
        "/api/identity/auth/login",
        "/api/identity/auth/password-reset",
        "/api/identity/auth/password_reset",
        "/login",  # the console's log-in and reset forms: counted per browser address here
        "/forgot-password",
    )
    # Browser origins allowed to call the API ("*" for any); empty: no CORS headers at all.
    cors_origins: tuple[str, ...] = ()
    cors_max_age_seconds: int = 600
    metrics_enabled: bool = True
    # The gateway's internal listener (a second gunicorn `-b`, never published): /metrics and
    # the detailed /health are served only on a connection to this local port. 0: nowhere.
    internal_port: int = 0
    # Proxies in front of the gateway whose X-Forwarded-For entries are believed: the client is
    # the entry the outermost trusted one appended. 0: the socket peer, every header ignored.
    trusted_proxy_hops: int = 0
    # Ordinary proxied /api requests served without Flask's request/response objects
    # (gateway/lean.py); false: every request goes through the Flask app.
    lean_path: bool = True

    @classmethod
    def from_env(cls, env=None, **overrides):  # type: ignore[override]
        return super().from_env("gateway", env, **overrides)

    def upstreams(self) -> dict[str, tuple[str, ...]]:
        """Base URLs per upstream name, without trailing slashes."""
        return {
            name: tuple(
                url.strip().rstrip("/")
                for url in getattr(self, f"upstream_{name}").split(",")
                if url.strip()
            )
            for name in UPSTREAM_NAMES
        }

    def read_context_private_key(self) -> str:
        return Path(self.context_private_key_file).read_text(encoding="utf-8")
