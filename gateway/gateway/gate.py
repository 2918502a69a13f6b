"""The access decision for one request: required permission, token, effective permissions."""

from __future__ import annotations

import dataclasses

from foyer_shared.access import PUBLIC, AccessContext
from gateway.access import PermissionCache
from gateway.docs import UpstreamDocs
from gateway.errors import GatewayError, unavailable
from gateway.permissions import PermissionMap
from gateway.routes import Route
from gateway.tokens import TokenVerifier


@dataclasses.dataclass(frozen=True)
class Caller:
    """Who may pass, and with which permissions (no user for public routes)."""

    user_id: str | None = None
    permissions: frozenset[str] = frozenset()


class Gate:
    """Refuses early (401/403/404) or says who the caller is; never forwards anything itself."""

    def __init__(
        self,
        docs: UpstreamDocs,
        permissions: PermissionMap,
        tokens: TokenVerifier,
        cache: PermissionCache,
        retry_after: int = 5,
    ):
        self._docs = docs
        self._permissions = permissions
        self._tokens = tokens
        self._cache = cache
        self._retry_after = retry_after

    def required_permission(self, route: Route, method: str, path: str) -> str:
        lookup = self._permissions.lookup(route.upstream, method, path)
        if lookup is None and self._docs.ensure(route.upstream):
            lookup = self._permissions.lookup(route.upstream, method, path)
        if lookup is None:
            raise unavailable(
                f"{route.upstream} is unavailable: its API description cannot be read",
                self._retry_after,
            )
        if not lookup.found_path:
            raise GatewayError(404, f"no such route: {method} {route.prefix}{path}")
        if lookup.permission is None and not lookup.declared and method not in lookup.allowed:
            raise GatewayError(
                405,
                f"{method} is not allowed here",
                headers={"Allow": ", ".join(lookup.allowed)},
            )
        if not lookup.declared:
            # Deny by default: an endpoint that declares nothing is reachable by nobody.
            raise GatewayError(403, "this route declares no permission and is refused by default")
        return lookup.permission

    def admit(self, route: Route, method: str, path: str, authorization, request_id) -> Caller:
        permission = self.required_permission(route, method, path)
        if permission == PUBLIC:
            return Caller()
        claims = self._tokens.verify(authorization)
        user_id = str(claims["sub"])
        access = self._cache.get(user_id, request_id)
        if access is None:
            raise GatewayError(403, "this account is unknown or no longer exists")
        if not access.active:
            raise GatewayError(403, f"this account is not active ({access.status or 'unknown'})")
        if not AccessContext(request_id, user_id, access.permissions).grants(permission):
            raise GatewayError(403, f"this needs the permission {permission!r}")
        return Caller(user_id, access.permissions)
