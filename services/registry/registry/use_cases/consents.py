"""Recording and reading a person's consents (issue 23 §3)."""

from __future__ import annotations

from foyer_shared.db import utcnow
from registry.domain import consents as rules
from registry.use_cases import Actor, access, persons
from registry.use_cases.unit_of_work import UnitOfWork


def record_consent(uow: UnitOfWork, actor: Actor, person_id: str, data: dict) -> dict:
    """Given or withdrawn, for a purpose, with the wording's version; by whom and where. A
    member records their own (the person themselves); staff record anyone's they may edit."""
    channel = data.get("channel") or "api"
    rules.check(data.get("purpose"), data.get("text_version"), channel)
    with uow.transaction():
        persons.load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id, access.EDIT)
        answer = {
            "person_id": person_id,
            "purpose": data["purpose"],
            "text_version": data["text_version"].strip(),
            "given": bool(data["given"]),
            "recorded_at": utcnow(),
            "recorded_by": actor.user_id,
            "by_self": rules.given_by_self(access.own_person_id(uow, actor), person_id),
            "channel": channel,
        }
        uow.consents.record(answer)
    return answer


def list_consents(uow: UnitOfWork, actor: Actor, person_id: str) -> dict:
    """The current answer per purpose and every answer, oldest first."""
    with uow.read_only():
        persons.load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id)
        return {
            "current": [as_dict(c) for c in uow.consents.current(person_id)],
            "history": [as_dict(c) for c in uow.consents.history(person_id)],
        }


def as_dict(answer) -> dict:
    return {
        name: getattr(answer, name)
        for name in (
            "purpose",
            "text_version",
            "given",
            "recorded_at",
            "recorded_by",
            "by_self",
            "channel",
        )
    }
