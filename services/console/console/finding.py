"""Finding the other person for a link on a card (a relation, a family member): one typed
search in the registry, never the card's own person, a few candidates to choose from."""

from __future__ import annotations

from flask import request

from console import api

FOUND = 10  # candidates shown for the typed search: the desk narrows by typing more


def typed() -> str:
    """What the desk typed into the finder (`?q=`), trimmed."""
    return request.args.get("q", "").strip()


def others(text: str, *excluded: str) -> list[dict]:
    """The persons the registry finds for `text`, without `excluded` (the card's own person,
    those already linked); nothing for an empty text. The registry narrows the search to the
    caller's scopes, so nobody they may not read is offered."""
    if not text:
        return []
    params = {"q": text, "page_size": FOUND}
    candidates = api.optional("/api/registry/persons", [], params=params) or []
    skip = {str(person_id) for person_id in excluded}
    return [person for person in candidates if person["id"] not in skip]
