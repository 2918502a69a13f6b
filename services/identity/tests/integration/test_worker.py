"""The worker's loops together: identity's events leave through the outbox relay to RabbitMQ."""

from __future__ import annotations

import json
import threading

from identity_testing import account

from foyer_shared.messaging import EVENTS_EXCHANGE, connect, declare_exchanges, run_worker
from foyer_testing import wait_until
from identity.worker import worker_loops


def test_created_account_and_its_roles_reach_the_broker(settings, db):
    connection = connect(settings.amqp_url)
    channel = connection.channel()
    declare_exchanges(channel)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, EVENTS_EXCHANGE, routing_key="identity.user.*")
    stop = threading.Event()
    worker = threading.Thread(
        target=run_worker, args=(worker_loops(settings, db),), kwargs={"stop": stop}, daemon=True
    )
    worker.start()
    try:
        user = account(db, "coach.bo", ["trainer"], "a-long-passphrase-1", email="bo@example.se")
        body = wait_until(
            lambda: channel.basic_get(queue, auto_ack=True)[2],
            message="identity.user.created reaching the broker",
        )
        message = json.loads(body)
        assert message["type"] == "identity.user.created" and message["source"] == "identity"
        assert message["data"]["user_id"] == user.id and message["data"]["staff"] is True
    finally:
        stop.set()
        worker.join(timeout=15)
        connection.close()
    assert not worker.is_alive()
