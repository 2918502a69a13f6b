"""registry.create_person: a person or company created "in the CRM" (docs/crm.md → Decisions).

The CRM made the person's id and its card already names it; the registry registers the person
under that id in the consumer's transaction and publishes registry.person.created as for any
other. No field is required (the CRM guide); a field the registry would refuse (the CRM checks
with the same foyer_shared rules first) is left out rather than losing the person.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from registry import events
from registry.domain import InvalidInput, person_input
from registry.models import Person
from registry.repository import changes
from registry.use_cases import Actor

log = logging.getLogger(__name__)

CREATE_PERSON = "registry.create_person"
CRM = Actor.service("crm")


def handler(region: str):
    def on_create_person(session: Session, envelope: Envelope) -> None:
        data = envelope.data
        if session.get(Person, data["person_id"]) is not None:
            return  # a resent command: the person is there already
        kind = data["kind"]
        given = {k: v for k, v in (data.get("fields") or {}).items() if v is not None}
        try:
            fields = person_input.clean(given, kind, region, creating=False)
        except InvalidInput as exc:
            log.warning("crm's new person %s: left out %s", data["person_id"], exc.errors)
            kept = {k: v for k, v in given.items() if k not in exc.errors}
            fields = person_input.clean(kept, kind, region, creating=False)
        person = Person(id=data["person_id"], kind=kind, **fields)
        person.refresh_search_text()
        session.add(person)
        session.flush()
        actor = Actor(user_id=data.get("requested_by") or CRM.user_id)
        changes.record_all(session, person.id, actor, {k: (None, v) for k, v in fields.items()})
        events.outbox.event(
            session,
            events.PERSON_CREATED,
            {"person_id": person.id, "kind": kind, "fields": person.facts()},
        )

    return on_create_person
