"""Typed, frozen settings read once from the environment (the only reader of os.environ)."""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from collections.abc import Mapping
from pathlib import Path

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"

# Well-known variable names; every other field `foo` is read from FOYER_FOO.
_ENV_NAMES = {
    "database_url": "DATABASE_URL",
    "amqp_url": "AMQP_URL",
    "log_level": "LOG_LEVEL",
}


def _convert(raw: str, annotation: object) -> object:
    if isinstance(annotation, str):
        annotation = {"str": str, "int": int, "float": float, "bool": bool}.get(annotation, str)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        origin = typing.get_origin(annotation)
    if annotation is bool:
        if raw.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if raw.strip().lower() in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"not a boolean: {raw!r}")
    if origin is tuple:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if annotation in (int, float):
        return annotation(raw)
    return raw


@dataclasses.dataclass(frozen=True)
class ServiceSettings:
    """What every service process needs; services subclass it to add their own fields."""

    service: str
    database_url: str = ""
    amqp_url: str = DEFAULT_AMQP_URL
    log_level: str = "INFO"
    # PEM of the gateway's Ed25519 public key; services verify access contexts with it.
    context_public_key_file: str = "var/keys/context_public.pem"
    outbox_poll_seconds: float = 0.2
    # Published outbox rows are deleted after this long (0 keeps them forever).
    outbox_keep_published_hours: float = 168.0
    # Inbox records of handled messages are deleted after this many days (0: kept forever).
    inbox_keep_days: float = 30.0
    consumer_max_attempts: int = 5
    consumer_prefetch: int = 20
    # classic (RabbitMQ 3.10 as `make up` runs it) or quorum (a cluster; docs/messaging.md →
    # Queue types). A queue keeps the type it was declared with: switching needs a migration.
    queue_type: str = "classic"
    # Quorum only: deliveries without an ack (a consumer that died) before the broker parks it.
    queue_delivery_limit: int = 10
    # PostgreSQL connections per process: pool_size kept open, max_overflow more under load.
    # Every process of every service holds its own pool, so the sum must stay under the
    # server's max_connections (100 by default): a suite of 13 processes at 10 + 10 could
    # ask for 260. SQLite ignores both.
    db_pool_size: int = 5
    db_max_overflow: int = 5
    # Readiness checks the broker too; tests of pure HTTP behaviour may switch it off.
    ready_checks_broker: bool = True
    # A worker's /metrics port (foyer_shared.metrics); 0: not served. Web serves /metrics on
    # its own port always.
    metrics_port: int = 0

    def __post_init__(self) -> None:
        if self.queue_type not in ("classic", "quorum"):
            raise ValueError(f"FOYER_QUEUE_TYPE={self.queue_type!r}: classic or quorum")
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///var/{self.service}.db")

    @classmethod
    def from_env(cls, service: str, env: Mapping[str, str] | None = None, **overrides):
        env = os.environ if env is None else env
        hints = typing.get_type_hints(cls)
        values: dict[str, object] = {"service": service}
        for field in dataclasses.fields(cls):
            if field.name == "service" or field.name in overrides:
                continue
            name = _ENV_NAMES.get(field.name, f"FOYER_{field.name.upper()}")
            if name in env:
                values[field.name] = _convert(env[name], hints.get(field.name, str))
        values.update(overrides)
        return cls(**values)

    def pool_options(self) -> dict[str, int]:
        return {"pool_size": self.db_pool_size, "max_overflow": self.db_max_overflow}

    def read_context_public_key(self) -> str:
        return Path(self.context_public_key_file).read_text(encoding="utf-8")


@dataclasses.dataclass(frozen=True)
class AccessTokenSettings:
    """The access token's issuer and audience: identity writes them into every token it signs
    and the gateway checks them, so both read these fields (FOYER_TOKEN_ISSUER, _AUDIENCE).
    A service's settings add them as a second base: `Settings(AccessTokenSettings,
    ServiceSettings)`."""

    token_issuer: str = "foyer-identity"
    token_audience: str = "foyer"
