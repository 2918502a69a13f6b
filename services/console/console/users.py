"""Login accounts by name and by id, for pages that let staff type a username where identity's
API wants an id."""

from __future__ import annotations

from console import api


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
    """{id: username} for the distinct ids given (one call each: a page names few accounts)."""
    names = {}
    for user_id in {i for i in user_ids if i}:
        found = by_id(user_id)
        if found:
            names[user_id] = found["username"]
    return names
