"""A person's statuses, interest areas and relations, in one session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import InterestArea, PersonInterest, PersonStatus, Relation, Status


class Links:
    """Session-bound; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def status(self, status_id: str) -> Status | None:
        return self._session.get(Status, status_id)

    def person_status(self, person_id: str, status_id: str) -> PersonStatus | None:
        return self._session.get(PersonStatus, (person_id, status_id))

    def known_interests(self, interest_ids: list[str]) -> set[str]:
        """Those of the ids that name an interest area."""
        return set(
            self._session.scalars(select(InterestArea.id).where(InterestArea.id.in_(interest_ids)))
        )

    def interests_of(self, person_id: str) -> dict[str, PersonInterest]:
        """{interest area id: the person's link to it}."""
        rows = self._session.scalars(
            select(PersonInterest).where(PersonInterest.person_id == person_id)
        )
        return {r.interest_id: r for r in rows}

    def relation(self, relation_id: str) -> Relation | None:
        return self._session.get(Relation, relation_id)

    def add(self, row: PersonStatus | PersonInterest | Relation) -> None:
        self._session.add(row)

    def add_relation(self, relation: Relation) -> None:
        self._session.add(relation)
        self._session.flush()

    def delete(self, row: PersonStatus | PersonInterest | Relation) -> None:
        self._session.delete(row)
