"""The envelope round-trips as UTF-8 JSON and refuses what is not an envelope."""

import json

import pytest

from foyer_shared.envelope import Envelope, InvalidEnvelope


def test_round_trip_keeps_every_field_and_utf8():
    envelope = Envelope(
        type="registry.person.created",
        source="registry",
        data={"name": "Åsa"},
        correlation_id="req-1",
    )
    raw = envelope.to_bytes()
    assert "Åsa".encode() in raw
    assert Envelope.from_bytes(raw) == envelope
    body = json.loads(raw)
    assert set(body) == {"id", "type", "source", "occurred_at", "correlation_id", "schema", "data"}
    assert body["occurred_at"].endswith("Z")


@pytest.mark.parametrize("raw", [b"not json", b'{"type": "x"}', b"\xff\xfe", b"[]"])
def test_garbage_is_invalid(raw):
    with pytest.raises(InvalidEnvelope):
        Envelope.from_bytes(raw)
