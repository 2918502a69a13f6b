"""The gateway's own calls to services (identity access, registry scopes), signed as `gateway`."""

from __future__ import annotations

import json
import logging
import urllib.parse
from collections.abc import Callable

from foyer_shared.access import CONTEXT_HEADER
from gateway import http1
from gateway.balancer import Balancer
from gateway.errors import unavailable
from gateway.routes import Route

log = logging.getLogger(__name__)


class InternalCaller:
    """GET JSON from a service's internal endpoint over the shared pools, trying each instance."""

    def __init__(
        self,
        balancer: Balancer,
        signer,
        timeout: float,
        retry_after: int = 5,
        on_call: Callable[[str, str], None] | None = None,
    ):
        self._balancer = balancer
        self._signer = signer
        self._connect_timeout, self._timeout = min(1.0, timeout), timeout
        self._retry_after = retry_after
        self._on_call = on_call or (lambda service, call: None)

    def get(
        self,
        route: Route,
        path: str,
        request_id: str,
        call: str,
        query: dict | None = None,
        *,
        user_id=None,
        permissions=(),
    ) -> tuple[int, dict | None]:
        """(status, JSON body); 503 GatewayError when no instance answers."""
        quoted = urllib.parse.quote(path)
        # The service compares against its decoded request.path, so sign the decoded form.
        context = self._signer.sign(
            audience=route.upstream,
            method="GET",
            path=path,
            request_id=request_id,
            caller_service=None if user_id else "gateway",
            user_id=user_id,
            permissions=permissions,
        )
        headers = [(CONTEXT_HEADER, context), ("X-Request-ID", request_id)]
        target = quoted + ("?" + urllib.parse.urlencode(query) if query else "")
        self._on_call(route.upstream, call)
        for server in self._balancer.order(route):
            try:
                response = http1.send(
                    self._balancer.pools[server],
                    "GET",
                    target,
                    headers,
                    None,
                    connect_timeout=self._connect_timeout,
                    read_timeout=self._timeout,
                )
                data = response.read()
            except http1.UpstreamError as exc:
                log.warning("%s unreachable for %s: %s", route.upstream, call, exc)
                self._balancer.failed(route, server)
                continue
            self._balancer.succeeded(route, server)
            try:
                body = json.loads(data) if data else None
            except ValueError:
                body = None
            return response.status, body
        raise unavailable(f"{call} unavailable: {route.upstream} unreachable", self._retry_after)
