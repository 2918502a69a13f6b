"""The outbox relay: publishes committed outbox rows with publisher confirms, then marks them."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pika
from sqlalchemy import delete, or_, select, update

from foyer_shared.bulk import matching
from foyer_shared.db import Database, utcnow
from foyer_shared.messaging.broker import EVENTS_EXCHANGE, connect, declare_exchanges
from foyer_shared.messaging.confirms import ACKED, NACKED, RETURNED, BatchPublisher
from foyer_shared.messaging.outbox import OUTBOX_CHANNEL
from foyer_shared.messaging.tables import MessagingTables
from foyer_shared.messaging.wakeup import Wakeup
from foyer_shared.metrics import OUTBOX_PUBLISHED, watch_outbox

log = logging.getLogger(__name__)

COMMAND_RETRY_CAP_SECONDS = 300
PRUNE_EVERY_SECONDS = 300
PRUNE_CHUNK = 500
# With LISTEN/NOTIFY (PostgreSQL) an idle relay polls only this often, as a safety net.
NOTIFIED_POLL_SECONDS = 2.0


class OutboxRelay:
    """Moves committed outbox rows to RabbitMQ; safe to run in several workers at once."""

    def __init__(
        self,
        db: Database,
        tables: MessagingTables,
        amqp_url: str,
        batch_size: int = 200,
        poll_seconds: float = 0.2,
        keep_published: timedelta | None = timedelta(days=7),
        notified_poll_seconds: float = NOTIFIED_POLL_SECONDS,
        keep_processed: timedelta | None = timedelta(days=30),
        service: str = "unnamed",
    ):
        self._db = db
        self._published = OUTBOX_PUBLISHED.labels(service)
        # Published rows are kept a while for the operator (what went out, when), then
        # deleted: an import publishes megabytes per batch, and the table would only grow.
        # The inbox (one row per message handled) is trimmed by the same loop.
        self._keep_published = keep_published
        self._keep_processed = keep_processed
        self._inbox = tables.inbox
        self._next_prune = 0.0
        self._wakeup = Wakeup.for_url(str(db.url), OUTBOX_CHANNEL)
        self._notified_poll_seconds = notified_poll_seconds
        self._outbox = tables.outbox
        self._amqp_url = amqp_url
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._connection: pika.BlockingConnection | None = None
        self._channel = None
        self._publisher: BatchPublisher | None = None

    @classmethod
    def for_settings(cls, db: Database, tables: MessagingTables, settings) -> OutboxRelay:
        """The relay a service worker runs, configured from its ServiceSettings."""
        keep, days = settings.outbox_keep_published_hours, settings.inbox_keep_days
        watch_outbox(settings.service, db, tables.outbox)
        return cls(
            db,
            tables,
            settings.amqp_url,
            poll_seconds=settings.outbox_poll_seconds,
            keep_published=timedelta(hours=keep) if keep > 0 else None,
            keep_processed=timedelta(days=days) if days > 0 else None,
            service=settings.service,
        )

    def prune_published(self, now=None) -> int:
        """Delete rows published longer ago than `keep_published`, a chunk per transaction
        (short locks, bounded work); unpublished rows are never touched. Returns the count."""
        if self._keep_published is None:
            return 0
        column = self._outbox.c.published_at
        return self._delete_before(self._outbox, column, (now or utcnow()) - self._keep_published)

    def prune_processed(self, now=None) -> int:
        """Delete the inbox's records of messages handled longer ago than `keep_processed`.
        A record only has to outlive the copies of its message that can still arrive
        (redeliveries, retries, a relay publishing again after a crash: seconds to minutes);
        a parked message was never handled, so replaying it later finds no record anyway."""
        if self._keep_processed is None:
            return 0
        column = self._inbox.c.processed_at
        return self._delete_before(self._inbox, column, (now or utcnow()) - self._keep_processed)

    def _delete_before(self, table, column, cutoff) -> int:
        """Rows whose `column` is before `cutoff`, oldest first, about PRUNE_CHUNK a
        transaction (rows sharing the chunk's last time go with it)."""
        deleted = 0
        while True:
            with self._db.transaction() as session:
                edge = session.scalar(
                    select(column)
                    .where(column < cutoff)
                    .order_by(column)
                    .offset(PRUNE_CHUNK - 1)
                    .limit(1)
                )
                last = [column <= edge] if edge is not None else []
                deleted += session.execute(delete(table).where(column < cutoff, *last)).rowcount
            if edge is None:
                return deleted

    def _prune_now_and_then(self) -> None:
        if time.monotonic() < self._next_prune:
            return
        self._next_prune = time.monotonic() + PRUNE_EVERY_SECONDS
        pruned = self.prune_published()
        if pruned:
            log.info("deleted %d outbox rows published over %s ago", pruned, self._keep_published)
        pruned = self.prune_processed()
        if pruned:
            log.info("deleted %d inbox records older than %s", pruned, self._keep_processed)

    def _ensure_channel(self):
        if self._channel is None or not self._channel.is_open:
            self.close()
            self._connection = connect(self._amqp_url)
            self._channel = self._connection.channel()
            declare_exchanges(self._channel)
            self._publisher = BatchPublisher(self._connection, self._channel)
        return self._channel

    def close(self) -> None:
        if self._wakeup is not None:
            self._wakeup.close()
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail; it is gone anyway
                pass

    def publish_pending(self) -> int:
        """One pass over due rows, oldest first. Returns how many were published.

        The batch is published at once and confirmed at once (confirms.py); rows stay
        unpublished unless the broker confirmed them. A broker failure mid-batch keeps what
        was confirmed so far and raises for the rest.
        """
        self._ensure_channel()
        table = self._outbox
        now = utcnow()
        with self._db.transaction() as session:
            rows = session.execute(
                # Only what publishing needs: the timestamps' conversions cost as much as the rest.
                select(*(table.c[name] for name in _READ))
                .where(table.c.published_at.is_(None))
                .where(or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= now))
                .order_by(table.c.created_at)
                .limit(self._batch_size)
                .with_for_update(skip_locked=True)  # several relays never publish a row twice
            ).all()
            failure: Exception | None = None
            try:
                outcomes = self._publisher.publish_batch([_message(row) for row in rows])
            except Exception as exc:  # noqa: BLE001 - broker gone: keep what was confirmed
                failure = exc
                outcomes = getattr(exc, "outcomes", {})
            published = [row.id for row in rows if self._settle(session, row, outcomes)]
            if published:
                session.execute(
                    update(table)
                    .where(matching(session, table.c.id, published))  # one array, not 500 IN
                    .values(published_at=utcnow())
                )
        self._published.inc(len(published))  # committed: the transaction above has ended
        if failure is not None:
            self.close()
            raise failure
        return len(published)

    def _settle(self, session, row, outcomes: dict[str, str]) -> bool:
        """True when the row now counts as published; postpones the ones the broker refused."""
        outcome = outcomes.get(row.id)
        if outcome == ACKED:
            return True
        if outcome == RETURNED:  # only commands are published mandatory
            self._postpone(session, row, "no queue bound for this command")
        elif outcome == NACKED:
            # The broker is up but refused this one message (e.g. a full queue); it must not
            # block every row behind it, so it waits its turn like an unroutable command.
            self._postpone(session, row, "broker refused the message (nack)")
        return False

    def _postpone(self, session, row, reason: str) -> None:
        attempts = row.attempts + 1
        delay = min(2**attempts, COMMAND_RETRY_CAP_SECONDS)
        log.error(
            "could not publish %s %s (%s); retry in %ss", row.routing_key, row.id, reason, delay
        )
        session.execute(
            update(self._outbox)
            .where(self._outbox.c.id == row.id)
            .values(
                attempts=attempts,
                last_error=reason,
                next_attempt_at=utcnow() + timedelta(seconds=delay),
            )
        )

    def run(self, stop: threading.Event) -> None:
        """Publish until `stop` is set; outages delay messages, they never lose them."""
        backoff = 0.5
        while not stop.is_set():
            try:
                count = self.publish_pending()
                backoff = 0.5
                if count < self._batch_size:
                    self._prune_now_and_then()
                    self._idle(stop)
            except Exception:  # noqa: BLE001 - broker or database away: wait and retry
                log.warning("outbox relay paused; retrying", exc_info=True)
                self.close()
                stop.wait(backoff)
                backoff = min(backoff * 2, 10)
        self.close()

    def _idle(self, stop: threading.Event) -> None:
        # Serving the broker connection while idle keeps heartbeats flowing.
        broker = (
            self._connection if self._connection is not None and self._connection.is_open else None
        )
        if self._wakeup is None:  # SQLite: poll
            if broker is not None:
                broker.process_data_events(time_limit=self._poll_seconds)
            return
        deadline = time.monotonic() + self._notified_poll_seconds
        while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
            if broker is not None:
                broker.process_data_events(time_limit=0)
            if self._wakeup.wait(min(left, 1.0)):
                return


_READ = ("id", "exchange", "routing_key", "body", "attempts")


def _message(row) -> tuple[str, str, str, bytes, pika.BasicProperties, bool]:
    properties = pika.BasicProperties(
        delivery_mode=pika.DeliveryMode.Persistent,
        content_type="application/json",
        message_id=row.id,
        type=row.routing_key,
    )
    # Only a command must reach a queue (an unroutable one is retried). An event nobody
    # subscribes to counts as published anyway, and a mandatory publish would make the broker
    # send the whole message back: that return traffic was half the relay's time.
    mandatory = row.exchange != EVENTS_EXCHANGE
    return row.id, row.exchange, row.routing_key, row.body.encode("utf-8"), properties, mandatory
