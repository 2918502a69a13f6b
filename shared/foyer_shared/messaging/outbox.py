"""Writing a message into the outbox, inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

from foyer_shared.contracts.declaration import COMMAND, EVENT, Message, checking_published
from foyer_shared.db import utcnow
from foyer_shared.envelope import Envelope
from foyer_shared.logging import request_id_var
from foyer_shared.messaging.broker import COMMANDS_EXCHANGE, EVENTS_EXCHANGE
from foyer_shared.messaging.tables import MessagingTables
from foyer_shared.messaging.wakeup import notify

# PostgreSQL delivers a NOTIFY when the writing transaction commits (and not at all when it
# rolls back); the relay LISTENs, so it sleeps while idle instead of polling the table.
OUTBOX_CHANNEL = "foyer_outbox"


class Outbox:
    """The only way a service publishes: the row commits (or not) with the change itself.
    What it sends is a declared `Message` (the service's events.py), never a bare name."""

    def __init__(self, tables: MessagingTables, source: str):
        self._table = tables.outbox
        self._source = source

    def event(
        self, session: Session, type: Message, data: dict, correlation_id: str | None = None
    ) -> Envelope:
        _declared(type, EVENT, data)
        return self._add(session, EVENTS_EXCHANGE, type, data, correlation_id)

    def command(
        self, session: Session, name: Message, data: dict, correlation_id: str | None = None
    ) -> Envelope:
        _declared(name, COMMAND, data)
        return self._add(session, COMMANDS_EXCHANGE, name, data, correlation_id)

    def events(
        self,
        session: Session,
        type: Message,
        datas: list[dict],
        correlation_id: str | None = None,
    ) -> list[Envelope]:
        """Many events of one type in one multi-row INSERT: for every path that announces
        many facts at once (an import batch, a merge's groups, a bulk activation)."""
        for data in datas:
            _declared(type, EVENT, data)
        return self._add_many(session, EVENTS_EXCHANGE, type, datas, correlation_id)

    def commands(
        self,
        session: Session,
        name: Message,
        datas: list[dict],
        correlation_id: str | None = None,
    ) -> list[Envelope]:
        """Many commands of one name in one multi-row INSERT (a mail-out's chunk, reminders)."""
        for data in datas:
            _declared(name, COMMAND, data)
        return self._add_many(session, COMMANDS_EXCHANGE, name, datas, correlation_id)

    def _add_many(self, session, exchange, message: Message, datas, correlation_id):
        envelopes = [self._envelope(message, data, correlation_id) for data in datas]
        rows = [self._row(exchange, message.name, envelope) for envelope in envelopes]
        if rows:
            # With RETURNING, SQLAlchemy sends the rows as INSERT ... VALUES (...), (...), a
            # statement per 1000 ("insertmanyvalues", compiled once); .values(rows) compiled 6
            # parameters a row on every call (3x slower). Without RETURNING psycopg pipelines a
            # statement per row: about 2x faster for small events, but a statement each.
            # COPY (foyer_shared.bulk.insert_rows) measured 10x faster; the statement-count
            # tests (foyer_testing.outbox_inserts) would need another way to see it.
            session.execute(insert(self._table).returning(self._table.c.id), rows)
            _notify(session)
        return envelopes

    def _add(self, session, exchange, message: Message, data, correlation_id) -> Envelope:
        envelope = self._envelope(message, data, correlation_id)
        row = self._row(exchange, message.name, envelope)
        session.execute(insert(self._table).values(**row))
        _notify(session)
        return envelope

    def _envelope(self, message: Message, data: dict, correlation_id: str | None) -> Envelope:
        return Envelope(
            type=message.name,
            source=self._source,
            data=data,
            correlation_id=correlation_id or request_id_var.get(),
            schema=message.version,
        )

    @staticmethod
    def _row(exchange: str, routing_key: str, envelope: Envelope) -> dict:
        return {
            "id": envelope.id,
            "exchange": exchange,
            "routing_key": routing_key,
            "body": envelope.to_json(),
            "created_at": utcnow(),
            "attempts": 0,
        }


def _declared(message: Message, kind: str, data: dict) -> None:
    if not isinstance(message, Message) or message.kind != kind:
        raise TypeError(f"publish a {kind} declared in the service's events.py, not {message!r}")
    if checking_published():
        message.check(data)


def _notify(session: Session) -> None:
    notify(session, OUTBOX_CHANNEL)
