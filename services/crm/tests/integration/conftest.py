"""The CRM's consumer on RabbitMQ for the tests that publish the registry's events to it."""

from __future__ import annotations

import pytest

from crm.worker import registry_consumer
from foyer_shared.messaging import EVENTS_EXCHANGE
from foyer_testing import publish_envelope, running


@pytest.fixture()
def running_consumer(settings, db):
    with running(registry_consumer(settings, db), settings.amqp_url) as consumer:
        yield consumer


@pytest.fixture()
def publish():
    """publish(amqp_url, envelope): on foyer.events, as the registry's relay would."""

    def publish_event(amqp_url: str, envelope) -> None:
        publish_envelope(amqp_url, EVENTS_EXCHANGE, envelope)

    return publish_event
