"""Use cases of the registry: each opens one unit of work, changes the domain, writes its events."""

from __future__ import annotations

import dataclasses

from foyer_shared.access import ALL_PERMISSIONS


class NotFound(LookupError):
    """No such thing (a person, group, family, ...); the message names it."""


class PersonNotFound(NotFound):
    def __init__(self, person_id: str):
        super().__init__(f"no person with id {person_id}")


class Conflict(ValueError):
    """The change clashes with the register; `field` names the cause."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleVersion(ValueError):
    """Someone else changed the person since the caller read it."""

    def __init__(self):
        super().__init__("the person was changed by someone else; reload and retry")


class OutOfScope(PermissionError):
    """The caller's permission is narrowed by scopes and this object is outside them."""


class Blocked(ValueError):
    """Refused while blockers exist (delete, merge); `reasons` lists them."""

    def __init__(self, message: str, reasons: list[str]):
        super().__init__(message)
        self.reasons = reasons


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who asks: the access context's user, permissions and scopes (or a service, for events)."""

    user_id: str | None  # who the change log names (the acting staff member when impersonating)
    permissions: frozenset[str] = frozenset()
    scopes: dict = dataclasses.field(default_factory=dict)
    subject_user_id: str | None = None  # whose account the request is for (scopes, "self")

    def holds(self, permission: str) -> bool:
        return permission in self.permissions or ALL_PERMISSIONS in self.permissions

    @property
    def person_id(self) -> str | None:
        return self.scopes.get("person_id")

    @classmethod
    def service(cls, name: str) -> Actor:
        return cls(user_id=f"service:{name}", permissions=frozenset({ALL_PERMISSIONS}))
