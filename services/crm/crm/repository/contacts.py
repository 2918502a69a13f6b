"""Cards (contacts), their tags and status changes."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Select, and_, func, literal_column, select
from sqlalchemy.orm import Session, noload

from crm.models import Contact, ContactTag, StatusChange
from foyer_shared.bulk import matching

# Names and e-mail in one lower-cased text; migration 0008 gives PostgreSQL a trigram index on
# exactly this expression (constants inline, so the planner matches it), so `q` finds a part
# of a name or address among 100,000 cards without reading them all.
SEARCH_TEXT = func.lower(
    Contact.first_name
    + literal_column("' '")
    + Contact.last_name
    + literal_column("' '")
    + func.coalesce(Contact.email, literal_column("''"))
)


@dataclasses.dataclass(frozen=True)
class CardFilter:
    """What a list (or a mail-out) is narrowed to; every part is optional and they combine."""

    person_id: str | None = None
    kind: str | None = None
    statuses: tuple[str, ...] = ()
    responsible_user_id: str | None = None
    tag_ids: tuple[str, ...] = ()  # a card must carry every one of them
    company_id: str | None = None
    text: str | None = None

    def where(self, query: Select) -> Select:
        conditions = [
            column == value
            for column, value in (
                (Contact.person_id, self.person_id),
                (Contact.kind, self.kind),
                (Contact.responsible_user_id, self.responsible_user_id),
                (Contact.company_id, self.company_id),
            )
            if value
        ]
        if self.statuses:
            conditions.append(Contact.status.in_(self.statuses))
        for tag_id in self.tag_ids:
            conditions.append(
                select(ContactTag.contact_id)
                .where(ContactTag.contact_id == Contact.id, ContactTag.tag_id == tag_id)
                .exists()
            )
        if self.text:
            pattern = f"%{_escape(self.text.strip().lower())}%"
            conditions.append(SEARCH_TEXT.like(pattern, escape="\\"))
        return query.where(and_(*conditions)) if conditions else query


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ContactRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, contact: Contact) -> None:
        self.session.add(contact)

    def get(self, contact_id: str | None) -> Contact | None:
        return self.session.get(Contact, contact_id) if contact_id else None

    def for_update(self, contact_id: str) -> Contact | None:
        query = select(Contact).where(Contact.id == contact_id).with_for_update()
        return self.session.scalars(query).first()

    def by_person_id(self, person_id: str) -> Contact | None:
        return self.session.scalars(select(Contact).where(Contact.person_id == person_id)).first()

    def by_person_ids(self, person_ids: list[str]) -> list[Contact]:
        by_person = matching(self.session, Contact.person_id, person_ids)
        return list(self.session.scalars(select(Contact).where(by_person)))

    def search(self, filter_: CardFilter, offset: int, limit: int) -> tuple[list[Contact], int]:
        query = filter_.where(select(Contact))
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(Contact.last_name, Contact.first_name, Contact.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return list(rows), total

    def matching(self, filter_: CardFilter) -> list[Contact]:
        """Every card of a list (a mail-out's), without their tags."""
        query = filter_.where(select(Contact).options(noload(Contact.tags)))
        return list(self.session.scalars(query.order_by(Contact.id)))

    def record_status(self, change: StatusChange) -> None:
        self.session.add(change)

    def status_changes(self, contact_id: str) -> list[StatusChange]:
        query = select(StatusChange).where(StatusChange.contact_id == contact_id)
        return list(self.session.scalars(query.order_by(StatusChange.changed_at.desc())))
