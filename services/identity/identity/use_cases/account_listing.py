"""The command identity.send_accounts: every account and role name, for a copy to resync.

The CRM keeps a copy of the accounts from identity's events; an event published before its
queue existed (the owner made at start-up, on a fresh install) never reached it. It asks for
the whole list instead, and this answers with `identity.accounts.listed`: the accounts in parts
of PART_SIZE, all written to the outbox in the consumer's transaction, so every part describes
the same moment (one snapshot). Never a password hash, never an e-mail. Answering twice is
harmless: the copy takes each account as it is. Its handler is here, listed in handlers.py.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from foyer_shared.db import new_id
from foyer_shared.envelope import Envelope
from identity import events
from identity.domain import roles
from identity.models.account import INACTIVE
from identity.repository.account import UserRepository
from identity.repository.role import RoleRepository

SEND_ACCOUNTS = "identity.send_accounts"
PART_SIZE = 500


def on_send_accounts(session: Session, envelope: Envelope) -> None:
    listed = [_account(row, names) for row, names in UserRepository(session).listing()]
    role_names = sorted({*roles.BUILT_IN_ROLES, *(r.name for r in RoleRepository(session).all())})
    parts = [listed[i : i + PART_SIZE] for i in range(0, len(listed), PART_SIZE)] or [[]]
    requested_by = envelope.data.get("requested_by") or envelope.source
    snapshot = {"snapshot_id": new_id(), "parts": len(parts), "requested_by": requested_by}
    answers = [
        {**snapshot, "part": number, "accounts": accounts, "roles": role_names}
        for number, accounts in enumerate(parts, start=1)
    ]
    # One multi-row insert: a register of 40,000 members is 80 parts.
    events.outbox.events(
        session, events.ACCOUNTS_LISTED, answers, correlation_id=envelope.correlation_id
    )


def _account(row, names: list[str]) -> dict:
    return {
        "user_id": row.id,
        "person_id": row.person_id,
        "username": row.username,
        "roles": names,
        "staff": roles.is_staff(names),
        "active": row.status != INACTIVE,
    }


COMMAND_HANDLERS = {SEND_ACCOUNTS: on_send_accounts}
