"""Login accounts by name and by id, for pages that let staff type a username where identity's
API wants an id."""

from __future__ import annotations

import uuid

from console import api

# identity's GET /users takes at most this many `id`s (its largest page).
MAX_IDS = 100


def by_username(username: str) -> dict | None:
    """The account named exactly `username` (identity's filter is a prefix), or None."""
    wanted = username.strip().lower()
    if not wanted:
        return None
    found = api.json("GET", "/api/identity/users", params={"username": wanted, "page_size": 50})
    return next((u for u in found or () if u["username"].lower() == wanted), None)


def by_id(user_id: str) -> dict | None:
    return api.optional(f"/api/identity/users/{user_id}")


def usernames(user_ids) -> dict[str, str]:
    """{id: username} for the distinct ids given, in one call per hundred (identity's `id`
    filter). An id that is not an account's (a system actor, a removed account) is left out."""
    wanted = sorted({i for i in user_ids if i and _is_uuid(i)})
    names = {}
    for start in range(0, len(wanted), MAX_IDS):
        chunk = wanted[start : start + MAX_IDS]
        found = api.optional(
            "/api/identity/users", [], params={"id": chunk, "page_size": len(chunk)}
        )
        names.update((user["id"], user["username"]) for user in found or ())
    return names


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
