"""Session-bound access to persons; never commits (the use case owns the transaction)."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from registry.models import Person


class PersonRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, person: Person) -> None:
        self.session.add(person)

    def get(self, person_id: str) -> Person | None:
        return self.session.get(Person, person_id)

    def by_personnummer(self, personnummer: str) -> Person | None:
        return self.session.scalars(
            select(Person).where(Person.personnummer == personnummer)
        ).first()

    def search(self, text: str | None, offset: int, limit: int) -> tuple[list[Person], int]:
        query = select(Person)
        if text:
            pattern = f"%{text.lower()}%"
            query = query.where(
                or_(
                    func.lower(Person.first_name).like(pattern),
                    func.lower(Person.last_name).like(pattern),
                    func.lower(Person.email).like(pattern),
                    Person.phone.like(pattern),
                    Person.personnummer.like(pattern),
                )
            )
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(Person.last_name, Person.first_name, Person.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return list(rows), total
