"""Drops cached decisions the moment identity or the registry says something changed.

Each gateway worker process runs one consumer thread on an exclusive, auto-delete queue of its
own (every process holds its own cache, so every process must hear every event). No inbox:
dropping a cache entry twice is harmless. While disconnected, the caches are marked untrusted
(entries believed only briefly) and emptied on reconnect, since events may have been missed.
"""

from __future__ import annotations

import logging
import threading

from foyer_shared.envelope import Envelope, InvalidEnvelope
from foyer_shared.messaging.broker import EVENTS_EXCHANGE, connect
from gateway.gate import Caches

log = logging.getLogger(__name__)

BINDINGS = (
    "identity.user.*",
    "identity.role.changed",
    "identity.session.revoked",
    "registry.group.membership_changed",
    "registry.family.changed",
)


# The versions of those events (contracts/) this code reads; docs/events.md → Contracts.
ACCEPTED_VERSIONS = frozenset({1})


def invalidate(caches: Caches, envelope: Envelope) -> None:
    """Drop what the event affects; an event we cannot read drops everything (safe side)."""
    data, kind = envelope.data, envelope.type
    if envelope.schema not in ACCEPTED_VERSIONS:
        raise ValueError(f"{kind} version {envelope.schema} not known here")
    if kind == "identity.role.changed":
        for cache in caches.all():
            cache.clear()
    elif kind.startswith("identity.user.") or kind == "identity.session.revoked":
        user_id = data.get("user_id")
        if not user_id:
            raise ValueError(f"{kind} without user_id")
        caches.decisions.drop_tag(("user", str(user_id)))
        caches.access.drop_tag(("user", str(user_id)))
    elif kind.startswith("registry."):
        person_ids = data.get("person_ids")
        if not isinstance(person_ids, list):
            raise ValueError(f"{kind} without person_ids")
        for person_id in person_ids:
            caches.decisions.drop_tag(("person", str(person_id)))
            caches.scopes.drop_tag(("person", str(person_id)))


class EventListener:
    """Consumer thread with reconnect and back-off; `connected` is set while it listens."""

    def __init__(self, amqp_url: str, caches: Caches, on_event=None):
        self._amqp_url = amqp_url
        self._caches = caches
        self._on_event = on_event or (lambda kind: None)
        self._stop = threading.Event()
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gateway-events", daemon=True)

    def start(self) -> None:
        self._set_trusted(False)  # until the queue is bound, events could pass unheard
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _set_trusted(self, trusted: bool) -> None:
        for cache in self._caches.all():
            cache.trusted = trusted

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            try:
                self._consume()
                backoff = 0.5
            except Exception as exc:  # noqa: BLE001 - broker away: be conservative, retry
                log.warning("event consumer disconnected (%s); retrying in %.1fs", exc, backoff)
            self.connected.clear()
            self._set_trusted(False)
            self._stop.wait(backoff)
            backoff = min(backoff * 2, 10.0)

    def _consume(self) -> None:
        connection = connect(self._amqp_url)
        try:
            channel = connection.channel()
            channel.exchange_declare(EVENTS_EXCHANGE, exchange_type="topic", durable=True)
            queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
            for key in BINDINGS:
                channel.queue_bind(queue, EVENTS_EXCHANGE, routing_key=key)
            # Bound now: anything cached before may have missed an event while we were away.
            for cache in self._caches.all():
                cache.clear()
            self._set_trusted(True)
            self.connected.set()
            log.info("event consumer listening on %s", queue)
            for method, _props, body in channel.consume(
                queue, auto_ack=True, inactivity_timeout=0.5
            ):
                if self._stop.is_set():
                    break
                if method is not None:
                    self._handle(body)
        finally:
            if connection.is_open:
                connection.close()

    def _handle(self, body: bytes) -> None:
        try:
            envelope = Envelope.from_bytes(body)
            invalidate(self._caches, envelope)
            self._on_event(envelope.type)
        except (InvalidEnvelope, ValueError) as exc:
            log.warning("unreadable event (%s): every cached decision dropped", exc)
            for cache in self._caches.all():
                cache.clear()
