"""Connecting to RabbitMQ and declaring Foyer's two exchanges."""

from __future__ import annotations

import pika

EVENTS_EXCHANGE = "foyer.events"  # topic: routing key = event type
COMMANDS_EXCHANGE = "foyer.commands"  # direct: routing key = <target>.<command>


def connect(amqp_url: str) -> pika.BlockingConnection:
    params = pika.URLParameters(amqp_url)
    params.heartbeat = 30
    params.blocked_connection_timeout = 30  # a broker in flow control must not hang us forever
    params.connection_attempts = 1
    params.socket_timeout = 5
    return pika.BlockingConnection(params)


def declare_exchanges(channel) -> None:
    channel.exchange_declare(EVENTS_EXCHANGE, exchange_type="topic", durable=True)
    channel.exchange_declare(COMMANDS_EXCHANGE, exchange_type="direct", durable=True)


def ping(amqp_url: str) -> None:
    """Raise if the broker cannot be reached (used by /ready)."""
    connect(amqp_url).close()
