"""Session-bound access to contacts; never commits (the use case owns the transaction)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.models import Contact


class ContactRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, contact: Contact) -> None:
        self.session.add(contact)

    def get(self, contact_id: str) -> Contact | None:
        return self.session.get(Contact, contact_id)

    def by_person_id(self, person_id: str) -> Contact | None:
        return self.session.scalars(select(Contact).where(Contact.person_id == person_id)).first()

    def search(self, person_id: str | None, offset: int, limit: int) -> tuple[list[Contact], int]:
        query = select(Contact)
        if person_id:
            query = query.where(Contact.person_id == person_id)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(Contact.last_name, Contact.first_name, Contact.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return list(rows), total
