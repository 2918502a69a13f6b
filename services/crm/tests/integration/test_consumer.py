"""The real consumer on RabbitMQ: a registry event published to foyer.events becomes a contact."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crm.models import Contact
from crm.worker import registry_consumer
from foyer_shared.messaging import EVENTS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until


def contact_of(db, person_id: str, **expected):
    def probe():
        with db.read_only() as session:
            contact = session.scalars(select(Contact).where(Contact.person_id == person_id)).first()
        if contact and all(getattr(contact, k) == v for k, v in expected.items()):
            return contact
        return None

    return probe


@pytest.fixture()
def running_consumer(settings, db):
    with running(registry_consumer(settings, db), settings.amqp_url) as consumer:
        yield consumer


def publish(amqp_url: str, envelope) -> None:
    publish_envelope(amqp_url, EVENTS_EXCHANGE, envelope)


def test_person_created_then_updated_reaches_the_contact(settings, db, running_consumer, events):
    created = events.person_created()
    person_id = created.data["person_id"]
    publish(settings.amqp_url, created)
    contact = wait_until(contact_of(db, person_id))
    assert (contact.status, contact.last_name) == ("prospect", "Lindström")

    publish(settings.amqp_url, events.person_updated(person_id, last_name="Berg"))
    wait_until(contact_of(db, person_id, last_name="Berg"))
