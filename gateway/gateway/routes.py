"""The routing table: which upstream serves a path prefix, with its timeouts and limits."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

_DEFAULTS = {
    "connect_timeout": 1.0,
    "read_timeout": 30.0,
    "retry_idempotent": True,
    "max_body_bytes": 10 * 1024 * 1024,
}


@dataclasses.dataclass(frozen=True)
class Route:
    name: str
    prefix: str
    upstream: str  # upstream name: key of Settings.upstreams() and the context audience
    base_url: str
    connect_timeout: float
    read_timeout: float
    retry_idempotent: bool
    max_body_bytes: int


class RouteTable:
    """Prefix routes, longest prefix first, built once from the TOML file."""

    def __init__(self, routes: list[Route]):
        self.routes = sorted(routes, key=lambda r: len(r.prefix), reverse=True)

    @classmethod
    def load(cls, path: str | Path, upstream_urls: dict[str, str]) -> RouteTable:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        defaults = {**_DEFAULTS, **data.get("defaults", {})}
        routes = []
        for name, raw in data.get("routes", {}).items():
            values = {**defaults, **raw}
            upstream = values.get("upstream", name)
            if upstream not in upstream_urls:
                raise ValueError(f"route {name!r}: unknown upstream {upstream!r}")
            routes.append(
                Route(
                    name=name,
                    prefix="/" + values.get("prefix", f"/api/{name}").strip("/"),
                    upstream=upstream,
                    base_url=upstream_urls[upstream],
                    connect_timeout=float(values["connect_timeout"]),
                    read_timeout=float(values["read_timeout"]),
                    retry_idempotent=bool(values["retry_idempotent"]),
                    max_body_bytes=int(values["max_body_bytes"]),
                )
            )
        return cls(routes)

    def match(self, path: str) -> tuple[Route, str] | None:
        """(route, upstream path) for a gateway path, or None when no prefix serves it."""
        for route in self.routes:
            if path == route.prefix or path.startswith(route.prefix + "/"):
                return route, path[len(route.prefix) :] or "/"
        return None

    def upstream_urls(self) -> dict[str, str]:
        return {route.upstream: route.base_url for route in self.routes}
