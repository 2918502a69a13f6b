"""Publishing as a relay would and running a consumer for the length of a `with` block."""

from __future__ import annotations

import contextlib
import threading

import pika
from sqlalchemy import event

from foyer_shared.messaging import connect


def publish_envelope(amqp_url: str, exchange: str, envelope) -> None:
    """Publish as a service's relay would (persistent, confirmed, mandatory): a message that
    nothing is bound to raises, so a test can never pass by sending into the void."""
    connection = connect(amqp_url)
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            exchange,
            envelope.type,
            envelope.to_bytes(),
            properties=pika.BasicProperties(
                delivery_mode=pika.DeliveryMode.Persistent,
                content_type="application/json",
                message_id=envelope.id,
                type=envelope.type,
            ),
            mandatory=True,
        )
    finally:
        connection.close()


@contextlib.contextmanager
def running(consumer, amqp_url: str):
    """Run a Consumer in a thread for the `with` block; its queues exist before it yields, so
    a message published at once is routed even if the thread starts late."""
    connection = connect(amqp_url)
    consumer.declare(connection.channel())
    connection.close()
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield consumer
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive(), "the consumer did not stop"


@contextlib.contextmanager
def outbox_inserts(engine):
    """Within the block, how many rows each INSERT INTO outbox the database receives carries:
    [250] is one multi-row statement, [1, 1, ...] a statement per row (psycopg's executemany)."""
    seen: list[int] = []

    def before(_conn, _cursor, statement, parameters, _context, _executemany):
        if not statement.startswith("INSERT INTO outbox"):
            return
        if isinstance(parameters, list | tuple) and parameters and isinstance(parameters[0], dict):
            seen.extend([1] * len(parameters))
        else:
            seen.append(statement.count("%(id"))  # the rows rendered into this one statement

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
