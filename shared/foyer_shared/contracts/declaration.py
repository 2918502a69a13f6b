"""A message's declaration: its name, version and the marshmallow schema of its data."""

from __future__ import annotations

import dataclasses

import marshmallow

EVENT = "event"
COMMAND = "command"

# Off in production: a 1,000-row import batch checked field by field would cost more than
# writing it. The root conftest.py turns it on, so every publish a test makes is checked.
_checking = {"on": False}


def check_published(on: bool) -> None:
    """Check each published payload against its declaration (tests and development)."""
    _checking["on"] = on


def checking_published() -> bool:
    return _checking["on"]


class ContractViolation(ValueError):
    """A payload does not match its message's declaration."""


@dataclasses.dataclass(frozen=True)
class Message:
    """One version of one event or command: what `Outbox.publish` sends and CI compares."""

    name: str
    version: int
    schema: type[marshmallow.Schema]
    kind: str
    publisher: str

    def check(self, data: dict) -> None:
        errors = self.schema().validate(data)
        if errors:
            raise ContractViolation(f"{self.name} v{self.version}: {errors}")

    @property
    def description(self) -> str:
        return " ".join((self.schema.__doc__ or "").split())


class Declarations:
    """The messages one service publishes; its events.py holds exactly one of these."""

    def __init__(self, publisher: str):
        self.publisher = publisher
        self.messages: list[Message] = []

    def event(self, name: str, version: int, schema: type[marshmallow.Schema]) -> Message:
        return self._declare(name, version, schema, EVENT)

    def command(self, name: str, version: int, schema: type[marshmallow.Schema]) -> Message:
        return self._declare(name, version, schema, COMMAND)

    def _declare(self, name, version, schema, kind) -> Message:
        if any(m.name == name and m.version == version for m in self.messages):
            raise ValueError(f"{name} v{version} is declared twice")
        message = Message(name, version, schema, kind, self.publisher)
        self.messages.append(message)
        return message
