"""The person cards' e-mails identity keeps (models/contact.py), session-bound; never commits."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from identity.models import PersonContact


class ContactRepository:
    def __init__(self, session: Session):
        self.session = session

    def put(self, person_id: str, email: str | None) -> None:
        self.put_many({person_id: email})

    def put_many(self, emails: dict[str, str | None]) -> None:
        """One statement for a whole import batch (registry.persons.imported)."""
        if not emails:
            return
        if self.session.get_bind().dialect.name == "postgresql":
            now = utcnow()
            rows = [{"person_id": p, "email": e, "updated_at": now} for p, e in emails.items()]
            statement = pg_insert(PersonContact).values(rows)
            self.session.execute(
                statement.on_conflict_do_update(
                    index_elements=[PersonContact.person_id],
                    set_={"email": statement.excluded.email, "updated_at": now},
                )
            )
            return
        for person_id, email in emails.items():
            row = self.session.get(PersonContact, person_id) or PersonContact(person_id=person_id)
            row.email = email
            self.session.add(row)
        self.session.flush()

    def delete(self, person_ids: list[str]) -> None:
        if person_ids:
            self.session.execute(
                delete(PersonContact).where(PersonContact.person_id.in_(person_ids))
            )
