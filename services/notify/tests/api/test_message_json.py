"""The staff message's hand-made JSON equals MessageOut's dump (api/message_json.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Flask

from foyer_shared.db import new_id
from notify.api.message_json import message_json, messages_response
from notify.api.schemas import MessageOut
from notify.models import Message


def rows() -> list[Message]:
    moment = datetime(2026, 12, 6, 3, 4, 5, 123456, tzinfo=UTC)
    filled = Message(
        id=new_id(),
        person_id=new_id(),
        kind="staff_message",
        language="sv",
        channel="email",
        to_address="åsa@example.se",
        subject="Öppettider",
        state="sent",
        reason="no reply after the hand-over; counted as sent",
        attempts=2,
        created_at=moment,
        last_attempt_at=moment,
        sent_at=moment,
    )
    bare = Message(
        id=new_id(), kind="staff_message", channel="sms", to_address="", state="suppressed"
    )
    bare.attempts, bare.created_at = 0, moment
    return [filled, bare]


def test_the_json_equals_the_schemas_dump():
    made = rows()
    expected = MessageOut(many=True).dump(made)
    assert [message_json(row) for row in made] == expected
    assert list(message_json(made[0])) == list(expected[0])  # the same keys, in order


def test_the_response_carries_the_status_and_the_entries():
    made = rows()
    with Flask(__name__).app_context():
        response = messages_response(made, 202)
    assert response.status_code == 202
    assert json.loads(response.get_data()) == MessageOut(many=True).dump(made)
