"""identity.send_accounts: every account and role name, answered as identity.accounts.listed."""

from __future__ import annotations

import uuid

import pytest

from foyer_shared import contracts
from foyer_shared.messaging import COMMANDS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until
from identity import events
from identity.models import Role, User
from identity.use_cases import account_listing, accounts
from identity.worker import registry_consumer

LISTED = events.ACCOUNTS_LISTED.name


def ask(db, requested_by: str = "crm"):
    message = contracts.envelope(account_listing.SEND_ACCOUNTS, requested_by=requested_by)
    with db.transaction() as session:
        account_listing.on_send_accounts(session, message)
    return message


def some_accounts(db) -> dict[str, User]:
    manager = accounts.create_user(
        db,
        username="maja",
        password="a-long-passphrase-1",
        email="maja@example.se",
        role_names=["manager"],
        person_id=str(uuid.uuid4()),
    )
    member = accounts.create_user(db, username="nils", email="nils@example.se")
    gone = accounts.create_user(db, username="gone", role_names=["trainer"])
    with db.transaction() as session:
        session.get(User, gone.id).status = "inactive"
        session.add(Role(name="sales", permissions=["crm.contacts.read"]))
    return {"manager": manager, "member": member, "gone": gone}


def test_the_answer_lists_every_account_and_role_without_secrets(db, api, owner):
    made = some_accounts(db)
    ask(db)
    [answer] = api.events(LISTED)
    data = answer["data"]
    assert (data["part"], data["parts"], data["requested_by"]) == (1, 1, "crm")
    listed = {account["user_id"]: account for account in data["accounts"]}
    assert listed[owner.id] == {
        "user_id": owner.id,
        "person_id": owner.person_id,
        "username": "owner",
        "roles": ["owner"],
        "staff": True,
        "active": True,
    }
    manager = listed[made["manager"].id]
    assert (manager["person_id"], manager["roles"], manager["staff"]) == (
        made["manager"].person_id,
        ["manager"],
        True,
    )
    member = listed[made["member"].id]  # pending (no password yet) counts as active
    assert (member["roles"], member["staff"], member["active"]) == ([], False, True)
    assert listed[made["gone"].id]["active"] is False
    assert len(listed) == 4
    assert {"owner", "manager", "member", "sales"} <= set(data["roles"])
    body = str(answer)
    assert "argon2" not in body and "@example.se" not in body and "@" not in str(listed)
    # What identity published is what the CRM's tests build from contracts/.
    contracts.envelope(LISTED, **data)


def test_many_accounts_come_in_parts_of_one_snapshot(db, api, owner, monkeypatch):
    monkeypatch.setattr(account_listing, "PART_SIZE", 2)
    some_accounts(db)
    ask(db)
    answers = [event["data"] for event in api.events(LISTED)]
    assert [(a["part"], a["parts"]) for a in answers] == [(1, 2), (2, 2)]
    assert len({a["snapshot_id"] for a in answers}) == 1
    assert sum(len(a["accounts"]) for a in answers) == 4
    assert all("sales" in a["roles"] for a in answers)


def test_no_accounts_is_one_empty_part(db, api):
    ask(db)
    [answer] = api.events(LISTED)
    assert (answer["data"]["parts"], answer["data"]["accounts"]) == (1, [])


@pytest.mark.usefixtures("owner")
def test_through_rabbitmq_the_command_is_answered_once(settings, db, api):
    message = contracts.envelope(account_listing.SEND_ACCOUNTS, requested_by="crm")
    with running(registry_consumer(settings, db), settings.amqp_url):
        publish_envelope(settings.amqp_url, COMMANDS_EXCHANGE, message)
        publish_envelope(settings.amqp_url, COMMANDS_EXCHANGE, message)  # redelivered
        answered = wait_until(lambda: api.events(LISTED))
        # A later command is handled after the duplicate was seen and skipped.
        publish_envelope(
            settings.amqp_url,
            COMMANDS_EXCHANGE,
            contracts.envelope(account_listing.SEND_ACCOUNTS, requested_by="crm"),
        )
        wait_until(lambda: len(api.events(LISTED)) == 2)
    assert answered[0]["correlation_id"] == message.correlation_id
    assert [a["username"] for a in answered[0]["data"]["accounts"]] == ["owner"]
