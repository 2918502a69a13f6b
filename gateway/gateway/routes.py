"""The routing table: which upstream serves a path prefix, its instances, timeouts and limits."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

_DEFAULTS = {
    "connect_timeout": 1.0,
    "read_timeout": 30.0,
    "retry_idempotent": True,
    "max_body_bytes": 10 * 1024 * 1024,
    "fail_timeout": 10.0,
    "max_in_flight": 0,
    "pages": False,
    "optional": False,
}


@dataclasses.dataclass(frozen=True)
class Route:
    name: str
    prefix: str
    upstream: str  # upstream name: key of Settings.upstreams() and the context audience
    servers: tuple[str, ...]  # base URLs of the upstream's instances, round robin
    connect_timeout: float
    read_timeout: float
    retry_idempotent: bool
    max_body_bytes: int
    fail_timeout: float  # a server that failed is skipped this long (passive health)
    # Requests this route may have upstream at once (0: no limit). Below the worker's thread
    # count, a slow service cannot take every thread and slow the others down.
    max_in_flight: int = 0
    # A web front end (the console) rather than an API: served for every path outside /api,
    # forwarded unchanged, with no API access check (it keeps its own session and calls the
    # API through the gateway like any client). Its prefix must be "/".
    pages: bool = False

    @property
    def base_url(self) -> str:
        return self.servers[0]


class RouteTable:
    """Prefix routes, longest prefix first, built once from the TOML file."""

    def __init__(self, routes: list[Route]):
        self.routes = sorted(routes, key=lambda r: len(r.prefix), reverse=True)
        self.pages = next((route for route in self.routes if route.pages), None)
        self.api_routes = [route for route in self.routes if not route.pages]
        # First path segment after /api -> candidates: most requests need one dict lookup.
        self._by_segment: dict[str, list[Route]] = {}
        for route in self.api_routes:
            segment = route.prefix.removeprefix("/api/").split("/", 1)[0]
            self._by_segment.setdefault(segment, []).append(route)

    @classmethod
    def load(cls, path: str | Path, upstream_urls: dict[str, tuple[str, ...]]) -> RouteTable:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        defaults = {**_DEFAULTS, **data.get("defaults", {})}
        routes = []
        for name, raw in data.get("routes", {}).items():
            values = {**defaults, **raw}
            upstream = values.get("upstream", name)
            if upstream not in upstream_urls:
                raise ValueError(f"route {name!r}: unknown upstream {upstream!r}")
            # `servers` in the table wins over the environment's FOYER_UPSTREAM_<NAME>.
            servers = tuple(s.rstrip("/") for s in values.get("servers", upstream_urls[upstream]))
            if not servers and values["optional"]:
                continue  # e.g. the console where FOYER_UPSTREAM_CONSOLE is not set
            if values["pages"] and values.get("prefix") != "/":
                raise ValueError(f'route {name!r}: a pages route is served at prefix "/"')
            if not servers:
                raise ValueError(f"route {name!r}: no servers for upstream {upstream!r}")
            routes.append(
                Route(
                    name=name,
                    prefix="/" + values.get("prefix", f"/api/{name}").strip("/"),
                    upstream=upstream,
                    servers=servers,
                    connect_timeout=float(values["connect_timeout"]),
                    read_timeout=float(values["read_timeout"]),
                    retry_idempotent=bool(values["retry_idempotent"]),
                    max_body_bytes=int(values["max_body_bytes"]),
                    fail_timeout=float(values["fail_timeout"]),
                    max_in_flight=int(values["max_in_flight"]),
                    pages=bool(values["pages"]),
                )
            )
        return cls(routes)

    def match(self, path: str) -> tuple[Route, str] | None:
        """(route, upstream path) for a gateway path, or None when no prefix serves it."""
        segment = path.removeprefix("/api/").split("/", 1)[0]
        for route in self._by_segment.get(segment, self.api_routes):
            if path == route.prefix or path.startswith(route.prefix + "/"):
                return route, path[len(route.prefix) :] or "/"
        return None

    def servers(self) -> dict[str, tuple[str, ...]]:
        """Every instance of every upstream (for /health)."""
        found: dict[str, tuple[str, ...]] = {}
        for route in self.routes:
            known = found.get(route.upstream, ())
            found[route.upstream] = tuple(dict.fromkeys(known + route.servers))
        return found

    def upstream_urls(self) -> dict[str, str]:
        """One base URL per API upstream (its first instance): for their OpenAPI documents."""
        return {route.upstream: route.servers[0] for route in self.api_routes}
