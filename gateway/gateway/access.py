"""What identity and the registry say about a caller: status, permissions, session, scopes."""

from __future__ import annotations

import dataclasses
import logging

from gateway.errors import unavailable
from gateway.internal import InternalCaller
from gateway.routes import Route

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class UserAccess:
    user_id: str
    permissions: frozenset[str]
    status: str
    roles: tuple[str, ...] = ()
    person_id: str | None = None
    username: str | None = None
    # An identity that does not answer the field yet is taken at its word that nothing was
    # revoked (documented in docs/gateway.md); `false` always refuses.
    session_active: bool = True

    @property
    def active(self) -> bool:
        return self.status == "active"


class IdentityAccess:
    """`GET {identity}/internal/users/{id}/access?session_id=`; None for an unknown user."""

    def __init__(self, caller: InternalCaller, route: Route, retry_after: int = 5):
        self._caller, self._route, self._retry_after = caller, route, retry_after

    def __call__(self, user_id: str, session_id: str | None, request_id: str):
        query = {"session_id": session_id} if session_id else None
        status, body = self._caller.get(
            self._route, f"/internal/users/{user_id}/access", request_id, "access", query
        )
        if status == 404:
            return None
        if status != 200 or not isinstance(body, dict):
            log.warning("identity answered %s for access", status)
            raise unavailable("permissions unavailable: identity refused", self._retry_after)
        return UserAccess(
            user_id=str(body.get("user_id") or user_id),
            permissions=frozenset(body.get("permissions") or ()),
            status=str(body.get("status", "")),
            roles=tuple(body.get("roles") or ()),
            person_id=body.get("person_id"),
            username=body.get("username"),
            session_active=body.get("session_active") is not False,
        )


class RegistryScopes:
    """`GET {registry}/internal/persons/{id}/scopes` -> {person_id, groups_led, family_rights}."""

    def __init__(self, caller: InternalCaller, route: Route, retry_after: int = 5):
        self._caller, self._route, self._retry_after = caller, route, retry_after

    def __call__(self, person_id: str, request_id: str) -> dict:
        status, body = self._caller.get(
            self._route, f"/internal/persons/{person_id}/scopes", request_id, "scopes"
        )
        if status == 404:  # a person the registry does not know leads nothing, manages nobody
            return {"person_id": person_id, "groups_led": [], "family_rights": {}}
        if status != 200 or not isinstance(body, dict):
            log.warning("registry answered %s for scopes", status)
            raise unavailable("scopes unavailable: registry refused", self._retry_after)
        return {
            # The registry narrows scoped callers to this person (their own profile).
            "person_id": person_id,
            "groups_led": list(body.get("groups_led") or []),
            "family_rights": dict(body.get("family_rights") or {}),
        }


class RoleCatalogue:
    """Identity's roles and their permissions, for `explain`; None when identity has none."""

    def __init__(self, caller: InternalCaller, route: Route):
        self._caller, self._route = caller, route

    def __call__(self, request_id: str, user_id: str, permissions) -> list[dict] | None:
        try:
            status, body = self._caller.get(
                self._route,
                "/roles",
                request_id,
                "roles",
                user_id=user_id,
                permissions=permissions,
            )
        except Exception:  # noqa: BLE001 - explain falls back to the caller's own roles
            return None
        items = body.get("items", body) if isinstance(body, dict) else body
        if status != 200 or not isinstance(items, list):
            return None
        return [r for r in items if isinstance(r, dict) and "name" in r]
