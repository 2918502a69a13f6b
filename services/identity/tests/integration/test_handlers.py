"""Registry events and the export command, handled on PostgreSQL as the consumer calls them."""

from __future__ import annotations

import json
import uuid

import pytest
from identity_testing import account
from sqlalchemy import select

from foyer_shared import contracts
from foyer_shared.envelope import Envelope
from identity import handlers
from identity.models import AuditEntry, LoginSession, User
from identity.use_cases import export
from identity.use_cases.assignments import LastOwner

PASSWORD = "a-long-passphrase-1"


def person() -> str:
    return str(uuid.uuid4())


def envelope(type_, **data) -> Envelope:
    """A message built from its publisher's contract (contracts/)."""
    return contracts.envelope(type_, **data)


def apply(db, handler, message) -> None:
    with db.transaction() as session:
        handler(session, message)


def user_of(db, user_id) -> User:
    with db.read_only() as session:
        return session.get(User, user_id)


def make(db, person_id, username="anna.berg", roles=("member",)):
    return account(db, username, roles, PASSWORD, person_id=person_id)


def test_merge_moves_the_account_to_the_kept_person(db, api):
    kept, removed = person(), person()
    user = make(db, removed)
    apply(
        db,
        handlers.on_person_merged,
        envelope(handlers.PERSON_MERGED, kept_id=kept, removed_id=removed),
    )
    assert user_of(db, user.id).person_id == kept
    assert api.events("identity.user.person_changed")[-1]["data"] == {
        "user_id": user.id,
        "person_id": kept,
        "previous_person_id": removed,
    }
    assert [e.kind for e in api.audit("user.person_moved")] == ["user.person_moved"]
    # Again (a re-published event): nothing more happens.
    apply(
        db,
        handlers.on_person_merged,
        envelope(handlers.PERSON_MERGED, kept_id=kept, removed_id=removed),
    )
    assert len(api.events("identity.user.person_changed")) == 1


def test_merge_of_two_persons_with_accounts_changes_nothing(db, api):
    kept, removed = person(), person()
    first, second = make(db, kept, "first.one"), make(db, removed, "second.one")
    apply(
        db,
        handlers.on_person_merged,
        envelope(handlers.PERSON_MERGED, kept_id=kept, removed_id=removed),
    )
    assert user_of(db, first.id).person_id == kept
    assert user_of(db, second.id).person_id == removed
    assert api.events("identity.user.person_changed") == []
    assert [e.subject_user_id for e in api.audit("user.person_move_refused")] == [second.id]


def test_deleted_person_leaves_a_tombstone_and_keeps_the_audit(db, api, client):
    gone = person()
    user = make(db, gone, "erik.ek", roles=("member", "trainer"))
    refresh = client.post("/auth/login", json={"username": "erik.ek", "password": PASSWORD}).json[
        "refresh_token"
    ]
    apply(db, handlers.on_person_deleted, envelope(handlers.PERSON_DELETED, person_id=gone))
    stored = user_of(db, user.id)
    assert stored.username == f"deleted-{user.id}" and stored.email is None
    assert stored.password_hash is None and stored.person_id is None
    assert stored.status == "inactive" and stored.anonymised_at and stored.roles == []
    assert client.post("/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    with db.read_only() as session:
        assert all(s.revoked_at for s in session.scalars(select(LoginSession)))
        kinds = session.scalars(
            select(AuditEntry.kind).where(AuditEntry.subject_user_id == user.id)
        ).all()
    assert "login.succeeded" in kinds and "user.anonymised" in kinds
    types = [e["type"] for e in api.events()]
    assert "identity.user.deactivated" in types and "identity.user.roles_changed" in types
    assert "erik.ek@example.se" not in json.dumps(api.events()[-3:])


def test_persons_deleted_together_leave_tombstones(db, api):
    """An import undone: one registry.persons.deleted for a chunk of persons."""
    gone, stays = [person(), person()], person()
    users = [make(db, p, f"member.{n}") for n, p in enumerate(gone)]
    kept = make(db, stays, "member.kept")
    apply(db, handlers.on_persons_deleted, envelope(handlers.PERSONS_DELETED, person_ids=gone))
    assert [user_of(db, u.id).username for u in users] == [f"deleted-{u.id}" for u in users]
    assert user_of(db, kept.id).person_id == stays


def test_deleting_the_last_owners_person_is_refused_for_an_operator(db, settings):
    owner_person = person()
    make(db, owner_person, "the.owner", roles=("owner",))
    with pytest.raises(LastOwner):
        apply(
            db,
            handlers.on_person_deleted,
            envelope(handlers.PERSON_DELETED, person_id=owner_person),
        )


def test_export_answers_with_account_roles_sessions_audit_and_no_hashes(db, api, client):
    someone = person()
    user = make(db, someone, "eva.ek", roles=("trainer",))
    client.post("/auth/login", json={"username": "eva.ek", "password": PASSWORD})
    command = envelope(export.EXPORT_COMMAND, export_id="exp-1", person_id=someone)
    apply(db, export.on_export_requested, command)
    [event] = api.events("identity.personal_data.exported")
    data = event["data"]
    assert data["export_id"] == "exp-1" and data["person_id"] == someone
    [account] = data["data"]["accounts"]
    assert account["user_id"] == user.id and account["email"] == "eva.ek@example.se"
    assert account["roles"][0]["role"] == "trainer" and len(account["sessions"]) == 1
    assert {"user.created", "login.succeeded"} <= {e["kind"] for e in account["audit"]}
    text = json.dumps(event)
    assert "argon2" not in text and PASSWORD not in text and "token_hash" not in text


def test_export_of_a_person_without_account_is_empty(db, api):
    apply(
        db,
        export.on_export_requested,
        envelope(export.EXPORT_COMMAND, export_id="exp-2", person_id=person()),
    )
    assert api.events("identity.personal_data.exported")[0]["data"]["data"] == {"accounts": []}
