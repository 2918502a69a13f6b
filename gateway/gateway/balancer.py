"""Round robin over a route's instances with passive health: a failed one is skipped a while."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable

from gateway.http1 import Pool
from gateway.routes import Route

log = logging.getLogger(__name__)


class Balancer:
    """Keep-alive pools per instance and the order in which a request tries them."""

    def __init__(
        self,
        routes: list[Route],
        pool_size: int = 32,
        on_health: Callable[[Route, str, bool], None] | None = None,
    ):
        # One pool per instance, shared by every route that names it, made once at start.
        self.pools: dict[str, Pool] = {}
        for route in routes:
            for server in route.servers:
                self.pools.setdefault(server, Pool(server, pool_size))
        self._counters = {route.name: itertools.count() for route in routes}
        self._down_until: dict[str, float] = {}
        self._on_health = on_health or (lambda route, server, healthy: None)

    def order(self, route: Route) -> list[str]:
        """Instances to try, healthy ones first from the round-robin position; down ones last."""
        servers = route.servers
        if len(servers) == 1:
            return [servers[0]]
        start = next(self._counters[route.name]) % len(servers)
        rotated = servers[start:] + servers[:start]
        now = time.monotonic()
        healthy = [s for s in rotated if self._down_until.get(s, 0.0) <= now]
        # All down: try them anyway (soonest to recover first) rather than refuse outright.
        down = sorted((s for s in rotated if s not in healthy), key=self._down_until.get)
        return healthy + down

    def failed(self, route: Route, server: str) -> None:
        if self._down_until.get(server, 0.0) <= time.monotonic():
            log.warning(
                "%s instance %s marked down for %.0fs", route.upstream, server, route.fail_timeout
            )
            self._on_health(route, server, False)
        self._down_until[server] = time.monotonic() + route.fail_timeout

    def succeeded(self, route: Route, server: str) -> None:
        if self._down_until.pop(server, None) is not None:
            self._on_health(route, server, True)

    def is_down(self, server: str) -> bool:
        return self._down_until.get(server, 0.0) > time.monotonic()
