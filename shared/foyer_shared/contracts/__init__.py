"""Message contracts: every event and command declared once, versioned, checked in CI.

A service declares what it publishes in its events.py (`Declarations`); `make contracts` writes
one JSON Schema per message and version to contracts/ at the repository root; each service's
tests compare its declarations with those files (docs/events.md → Contracts).
"""

from foyer_shared.contracts.checks import (
    BreakingChange,
    generated,
    problems,
    unknown_consumed,
    write,
)
from foyer_shared.contracts.compatibility import breaking_changes
from foyer_shared.contracts.declaration import (
    COMMAND,
    EVENT,
    ContractViolation,
    Declarations,
    Message,
    check_published,
    checking_published,
)
from foyer_shared.contracts.examples import envelope, example, off_contract
from foyer_shared.contracts.json_schema import CONTRACTS_DIR, committed, read, to_json_schema

__all__ = [
    "COMMAND",
    "CONTRACTS_DIR",
    "EVENT",
    "BreakingChange",
    "ContractViolation",
    "Declarations",
    "Message",
    "breaking_changes",
    "check_published",
    "checking_published",
    "committed",
    "envelope",
    "example",
    "generated",
    "off_contract",
    "problems",
    "read",
    "to_json_schema",
    "unknown_consumed",
    "write",
]
