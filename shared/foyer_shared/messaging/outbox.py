"""Writing a message into the outbox, inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

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
    """The only way a service publishes: the row commits (or not) with the change itself."""

    def __init__(self, tables: MessagingTables, source: str):
        self._table = tables.outbox
        self._source = source

    def event(
        self, session: Session, type: str, data: dict, correlation_id: str | None = None
    ) -> Envelope:
        return self._add(session, EVENTS_EXCHANGE, type, type, data, correlation_id)

    def command(
        self, session: Session, name: str, data: dict, correlation_id: str | None = None
    ) -> Envelope:
        return self._add(session, COMMANDS_EXCHANGE, name, name, data, correlation_id)

    def events(
        self, session: Session, type: str, datas: list[dict], correlation_id: str | None = None
    ) -> list[Envelope]:
        """Many events of one type in one multi-row INSERT (bulk work such as an import batch)."""
        envelopes = [self._envelope(type, data, correlation_id) for data in datas]
        if envelopes:
            session.execute(
                insert(self._table),
                [self._row(EVENTS_EXCHANGE, type, envelope) for envelope in envelopes],
            )
            _notify(session)
        return envelopes

    def _add(self, session, exchange, routing_key, type_, data, correlation_id) -> Envelope:
        envelope = self._envelope(type_, data, correlation_id)
        session.execute(insert(self._table).values(**self._row(exchange, routing_key, envelope)))
        _notify(session)
        return envelope

    def _envelope(self, type_: str, data: dict, correlation_id: str | None) -> Envelope:
        return Envelope(
            type=type_,
            source=self._source,
            data=data,
            correlation_id=correlation_id or request_id_var.get(),
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


def _notify(session: Session) -> None:
    notify(session, OUTBOX_CHANNEL)
