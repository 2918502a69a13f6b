"""The person cards' e-mails identity keeps (models/contact.py), session-bound; never commits."""

from __future__ import annotations

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from foyer_shared.bulk import matching
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
            # Two array parameters, not a VALUES list of 2,500 rows: that was compiled anew
            # for every batch and made identity's worker a busy consumer of an import.
            self.session.execute(
                text(
                    "INSERT INTO person_contacts (person_id, email, updated_at)"
                    " SELECT person_id, email, :now"
                    " FROM unnest(CAST(:ids AS text[]), CAST(:emails AS text[]))"
                    " AS given(person_id, email)"
                    " ON CONFLICT (person_id) DO UPDATE"
                    " SET email = excluded.email, updated_at = excluded.updated_at"
                ),
                {"ids": list(emails), "emails": list(emails.values()), "now": utcnow()},
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
                delete(PersonContact).where(
                    matching(self.session, PersonContact.person_id, person_ids)
                )
            )
