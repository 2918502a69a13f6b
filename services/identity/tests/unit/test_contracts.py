"""identity's contracts: what it publishes is committed in contracts/, what it consumes is
declared by its publisher (docs/events.md → Contracts)."""

from __future__ import annotations

from foyer_shared import contracts
from identity import events, handlers
from identity.use_cases import account_listing, bulk_activation, export, import_accounts


def test_what_identity_publishes_matches_the_committed_contracts():
    assert contracts.problems([events.declared]) == []


def test_what_identity_consumes_is_declared_by_its_publisher():
    consumed = {
        **handlers.REGISTRY_HANDLERS,
        **export.COMMAND_HANDLERS,
        **import_accounts.COMMAND_HANDLERS,
        **account_listing.COMMAND_HANDLERS,
        **bulk_activation.command_handlers(settings=None),
    }
    assert contracts.unknown_consumed(consumed) == []
