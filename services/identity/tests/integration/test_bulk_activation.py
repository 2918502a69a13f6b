"""identity.request_activations: activation links for the accounts a bulk activation lists."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from foyer_shared import contracts
from foyer_testing import outbox_inserts
from identity import events
from identity.models import OneTimeToken
from identity.use_cases import accounts, bulk_activation, one_time

BULK = "0d9b2a52-8f0e-4c1b-9a55-3f7e2d1c0b9a"


def pending(db, settings, email: str | None = "anna@example.se") -> str:
    user = accounts.create_user(
        db,
        username=f"u{uuid.uuid4().hex[:8]}",
        email=email,
        person_id=str(uuid.uuid4()),
        settings=settings,
    )
    return user.id


def ask(db, settings, *user_ids) -> None:
    handlers = bulk_activation.command_handlers(settings)
    message = contracts.envelope(
        bulk_activation.REQUEST_ACTIVATIONS,
        bulk_id=BULK,
        user_ids=list(user_ids),
        requested_by=None,
    )
    with db.transaction() as session:
        handlers[bulk_activation.REQUEST_ACTIVATIONS](session, message)


def test_pending_accounts_get_a_new_link_named_by_the_bulk_the_rest_are_skipped(db, settings, api):
    first, second = pending(db, settings), pending(db, settings, email="b@example.se")
    no_email = pending(db, settings, email=None)
    active = accounts.create_user(
        db, username="aktiv", password="a-long-passphrase-1", email="c@example.se"
    ).id
    gone = str(uuid.uuid4())
    before = len(api.events("identity.user.activation_requested"))
    ask(db, settings, first, second, no_email, active, gone)
    links = api.events("identity.user.activation_requested")[before:]
    assert sorted(e["data"]["user_id"] for e in links) == sorted([first, second])
    assert {e["data"]["bulk_id"] for e in links} == {BULK}
    [answer] = api.events(events.ACTIVATIONS_ISSUED.name)
    assert answer["data"]["issued"] == 2
    assert {s["user_id"]: s["reason"] for s in answer["data"]["skipped"]} == {
        no_email: "no e-mail address",
        active: "not pending (active)",
        gone: "no such account (deleted)",
    }


def test_the_new_link_replaces_the_one_sent_at_creation(db, settings):
    user_id = pending(db, settings)
    ask(db, settings, user_id)
    with db.read_only() as session:
        tokens = session.scalars(
            select(OneTimeToken).where(
                OneTimeToken.user_id == user_id, OneTimeToken.purpose == one_time.ACTIVATION
            )
        ).all()
        assert sorted(t.used_at is None for t in tokens) == [False, True]


def test_the_links_of_a_bulk_go_in_one_statement(db, settings):
    users = [pending(db, settings, email=f"p{n}@example.se") for n in range(3)]
    with outbox_inserts(db.engine) as seen:
        ask(db, settings, *users)
    assert seen == [3, 1]  # the three links together, then the answer
