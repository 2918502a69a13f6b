"""The real consumer on RabbitMQ: registry events and the export command reach identity once."""

from __future__ import annotations

import uuid

import pytest

from foyer_shared import contracts
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until
from identity.models import User
from identity.use_cases import accounts
from identity.worker import registry_consumer


@pytest.fixture()
def running_consumer(settings, db):
    with running(registry_consumer(settings, db), settings.amqp_url) as consumer:
        yield consumer


def test_merge_event_moves_the_account_once_even_when_redelivered(
    settings, db, api, running_consumer
):
    kept, removed = str(uuid.uuid4()), str(uuid.uuid4())
    user = accounts.create_user(
        db,
        username="anna.berg",
        password="a-long-passphrase-1",
        email="a@example.se",
        role_names=["member"],
        person_id=removed,
    )
    merged = contracts.envelope("registry.person.merged", kept_id=kept, removed_id=removed)
    publish_envelope(settings.amqp_url, EVENTS_EXCHANGE, merged)
    publish_envelope(settings.amqp_url, EVENTS_EXCHANGE, merged)  # the same message id again

    def moved():
        with db.read_only() as session:
            return session.get(User, user.id).person_id == kept

    wait_until(moved)
    export = contracts.envelope("identity.export_personal_data", export_id="e-1", person_id=kept)
    publish_envelope(settings.amqp_url, COMMANDS_EXCHANGE, export)
    exported = wait_until(lambda: api.events("identity.personal_data.exported"))
    # By the time the later command is done, the duplicate has been seen and skipped.
    assert len(api.audit("user.person_moved")) == 1
    assert exported[0]["data"]["data"]["accounts"][0]["user_id"] == user.id
