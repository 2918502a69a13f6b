"""The consumer loop: idempotent handlers, ack after commit, retry with back-off, then park."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence

import pika
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from foyer_shared.db import Database, utcnow
from foyer_shared.envelope import Envelope, InvalidEnvelope
from foyer_shared.logging import request_id_var
from foyer_shared.messaging.broker import connect, declare_exchanges
from foyer_shared.messaging.tables import MessagingTables
from foyer_shared.messaging.versions import VersionNotAccepted, resolve
from foyer_shared.metrics import CONSUMER_HANDLED, CONSUMER_SECONDS

log = logging.getLogger(__name__)

Handler = Callable[[Session, Envelope], None]
ATTEMPTS_HEADER = "x-foyer-attempts"
ERROR_HEADER = "x-foyer-error"
QUEUE_TYPES = ("classic", "quorum")


def queue_arguments(queue: str, queue_type: str = "classic", delivery_limit: int = 10):
    """Arguments of a consumer's three queues: (main, retry, parked) (docs/messaging.md → Queue
    types). Classic: what RabbitMQ 3.10 and `make up` have always had. Quorum (RabbitMQ 3.10+,
    replicated over a cluster): the broker also counts deliveries, so a message that kills its
    consumer before the ack (out of memory, a crash) is dead-lettered to `<queue>.parked`
    after `delivery_limit` deliveries instead of being redelivered forever; dead-lettering is
    at-least-once, so a message being parked is never lost on the way."""
    if queue_type not in QUEUE_TYPES:
        raise ValueError(f"queue type {queue_type!r}: one of {', '.join(QUEUE_TYPES)}")
    back = {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": queue}
    if queue_type == "classic":
        return {}, back, {}
    quorum = {"x-queue-type": "quorum"}
    safe = {"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}
    main = {
        **quorum,
        **safe,
        "x-delivery-limit": delivery_limit,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": f"{queue}.parked",
    }
    return main, {**quorum, **safe, **back}, quorum


class Consumer:
    """One queue, its bindings and handlers; see ARCHITECTURE.md → Messaging for the contract."""

    def __init__(
        self,
        db: Database,
        tables: MessagingTables,
        amqp_url: str,
        queue: str,
        bindings: Sequence[tuple[str, str]],
        handlers: Mapping[str, Handler],
        max_attempts: int = 5,
        prefetch: int = 20,
        retry_delays: Sequence[float] = (1, 2, 5, 10, 30),
        queue_type: str = "classic",
        delivery_limit: int = 10,
    ):
        self._db = db
        self._inbox = tables.inbox
        self._amqp_url = amqp_url
        self.queue = queue
        self._bindings = bindings
        self._handlers = handlers
        self._max_attempts = max_attempts
        self._prefetch = prefetch
        self._retry_delays = retry_delays
        self._arguments = queue_arguments(queue, queue_type, delivery_limit)
        self._timer = CONSUMER_SECONDS.labels(queue)

    @classmethod
    def for_handlers(
        cls,
        db: Database,
        tables: MessagingTables,
        settings,
        queue: str,
        exchange: str,
        handlers: Mapping[str, Handler],
        prefetch: int | None = None,
    ) -> Consumer:
        """A queue bound to exactly the routing keys `handlers` knows, on one exchange: what
        nobody here handles yet stays out of the queue instead of being acked and forgotten."""
        return cls(
            db,
            tables,
            settings.amqp_url,
            queue,
            bindings=[(exchange, key) for key in handlers],
            handlers=handlers,
            max_attempts=settings.consumer_max_attempts,
            prefetch=settings.consumer_prefetch if prefetch is None else prefetch,
            queue_type=settings.queue_type,
            delivery_limit=settings.queue_delivery_limit,
        )

    def declare(self, channel) -> None:
        main, retry, parked = self._arguments
        declare_exchanges(channel)
        # The parked queue first: a quorum queue dead-letters into it from the start.
        channel.queue_declare(f"{self.queue}.parked", durable=True, arguments=parked or None)
        channel.queue_declare(self.queue, durable=True, arguments=main or None)
        for exchange, routing_key in self._bindings:
            channel.queue_bind(self.queue, exchange, routing_key=routing_key)
        # Messages wait out their back-off here, then dead-letter back into the main queue.
        channel.queue_declare(f"{self.queue}.retry", durable=True, arguments=retry)

    def run(self, stop: threading.Event) -> None:
        """Consume until `stop` is set, reconnecting with back-off when the broker goes away."""
        backoff = 0.5
        while not stop.is_set():
            try:
                self._consume(stop)
                backoff = 0.5
            except Exception:  # noqa: BLE001 - broker or database away: wait and reconnect
                log.warning("consumer %s paused; reconnecting", self.queue, exc_info=True)
                stop.wait(backoff)
                backoff = min(backoff * 2, 10)

    def _consume(self, stop: threading.Event) -> None:
        connection = connect(self._amqp_url)
        try:
            channel = connection.channel()
            self.declare(channel)
            channel.confirm_delivery()  # retry/park publishes are confirmed before the ack
            channel.basic_qos(prefetch_count=self._prefetch)
            for method, properties, body in channel.consume(self.queue, inactivity_timeout=0.5):
                if stop.is_set():
                    break
                if method is not None:
                    self.handle_delivery(channel, method, properties, body)
        finally:
            if connection.is_open:
                connection.close()

    def handle_delivery(self, channel, method, properties, body: bytes) -> None:
        attempts = int((properties.headers or {}).get(ATTEMPTS_HEADER, 0)) + 1
        try:
            envelope = Envelope.from_bytes(body)
        # ValueError too: Envelope.from_bytes lets a bad occurred_at escape as a plain ValueError,
        # and an unparked bad message would be redelivered forever.
        except (InvalidEnvelope, ValueError) as exc:
            self._park(channel, properties, body, attempts, f"invalid envelope: {exc}")
            channel.basic_ack(method.delivery_tag)
            return
        try:
            handler = resolve(self._handlers, envelope.type, envelope.schema)
        except VersionNotAccepted as exc:  # a deploy out of order: an operator replays it later
            self._park(channel, properties, body, attempts, str(exc))
            channel.basic_ack(method.delivery_tag)
            return
        if handler is None:
            log.debug("no handler for %s in %s; ignored", envelope.type, self.queue)
            self._count("ignored")
        else:
            self._handle(channel, properties, body, attempts, handler, envelope)
        channel.basic_ack(method.delivery_tag)

    def _handle(self, channel, properties, body, attempts: int, handler, envelope) -> None:
        token = request_id_var.set(envelope.correlation_id)
        started = time.perf_counter()
        try:
            outcome = self._apply_once(handler, envelope)
            self._timer.observe(time.perf_counter() - started)
            self._count(outcome)
        except Exception as exc:  # noqa: BLE001 - any handler failure is retried, then parked
            log.exception("handling %s failed (attempt %d)", envelope.type, attempts)
            error = f"{exc.__class__.__name__}: {exc}"
            if attempts >= self._max_attempts:
                self._park(channel, properties, body, attempts, error)
            else:
                self._retry(channel, properties, body, attempts)
                self._count("retried")
        finally:
            request_id_var.reset(token)

    def _count(self, outcome: str) -> None:
        CONSUMER_HANDLED.labels(self.queue, outcome).inc()

    def _apply_once(self, handler: Handler, envelope: Envelope) -> str:
        """`handled`, or `duplicate` when this queue had handled the message before."""
        try:
            return self._apply(handler, envelope)
        except IntegrityError:
            # Another consumer of this queue committed the same message while we applied it:
            # the broker redelivered it when a connection was lost mid-handler, and the first
            # one went on. Our attempt was rolled back; that is a duplicate, not a failure.
            if not self._seen(envelope.id):
                raise
            log.info(
                "duplicate %s %s (handled meanwhile by another consumer) ignored",
                envelope.type,
                envelope.id,
            )
            return "duplicate"

    def _apply(self, handler: Handler, envelope: Envelope) -> str:
        with self._db.transaction() as session:
            if self._seen(envelope.id, session):
                log.info("duplicate %s %s ignored", envelope.type, envelope.id)
                return "duplicate"
            handler(session, envelope)
            # Same transaction as the handler's writes: both happen, or neither.
            session.execute(
                insert(self._inbox).values(
                    message_id=envelope.id, consumer=self.queue, processed_at=utcnow()
                )
            )
        return "handled"

    def _seen(self, message_id: str, session: Session | None = None) -> bool:
        """Whether this queue's inbox records the message as handled (a fresh read without
        `session`)."""
        if session is None:
            with self._db.read_only() as fresh:
                return self._seen(message_id, fresh)
        inbox = self._inbox
        return (
            session.execute(
                select(inbox.c.message_id)
                .where(inbox.c.message_id == message_id)
                .where(inbox.c.consumer == self.queue)
            ).first()
            is not None
        )

    def _retry(self, channel, properties, body: bytes, attempts: int) -> None:
        delay = self._retry_delays[min(attempts - 1, len(self._retry_delays) - 1)]
        # One retry queue with per-message expiry: RabbitMQ expires only at the head, so a
        # short delay queued behind a long one waits longer. Acceptable for a back-off.
        channel.basic_publish(
            "",
            f"{self.queue}.retry",
            body,
            properties=_with_headers(
                properties, {ATTEMPTS_HEADER: attempts}, expiration=str(int(delay * 1000))
            ),
        )

    def _park(self, channel, properties, body: bytes, attempts: int, error: str) -> None:
        log.error("parked a message in %s.parked: %s", self.queue, error)
        self._count("parked")
        channel.basic_publish(
            "",
            f"{self.queue}.parked",
            body,
            properties=_with_headers(
                properties, {ATTEMPTS_HEADER: attempts, ERROR_HEADER: error[:1000]}
            ),
        )


def _with_headers(properties, headers: dict, expiration: str | None = None):
    """The original properties with our headers; user_id is dropped (the broker checks it)."""
    return pika.BasicProperties(
        content_type=properties.content_type or "application/json",
        content_encoding=properties.content_encoding,
        headers={**(properties.headers or {}), **headers},
        delivery_mode=pika.DeliveryMode.Persistent,
        priority=properties.priority,
        correlation_id=properties.correlation_id,
        reply_to=properties.reply_to,
        expiration=expiration,
        message_id=properties.message_id,
        timestamp=properties.timestamp,
        type=properties.type,
        app_id=properties.app_id,
    )
