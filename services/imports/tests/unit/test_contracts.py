"""imports' contracts: what it publishes and sends is committed in contracts/, what it consumes
is declared by its publisher (docs/events.md → Contracts)."""

from __future__ import annotations

from foyer_shared import contracts
from imports import events, handlers


def test_what_imports_publishes_matches_the_committed_contracts():
    assert contracts.problems([events.declared]) == []


def test_what_imports_consumes_is_declared_by_its_publisher():
    consumed = {**handlers.REGISTRY_HANDLERS, **handlers.COMMAND_HANDLERS}
    assert contracts.unknown_consumed(consumed) == []
