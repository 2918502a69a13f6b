"""notify's copy of the registry persons' contact facts."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from notify.models import Contact


class ContactRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, person_id: str) -> Contact | None:
        return self.session.get(Contact, person_id)

    def many(self, person_ids: list[str]) -> dict[str, Contact]:
        rows = self.session.scalars(select(Contact).where(Contact.person_id.in_(person_ids)))
        return {row.person_id: row for row in rows}

    def add(self, row: Contact) -> None:
        self.session.add(row)

    def remove(self, person_ids: list[str]) -> None:
        self.session.execute(delete(Contact).where(Contact.person_id.in_(person_ids)))
