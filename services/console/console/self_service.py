"""What a signed-in member reads and changes about themselves, from the APIs' member-facing
routes: the registry narrows persons and families to the caller's scopes, notify lets everyone
read their own communication log. No staff permission is involved."""

from __future__ import annotations

import json

from flask import abort, current_app, request

from console import api
from console.access import me

OWN = "registry.persons.read"  # every role holds it; the registry narrows it to the caller
OWN_WRITE = "registry.persons.write"  # changing one's own card: members hold it, narrowed too


def own_person_id() -> str:
    """The card the signed-in account is linked to; 404 for an account linked to none."""
    user = me()
    if user is None or not user.person_id:
        abort(404)
    return user.person_id


def interests() -> tuple[list, set[str]]:
    """(every interest area, the ids of those the member has chosen)."""
    person_id = own_person_id()
    person = api.json("GET", f"/api/registry/persons/{person_id}")
    areas = api.optional("/api/registry/interest-areas", [])
    return areas, {i["id"] for i in person.get("interests") or ()}


def choose_interests(chosen: list[str]) -> None:
    api.call(
        "PUT", f"/api/registry/persons/{own_person_id()}/interests", json={"interest_ids": chosen}
    )


def family() -> tuple[dict | None, dict | None]:
    """(the family with its members, the member's own row in it); (None, None) without one."""
    person_id = own_person_id()
    person = api.json("GET", f"/api/registry/persons/{person_id}")
    if not person.get("family"):
        return None, None
    found = api.json("GET", f"/api/registry/families/{person['family']['id']}")
    mine = next((m for m in found["members"] if m["person_id"] == person_id), None)
    return found, mine


def messages() -> dict:
    """One page (`?page=`) of what notify sent or tried to send the member, newest first."""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    size = current_app.extensions["console"].settings.page_size
    try:
        response = api.get(
            f"/api/notify/persons/{own_person_id()}/messages",
            params={"page": page, "page_size": size},
        )
    except api.ApiError as refused:
        if refused.status != 503:
            raise
        return {"messages": [], "pagination": None, "unavailable": True}
    pagination = json.loads(response.headers.get("X-Pagination") or "null")
    return {"messages": response.json(), "pagination": pagination, "unavailable": False}
