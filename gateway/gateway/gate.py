"""The access decision for one request: required permission, token, caller, scopes; cached."""

from __future__ import annotations

import dataclasses
import hashlib
import time

from foyer_shared.access import ALL_PERMISSIONS, PUBLIC
from gateway.access import IdentityAccess, RegistryScopes, UserAccess
from gateway.cache import TaggedCache
from gateway.docs import UpstreamDocs
from gateway.errors import GatewayError, unavailable
from gateway.permissions import PermissionMap
from gateway.routes import Route
from gateway.tokens import TokenVerifier, bearer, unauthorized

NO_SCOPES = {"groups_led": [], "family_rights": {}}


@dataclasses.dataclass(frozen=True)
class Caller:
    """Who may pass, with which permissions and scopes (no user for public routes)."""

    user_id: str | None = None
    permissions: frozenset[str] = frozenset()
    scopes: dict = dataclasses.field(default_factory=dict)
    acting_user_id: str | None = None  # staff acting as this user (impersonation)
    roles: tuple[str, ...] = ()
    person_id: str | None = None


@dataclasses.dataclass(frozen=True)
class Caches:
    decisions: TaggedCache  # (token hash, permission) -> Caller
    access: TaggedCache  # (user id, session id) -> UserAccess
    scopes: TaggedCache  # person id -> scopes

    def all(self) -> tuple[TaggedCache, ...]:
        return (self.decisions, self.access, self.scopes)


def grants(permissions: frozenset[str], permission: str) -> bool:
    return permission == PUBLIC or permission in permissions or ALL_PERMISSIONS in permissions


@dataclasses.dataclass(eq=False)
class Gate:
    """Refuses early (401/403/404) or says who the caller is; never forwards anything itself."""

    docs: UpstreamDocs
    permissions: PermissionMap
    tokens: TokenVerifier
    identity: IdentityAccess
    scopes: RegistryScopes
    caches: Caches
    retry_after: int = 5

    def required_permission(self, route: Route, method: str, path: str) -> str:
        lookup = self.permissions.lookup(route.upstream, method, path)
        if lookup is None and self.docs.ensure(route.upstream):
            lookup = self.permissions.lookup(route.upstream, method, path)
        if lookup is None:
            raise unavailable(
                f"{route.upstream} is unavailable: its API description cannot be read",
                self.retry_after,
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
        token = bearer(authorization)
        # The key covers the exact token and the permission: no reuse across users or routes.
        key = (hashlib.sha256(token.encode()).digest(), permission)
        caller = self.caches.decisions.get(key)
        if caller is not None:
            return caller
        epoch = self.caches.decisions.epoch
        claims = self.tokens.verify(token)
        caller = self.identify(claims, request_id)
        if not grants(caller.permissions, permission):
            raise GatewayError(403, f"this needs the permission {permission!r}")
        tags = [("user", caller.user_id), ("person", caller.person_id)]
        if caller.acting_user_id:
            tags.append(("user", caller.acting_user_id))
        # Never outlives the token itself.
        self.caches.decisions.put(
            key, caller, tags, ttl=float(claims["exp"]) - time.time(), epoch=epoch
        )
        return caller

    def authenticate(self, authorization, request_id: str) -> Caller:
        """The caller behind a bearer token, not tied to any route (used by explain)."""
        return self.identify(self.tokens.verify(bearer(authorization)), request_id)

    def identify(self, claims: dict, request_id: str) -> Caller:
        """The verified caller: active account, live session, permissions and scopes."""
        user_id = str(claims["sub"])
        access = self.user_access(user_id, claims.get("sid"), request_id)
        if access is None:
            raise unauthorized("this account is unknown or no longer exists")
        if not access.active:
            raise unauthorized(f"this account is not active ({access.status or 'unknown'})")
        if not access.session_active:
            raise unauthorized("this session has been revoked: log in again")
        acting = claims.get("act")
        acting_user_id = None
        if isinstance(acting, dict) and acting.get("sub"):
            acting_user_id = str(acting["sub"])
        if acting_user_id:
            staff = self.user_access(acting_user_id, None, request_id)
            if staff is None or not staff.active:
                raise unauthorized("the account acting as this user is not active")
        person_id = claims.get("pid") or access.person_id
        scopes = self.person_scopes(str(person_id), request_id) if person_id else NO_SCOPES
        return Caller(
            user_id,
            access.permissions,
            scopes,
            acting_user_id,
            access.roles,
            str(person_id) if person_id else None,
        )

    def user_access(self, user_id: str, session_id, request_id: str) -> UserAccess | None:
        key = (user_id, session_id)
        access = self.caches.access.get(key)
        if access is None:
            epoch = self.caches.access.epoch
            access = self.identity(user_id, session_id, request_id)
            if access is not None:  # unknown users are not cached: they may appear any moment
                self.caches.access.put(key, access, [("user", user_id)], epoch=epoch)
        return access

    def person_scopes(self, person_id: str, request_id: str) -> dict:
        scopes = self.caches.scopes.get(person_id)
        if scopes is None:
            epoch = self.caches.scopes.epoch
            scopes = self.scopes(person_id, request_id)
            self.caches.scopes.put(person_id, scopes, [("person", person_id)], epoch=epoch)
        return scopes
