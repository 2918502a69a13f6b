"""The command identity.create_accounts: pending login accounts for persons an import created.

The registry sends it (in the same transaction as the persons) when an import job asked for
accounts. Each account is all-or-nothing on its own; a person who already has one is left
alone, so a redelivered command changes nothing twice. A username already taken gets the first
free number appended (anna.berg, anna.berg2, ...), as the importer promises. Its handler is
here, listed in handlers.py, and runs in the consumer's transaction.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from identity import events
from identity.domain import roles
from identity.models import User, UserRole
from identity.models.account import PENDING
from identity.repository.account import UserRepository
from identity.use_cases import accounts

CREATE_ACCOUNTS = "identity.create_accounts"


def on_create_accounts(session: Session, envelope: Envelope) -> None:
    data = envelope.data
    outcomes = [_one(session, item) for item in data.get("accounts") or []]
    events.outbox.event(
        session,
        events.ACCOUNTS_CREATED,
        {
            "job_id": data.get("job_id"),
            "batch_no": data.get("batch_no"),
            "outcomes": outcomes,
        },
    )


def _one(session: Session, item: dict) -> dict:
    person_id = str(item["person_id"])
    users = UserRepository(session)
    existing = users.by_person(person_id)
    if existing:
        return {"person_id": person_id, "outcome": "exists", "user_id": existing[0].id}
    username = free_username(users, str(item.get("username") or "").strip().lower())
    if not username:
        return {"person_id": person_id, "outcome": "refused", "error": "no username"}
    user = User(
        username=username,
        email=item.get("email") or None,
        status=PENDING,
        person_id=person_id,
        roles=[UserRole(role=roles.MEMBER)],
    )
    savepoint = session.begin_nested()
    try:
        accounts.add_user(session, user, None, None)  # the system grants only `member`
    except (accounts.UsernameTaken, accounts.PersonHasAccount) as exc:
        savepoint.rollback()
        return {"person_id": person_id, "outcome": "refused", "error": str(exc)}
    savepoint.commit()
    return {"person_id": person_id, "outcome": "created", "user_id": user.id, "username": username}


def free_username(users: UserRepository, wanted: str) -> str:
    if not wanted or not users.by_username(wanted):
        return wanted
    number = 2
    while users.by_username(f"{wanted}{number}"):
        number += 1
    return f"{wanted}{number}"


COMMAND_HANDLERS = {CREATE_ACCOUNTS: on_create_accounts}
