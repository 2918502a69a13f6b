"""The message envelope every event and command travels in (ARCHITECTURE.md → Messaging)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import orjson

from foyer_shared.db import new_id, utcnow

SCHEMA_VERSION = 1


class InvalidEnvelope(ValueError):
    """The bytes are not a Foyer envelope; such a message can never succeed."""


@dataclasses.dataclass(frozen=True)
class Envelope:
    type: str
    source: str
    data: dict[str, Any]
    id: str = dataclasses.field(default_factory=new_id)
    occurred_at: str = dataclasses.field(
        default_factory=lambda: utcnow().isoformat().replace("+00:00", "Z")
    )
    correlation_id: str | None = None
    schema: int = SCHEMA_VERSION

    def to_json(self) -> str:
        return self.to_bytes().decode("utf-8")

    def to_bytes(self) -> bytes:
        # Shallow on purpose: dataclasses.asdict deep-copies `data`, which for a 1000-row
        # import batch cost more than reading and judging the rows. orjson: an import batch is
        # a few hundred kilobytes of JSON, and the json module was a tenth of a worker's time.
        fields = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        return orjson.dumps(fields, option=orjson.OPT_NON_STR_KEYS)

    @classmethod
    def from_bytes(cls, body: bytes) -> Envelope:
        try:
            raw = orjson.loads(body)
            envelope = cls(
                id=str(raw["id"]),
                type=str(raw["type"]),
                source=str(raw["source"]),
                occurred_at=str(raw["occurred_at"]),
                correlation_id=raw.get("correlation_id"),
                schema=int(raw.get("schema", SCHEMA_VERSION)),
                data=dict(raw["data"]),
            )
        except (orjson.JSONDecodeError, ValueError, KeyError, TypeError) as exc:
            raise InvalidEnvelope(str(exc)) from exc
        datetime.fromisoformat(envelope.occurred_at.replace("Z", "+00:00"))
        return envelope
