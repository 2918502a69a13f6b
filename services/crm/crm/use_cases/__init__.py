"""Use cases of the CRM: each HTTP one opens one unit of work, applies the domain's rules and
writes its outbox rows; the ones handlers call run in the consumer's transaction (a session)."""

from __future__ import annotations

import dataclasses

from foyer_shared.access import ALL_PERMISSIONS


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who asks: the access context's user (the acting staff member when impersonating)."""

    user_id: str | None
    permissions: frozenset[str] = frozenset()

    def holds(self, permission: str) -> bool:
        return permission in self.permissions or ALL_PERMISSIONS in self.permissions

    @property
    def name(self) -> str:
        return self.user_id or "unknown"

    @classmethod
    def service(cls, name: str) -> Actor:
        return cls(user_id=f"service:{name}", permissions=frozenset({ALL_PERMISSIONS}))
