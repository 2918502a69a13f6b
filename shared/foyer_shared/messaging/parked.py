"""Operator tool for parked messages: list, replay or purge `<queue>.parked`."""

from __future__ import annotations

import argparse
import os

import pika

from foyer_shared.messaging.broker import connect
from foyer_shared.messaging.consumer import ATTEMPTS_HEADER, ERROR_HEADER
from foyer_shared.settings import DEFAULT_AMQP_URL


def list_parked(amqp_url: str, queue: str, limit: int = 100) -> list[dict]:
    """Peek without removing: nothing is acked, so closing the channel returns them all."""
    connection = connect(amqp_url)
    try:
        channel = connection.channel()
        found = []
        for _ in range(limit):
            method, properties, body = channel.basic_get(f"{queue}.parked", auto_ack=False)
            if method is None:
                break
            headers = properties.headers or {}
            found.append(
                {
                    "id": properties.message_id,
                    "type": properties.type,
                    "attempts": headers.get(ATTEMPTS_HEADER),
                    "error": headers.get(ERROR_HEADER),
                    "body": body.decode("utf-8", errors="replace"),
                }
            )
        return found
    finally:
        connection.close()


def replay_parked(amqp_url: str, queue: str, limit: int = 10_000) -> int:
    """Move parked messages back to their queue with a fresh attempt count."""
    connection = connect(amqp_url)
    moved = 0
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        for _ in range(limit):
            method, properties, body = channel.basic_get(f"{queue}.parked", auto_ack=False)
            if method is None:
                break
            headers = {
                k: v
                for k, v in (properties.headers or {}).items()
                if k not in (ATTEMPTS_HEADER, ERROR_HEADER)
            }
            channel.basic_publish(
                "",
                queue,
                body,
                properties=pika.BasicProperties(
                    delivery_mode=pika.DeliveryMode.Persistent,
                    content_type=properties.content_type,
                    message_id=properties.message_id,
                    type=properties.type,
                    headers=headers,
                ),
            )
            channel.basic_ack(method.delivery_tag)  # only after the broker confirmed the copy
            moved += 1
        return moved
    finally:
        connection.close()


def purge_parked(amqp_url: str, queue: str) -> int:
    connection = connect(amqp_url)
    try:
        return connection.channel().queue_purge(f"{queue}.parked").method.message_count
    finally:
        connection.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["list", "replay", "purge"])
    parser.add_argument("queue", help="the consumer's queue, e.g. crm.on-registry-events")
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", DEFAULT_AMQP_URL))
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args(argv)
    if args.command == "list":
        for message in list_parked(args.amqp_url, args.queue, args.limit):
            print(
                f"{message['id']}  {message['type']}  attempts={message['attempts']}  "
                f"error={message['error']}"
            )
    elif args.command == "replay":
        print(f"replayed {replay_parked(args.amqp_url, args.queue, args.limit)} message(s)")
    else:
        print(f"purged {purge_parked(args.amqp_url, args.queue)} message(s)")


if __name__ == "__main__":
    main()
