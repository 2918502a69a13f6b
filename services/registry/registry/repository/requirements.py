"""The required fields per scenario in one session."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from registry.models.requirements import RequiredField


class Requirements:
    """Session-bound; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def of(self, scenario: str) -> set[str]:
        return set(
            self._session.scalars(
                select(RequiredField.field).where(RequiredField.scenario == scenario)
            )
        )

    def all(self) -> dict[str, list[str]]:
        listed: dict[str, list[str]] = {}
        for row in self._session.scalars(
            select(RequiredField).order_by(RequiredField.scenario, RequiredField.field)
        ):
            listed.setdefault(row.scenario, []).append(row.field)
        return listed

    def replace(self, scenario: str, names: list[str]) -> None:
        self._session.execute(delete(RequiredField).where(RequiredField.scenario == scenario))
        self._session.add_all(RequiredField(scenario=scenario, field=n) for n in set(names))
