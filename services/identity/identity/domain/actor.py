"""Who is acting in a use case: the verified caller, and where the request came from."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Actor:
    user_id: str | None = None
    permissions: frozenset[str] = frozenset()
    client_address: str | None = None
    request_id: str | None = None
    user_agent: str | None = None

    def holds(self, permission: str) -> bool:
        return permission in self.permissions or "*" in self.permissions


SYSTEM = Actor()  # migrations, handlers of other services' events
