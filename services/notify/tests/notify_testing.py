"""What notify's tests hand to the handlers: events built from their publishers' contracts."""

from __future__ import annotations

from foyer_shared import contracts
from foyer_shared.db import new_id
from notify import handlers


def apply(db, handler, type_, **data) -> None:
    """`handler` with a `type_` envelope of `data`, checked against its publisher's contract."""
    with db.transaction() as session:
        handler(session, contracts.envelope(type_, **data))


def person(db, language=None, **changed) -> str:
    """registry.person.created for Åsa Berg (asa@example.se), then person.updated with
    `language` and `changed` when given. Returns the person id."""
    person_id = new_id()
    fields = {"first_name": "Åsa", "last_name": "Berg", "email": "asa@example.se", "phone": None}
    apply(
        db,
        handlers.on_person_created,
        "registry.person.created",
        person_id=person_id,
        kind="person",
        fields=fields,
    )
    if language or changed:
        apply(
            db,
            handlers.on_person_updated,
            "registry.person.updated",
            person_id=person_id,
            kind="person",
            changed={"language": language, **changed} if language else changed,
        )
    return person_id
