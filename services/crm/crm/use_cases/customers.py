"""Customers linked to the CRM automatically (settings → auto_link_customers): a prospect's card
with an e-mail becomes a customer's once an account of that person holds `customer_role`."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm.domain import cards
from crm.repository import ContactRepository, PreferencesRepository, StaffRepository
from crm.use_cases.cards import set_status

AUTO_LINK = "service:auto-link"


def link_if_customer(session: Session, person_id: str | None) -> None:
    """Only prospects: a former customer is not made a customer again by a role event."""
    settings = PreferencesRepository(session).get()
    if not settings.auto_link_customers or not person_id:
        return
    session.flush()
    contact = ContactRepository(session).by_person_id(person_id)
    if contact is None or not contact.email or contact.status != cards.PROSPECT:
        return
    accounts = StaffRepository(session).by_person(person_id)
    if any(a.active and settings.customer_role in (a.roles or ()) for a in accounts):
        set_status(session, contact, cards.CUSTOMER, AUTO_LINK)
