"""`GET /api/access/explain`: why a request would be allowed or refused, and for whom."""

from __future__ import annotations

from foyer_shared.access import PUBLIC
from gateway.access import RoleCatalogue
from gateway.errors import GatewayError
from gateway.gate import NO_SCOPES, Caller, Gate, grants
from gateway.routes import RouteTable

MANAGE_USERS = "identity.users.manage"
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def validate(args) -> tuple[str, str, str | None]:
    """(method, path, user_id) from the query, or 422 naming each bad field."""
    errors = {}
    method = (args.get("method") or "").upper()
    path = args.get("path") or ""
    if method not in METHODS:
        errors["method"] = [f"one of {', '.join(METHODS)}"]
    if not path.startswith("/"):
        errors["path"] = ["a gateway path such as /api/registry/persons/42"]
    if errors:
        raise GatewayError(422, "invalid query", errors={"query": errors})
    return method, path.split("?", 1)[0], args.get("user_id") or None


def explain(
    gate: Gate,
    table: RouteTable,
    roles: RoleCatalogue,
    caller: Caller,
    method: str,
    path: str,
    user_id: str | None,
    request_id: str,
) -> dict:
    subject, inactive = caller, None
    if user_id and user_id != caller.user_id:
        if not grants(caller.permissions, MANAGE_USERS):
            raise GatewayError(
                403, f"explaining another user needs the permission {MANAGE_USERS!r}"
            )
        subject, inactive = _subject(gate, user_id, request_id)
    answer = {
        "method": method,
        "path": path,
        "user_id": subject.user_id,
        "roles": list(subject.roles),
        "permission": None,
        "granted_by_roles": [],
        "roles_source": None,
        "scopes": subject.scopes or NO_SCOPES,
    }
    match = table.match(path)
    if match is None:
        return {**answer, "verdict": "deny", "reason": f"no service serves {path}"}
    route, rest = match
    answer["route"] = route.name
    try:
        permission = gate.required_permission(route, method, rest)
    except GatewayError as refusal:
        return {**answer, "verdict": "deny", "reason": refusal.message}
    answer["permission"] = permission
    if permission == PUBLIC:
        return {**answer, "verdict": "allow", "reason": "a public route: no token needed"}
    catalogue = roles(request_id, caller.user_id, caller.permissions)
    if catalogue is not None:
        answer["granted_by_roles"] = sorted(
            role["name"]
            for role in catalogue
            if grants(frozenset(role.get("permissions") or ()), permission)
        )
        answer["roles_source"] = "identity role catalogue"
    else:  # identity lists no roles to us: say which of the user's roles can be the reason
        answer["granted_by_roles"] = (
            list(subject.roles) if grants(subject.permissions, permission) else []
        )
        answer["roles_source"] = "the user's own roles (role catalogue unavailable)"
    if inactive:
        return {**answer, "verdict": "deny", "reason": f"this account is not active ({inactive})"}
    if grants(subject.permissions, permission):
        return {
            **answer,
            "verdict": "allow",
            "reason": f"holds {permission!r}; the service then limits objects to the scopes",
        }
    return {**answer, "verdict": "deny", "reason": f"this needs the permission {permission!r}"}


def _subject(gate: Gate, user_id: str, request_id: str) -> tuple[Caller, str | None]:
    """The user explained, and their status when it is not active."""
    access = gate.user_access(user_id, None, request_id)
    if access is None:
        raise GatewayError(404, f"no user {user_id}")
    if not access.active:
        return Caller(user_id, frozenset(), NO_SCOPES, roles=access.roles), access.status
    scopes = gate.person_scopes(access.person_id, request_id) if access.person_id else NO_SCOPES
    caller = Caller(
        user_id, access.permissions, scopes, roles=access.roles, person_id=access.person_id
    )
    return caller, None
