"""A person's consents in one session: the current answer per purpose and the history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models.consents import Consent, ConsentEvent


class Consents:
    """Session-bound; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def current(self, person_id: str) -> list[Consent]:
        return list(
            self._session.scalars(
                select(Consent).where(Consent.person_id == person_id).order_by(Consent.purpose)
            )
        )

    def history(self, person_id: str) -> list[ConsentEvent]:
        return list(
            self._session.scalars(
                select(ConsentEvent)
                .where(ConsentEvent.person_id == person_id)
                .order_by(ConsentEvent.recorded_at, ConsentEvent.id)
            )
        )

    def record(self, answer: dict) -> Consent:
        """The answer becomes the current one for its purpose and joins the history."""
        current = self._session.get(Consent, (answer["person_id"], answer["purpose"]))
        if current is None:
            current = Consent(**answer)
            self._session.add(current)
        else:
            for name, value in answer.items():
                setattr(current, name, value)
        self._session.add(ConsentEvent(**answer))
        return current
