"""identity.create_accounts: pending accounts for the persons an import created."""

from __future__ import annotations

import uuid

from foyer_shared import contracts
from foyer_shared.envelope import Envelope
from identity import events
from identity.models import User
from identity.repository.account import UserRepository
from identity.use_cases import accounts, import_accounts


def command(*items, job_id="job-1", batch_no=3) -> Envelope:
    return contracts.envelope(
        import_accounts.CREATE_ACCOUNTS, job_id=job_id, batch_no=batch_no, accounts=list(items)
    )


def run(db, message) -> None:
    with db.transaction() as session:
        import_accounts.on_create_accounts(session, message)


def person() -> str:
    return str(uuid.uuid4())


def by_person(db, person_id) -> list[User]:
    with db.read_only() as session:
        return UserRepository(session).by_person(person_id)


def test_accounts_are_pending_members_with_an_activation_link(db, api):
    anna, nils = person(), person()
    run(
        db,
        command(
            {"person_id": anna, "username": "anna@example.se", "email": "anna@example.se"},
            {"person_id": nils, "username": "nilsnilsson", "email": None},
        ),
    )
    [account] = by_person(db, anna)
    assert account.status == "pending" and account.username == "anna@example.se"
    assert account.role_names == ["member"] and account.password_hash is None
    links = api.events("identity.user.activation_requested")
    assert [event["data"]["person_id"] for event in links] == [anna]  # no e-mail, no link yet
    assert by_person(db, nils)[0].email is None
    answer = api.events(events.ACCOUNTS_CREATED.name)[-1]["data"]
    assert answer["job_id"] == "job-1" and answer["batch_no"] == 3
    assert [o["outcome"] for o in answer["outcomes"]] == ["created", "created"]


def test_a_taken_username_gets_the_first_free_number(db):
    accounts.create_user(
        db, username="evaberg", password="a-long-passphrase-1", email="eva@example.se"
    )
    accounts.create_user(
        db, username="evaberg2", password="a-long-passphrase-1", email="eva2@example.se"
    )
    eva = person()
    run(db, command({"person_id": eva, "username": "EvaBerg", "email": "eva3@example.se"}))
    assert by_person(db, eva)[0].username == "evaberg3"


def test_a_redelivered_command_changes_nothing_twice(db, api):
    anna = person()
    message = command({"person_id": anna, "username": "anna.b", "email": "anna@example.se"})
    run(db, message)
    run(db, message)
    assert len(by_person(db, anna)) == 1
    answer = api.events(events.ACCOUNTS_CREATED.name)[-1]["data"]
    assert answer["outcomes"][0]["outcome"] == "exists"
