"""The group hand-over: a sender's connections in rounds, one hand-over commit a round, on
PostgreSQL and a real SMTP server the test starts (aiosmtpd)."""

from __future__ import annotations

import dataclasses
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select, update

from foyer_shared.db import new_id, utcnow
from notify.delivery import smtp_round
from notify.delivery.sender import Sender
from notify.models import Message, SuppressedAddress
from notify.sinks import mail
from notify.use_cases.queueing import queue

CONNECTIONS = 3


def sender_for(settings, db, port, **changes) -> Sender:
    tuned = dataclasses.replace(
        settings,
        smtp_port=port,
        smtp_connections=CONNECTIONS,
        send_backoff_initial_seconds=60,
        **changes,
    )
    return Sender.for_email(tuned, db)


def queued(db, addresses: list[str]) -> list[str]:
    with db.transaction() as session:
        rows = [
            queue(
                session,
                kind="staff_message",
                channel="email",
                to_address=address,
                person_id=new_id(),
                subject=f"Hej {n}",
                body_text="Hej",
            )
            for n, address in enumerate(addresses)
        ]
        session.flush()
        return [row.id for row in rows]


def rows(db) -> dict[str, Message]:
    with db.read_only() as session:
        return {m.id: m for m in session.scalars(select(Message))}


def row_id_of(content: bytes) -> str:
    return message_from_bytes(content, policy=policy.default)["Message-ID"][1:].split("@")[0]


class Sink(mail.MailSink):
    """Keeps what the database said about each message when its final dot arrived."""

    def __init__(self, db, **kwargs):
        super().__init__(**kwargs)
        self.db, self.handed_at_dot = db, {}

    async def handle_DATA(self, server, session, envelope):
        row_id = row_id_of(envelope.original_content or envelope.content)
        with self.db.read_only() as s:
            self.handed_at_dot[row_id] = s.get(Message, row_id).handed_at
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture(name="recording_sink")
def recording_sink_fixture(db):
    handler = Sink(db)
    controller = mail.start(handler)
    yield handler, controller.port
    controller.stop()


def test_each_round_is_recorded_in_one_commit_before_its_dots(settings, db, recording_sink):
    handler, port = recording_sink
    ids = queued(db, [f"p{n}@example.se" for n in range(7)])
    assert sender_for(settings, db, port).run_once() == 7
    found = rows(db)
    assert {m.state for m in found.values()} == {"sent"}
    # Every message was recorded as handed over before the server read its dot...
    assert sorted(handler.handed_at_dot) == sorted(ids)
    assert all(handler.handed_at_dot[i] == found[i].handed_at for i in ids)
    # ...and a round of three connections shares one hand-over: 7 messages, 3 rounds.
    assert len({m.handed_at for m in found.values()}) == 3


def test_a_crash_between_the_hand_over_and_the_dots_never_resends(settings, db, sink, monkeypatch):
    handler, port = sink
    ids = queued(db, [f"p{n}@example.se" for n in range(5)])

    class Killed(BaseException):
        pass

    def killed_before_the_dots(transfers):
        for transfer in transfers:
            transfer.session.drop()  # the process is gone: its sockets close without the dot
        raise Killed

    monkeypatch.setattr(smtp_round, "dots", killed_before_the_dots)
    with pytest.raises(Killed):
        sender_for(settings, db, port).run_once()
    monkeypatch.undo()
    assert handler.received == []  # the server discarded the unfinished messages
    handed = {i for i, m in rows(db).items() if m.handed_at is not None}
    assert len(handed) == CONNECTIONS  # the first round was recorded, the rest was not
    with db.transaction() as session:  # the lease of the killed sender runs out
        session.execute(update(Message).values(last_attempt_at=utcnow().replace(year=2020)))
    sender_for(settings, db, port).run_once()
    found = rows(db)
    assert all(found[i].state == "sent" and "counted as sent" in found[i].reason for i in handed)
    resent = {row_id_of(content) for _, _, content in handler.received}
    assert resent == set(ids) - handed  # never the handed-over ones again
    assert {found[i].attempts for i in resent} == {2}


def test_each_message_of_a_round_gets_its_own_outcome(settings, db, sink):
    handler, port = sink
    answers = {"gone": "550 5.1.1 no such user", "busy": "451 4.3.0 try again later"}
    handler.refuse = lambda address: answers.get(address.split("@")[0])
    ids = queued(db, ["a@example.se", "gone@example.se", "busy@example.se", "b@example.se"])
    sender_for(settings, db, port).run_once()
    found = rows(db)
    states = [found[i].state for i in ids]
    assert states == ["sent", "bounced", "queued", "sent"]
    assert found[ids[2]].next_attempt_at > utcnow() and "451" in found[ids[2]].reason
    with db.read_only() as session:
        assert session.get(SuppressedAddress, "gone@example.se") is not None
    assert sorted(rcpt for _, [rcpt], _ in handler.received) == ["a@example.se", "b@example.se"]


class DroppingSink(mail.MailSink):
    """Closes the connection at the RCPT of `drop@…`, and refuses the dot of `later@…` once."""

    def __init__(self):
        super().__init__()
        self.refused_dot = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("drop@"):
            server.transport.close()
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        if envelope.rcpt_tos == ["later@example.se"] and not self.refused_dot:
            self.refused_dot = True
            return "451 4.3.0 come back later"
        return await super().handle_DATA(server, session, envelope)


def test_a_lost_connection_or_a_refused_dot_is_retried_the_rest_goes_on(settings, db):
    handler = DroppingSink()
    controller = mail.start(handler)
    try:
        addresses = ["drop@example.se", "later@example.se"] + [f"p{n}@example.se" for n in range(5)]
        ids = queued(db, addresses)
        sender = sender_for(settings, db, controller.port)
        sender.run_once()
        found = rows(db)
        assert [found[i].state for i in ids[:2]] == ["queued", "queued"]
        assert "before hand-over" in found[ids[0]].reason and "451" in found[ids[1]].reason
        assert all(found[i].state == "sent" for i in ids[2:])  # over the other connections
        with db.transaction() as session:  # the back-off has passed; the address is fixed
            session.execute(update(Message).values(next_attempt_at=utcnow()))
            session.get(Message, ids[0]).to_address = "fixed@example.se"
        assert sender.run_once() == 2
        again = rows(db)
        assert [(again[i].state, again[i].attempts) for i in ids[:2]] == [("sent", 2)] * 2
    finally:
        controller.stop()
    received = sorted(row_id_of(content) for _, _, content in handler.received)
    assert received == sorted(ids)  # each once


def test_a_flagged_address_is_suppressed_at_the_claim_never_sent(settings, db, sink):
    handler, port = sink
    ids = queued(db, ["a@example.se", "flagged@example.se", "b@example.se"])
    with db.transaction() as session:
        session.add(SuppressedAddress(address="flagged@example.se", channel="email", reason="550"))
    assert sender_for(settings, db, port).run_once() == 2
    found = rows(db)
    assert [found[i].state for i in ids] == ["sent", "suppressed", "sent"]
    assert "address flagged" in found[ids[1]].reason
    assert sorted(rcpt for _, [rcpt], _ in handler.received) == ["a@example.se", "b@example.se"]


class TakingBackSink(mail.MailSink):
    """Plays another sender taking the claim back while the round waits for its dots."""

    def __init__(self, db):
        super().__init__()
        self.db = db

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("slow@"):
            with self.db.transaction() as s:
                s.execute(update(Message).values(last_attempt_at=utcnow().replace(year=2030)))
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_a_round_whose_claim_was_taken_back_sends_no_dot(settings, db):
    handler = TakingBackSink(db)
    controller = mail.start(handler)
    try:
        ids = queued(db, ["slow@example.se", "a@example.se", "b@example.se", "c@example.se"])
        sender_for(settings, db, controller.port).run_once()
    finally:
        controller.stop()
    assert handler.received == []  # the round was dropped before its dots
    found = rows(db)
    assert {(found[i].state, found[i].handed_at) for i in ids} == {("sending", None)}
