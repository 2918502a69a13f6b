"""The card's change log in words. The registry logs what changed by the ids it links (a
group, a status, a family, an interest, another card); those this card already holds are named
here, so staff read "Juniors" rather than an id. An id the card no longer holds (a group left
and deleted since) stays as it is."""

from __future__ import annotations

SERVICE = "service:"  # how the registry logs a service's change (imports'), not an account's


def id_names(person: dict, *catalogues: list) -> dict[str, str]:
    """{id: name} of the person's groups, statuses, interests, family and related cards, and of
    every entry of `catalogues` (the statuses and interest areas the card offers)."""
    names: dict[str, str] = {}
    for item in (*(person.get("groups") or ()), *(person.get("statuses") or ())):
        names[item["id"]] = item["name"]
    for item in person.get("interests") or ():
        names[item["id"]] = item["name"]
    for catalogue in catalogues:
        for item in catalogue or ():
            names[item["id"]] = item["name"]
    family = person.get("family") or {}
    if family.get("id") and family.get("name"):
        names[family["id"]] = family["name"]
    for relation in person.get("relations") or ():
        if relation.get("person_id") and relation.get("name"):
            names[relation["person_id"]] = relation["name"]
    return names


def changers(changes: list) -> list[str]:
    """The accounts whose changes are listed (not services), to be named like the card's
    viewers and journal authors."""
    by = (change.get("changed_by") or "" for change in changes)
    return [user_id for user_id in by if user_id and not user_id.startswith(SERVICE)]
