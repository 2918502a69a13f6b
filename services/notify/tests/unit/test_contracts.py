"""notify's contracts: what it publishes is committed in contracts/, what it consumes is
declared by its publisher (docs/events.md → Contracts)."""

from __future__ import annotations

from foyer_shared import contracts
from notify import events, handlers


def test_what_notify_publishes_matches_the_committed_contracts():
    assert contracts.problems([events.declared]) == []


def test_what_notify_consumes_is_declared_by_its_publisher():
    consumed = {**handlers.all_event_handlers(), **handlers.COMMAND_HANDLERS}
    assert contracts.unknown_consumed(consumed) == []
