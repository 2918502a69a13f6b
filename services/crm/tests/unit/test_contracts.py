"""The CRM's contracts: what it publishes is committed in contracts/, what it consumes is
declared by its publisher (docs/events.md → Contracts)."""

from __future__ import annotations

from crm import accepted, events, handlers
from foyer_shared import contracts


def test_what_the_crm_publishes_matches_the_committed_contracts():
    assert contracts.problems([events.declared, accepted.bookings]) == []


def test_what_the_crm_consumes_is_declared_by_its_publisher():
    consumed = {
        **handlers.REGISTRY_HANDLERS,
        **handlers.IDENTITY_HANDLERS,
        **handlers.BOOKING_HANDLERS,
        **handlers.NOTIFY_HANDLERS,
        **handlers.COMMAND_HANDLERS,
    }
    assert contracts.unknown_consumed(consumed) == []
