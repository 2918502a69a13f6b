"""The real consumer on RabbitMQ: a registry event published to foyer.events becomes a contact."""

from __future__ import annotations

from sqlalchemy import select

from crm.models import Contact
from foyer_testing import wait_until


def contact_of(db, person_id: str, **expected):
    def probe():
        with db.read_only() as session:
            contact = session.scalars(select(Contact).where(Contact.person_id == person_id)).first()
        if contact and all(getattr(contact, k) == v for k, v in expected.items()):
            return contact
        return None

    return probe


def test_person_created_then_updated_reaches_the_contact(
    settings, db, running_consumer, events, publish
):
    created = events.person_created()
    person_id = created.data["person_id"]
    publish(settings.amqp_url, created)
    contact = wait_until(contact_of(db, person_id))
    assert (contact.status, contact.last_name) == ("prospect", "Lindström")

    publish(settings.amqp_url, events.person_updated(person_id, last_name="Berg"))
    wait_until(contact_of(db, person_id, last_name="Berg"))
