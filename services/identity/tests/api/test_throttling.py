"""Login throttling: strict per (account, address), a growing delay per account, a limit per
address that counts failures only; uniform answers; the audit of logins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from foyer_shared.db import utcnow
from identity.models import LoginThrottle
from identity.use_cases import accounts

PASSWORD = "a-long-passphrase-1"
WRONG = "wrong-password-x"


@pytest.fixture()
def user(db):
    return accounts.create_user(
        db, username="coach.bo", password=PASSWORD, email="bo@example.se", role_names=["trainer"]
    )


def login(client, username="coach.bo", password=PASSWORD, address="203.0.113.7"):
    return client.post(
        "/auth/login",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )  # a direct call: the peer


def time_passes(db, *, locks_too=False):
    """Back-offs and account delays are over (and locks too, if asked): as if time had passed.
    Only the blocks end; the counters stay where they were."""
    query = update(LoginThrottle).values(blocked_until=utcnow() - timedelta(seconds=1))
    if not locks_too:
        query = query.where(LoginThrottle.blocked_until < utcnow() + timedelta(minutes=6))
    with db.transaction() as session:
        session.execute(query)


def fail(client, db, times, username="coach.bo", address="203.0.113.7"):
    for _ in range(times):
        assert login(client, username, WRONG, address).status_code == 401
        time_passes(db)


def test_back_off_after_three_failures_from_one_address_even_for_the_right_password(
    client, db, user
):
    for _ in range(4):
        assert login(client, password=WRONG).status_code == 401
    refused = login(client)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    time_passes(db)
    assert login(client).status_code == 200


def test_ten_failures_from_one_address_lock_that_address_out_of_that_account(client, db, user, api):
    fail(client, db, 10)
    locked = login(client)
    assert locked.status_code == 429
    assert 890 <= int(locked.headers["Retry-After"]) <= 900
    time_passes(db)  # a back-off's worth of waiting does not end a lock
    assert login(client).status_code == 429
    assert login(client, address="192.0.2.200").status_code == 200  # the owner, elsewhere
    assert login(client).status_code == 429  # which does not unlock the guessing address
    time_passes(db, locks_too=True)
    assert login(client).status_code == 200
    kinds = [e.kind for e in api.audit()]
    assert kinds.count("login.failed") == 10 and "login.locked" in kinds


def test_a_strangers_failures_do_not_lock_the_owner_out(client, db, user):
    for _ in range(15):  # one stranger's address: ten failures, then locked
        login(client, password=WRONG, address="203.0.113.66")
        time_passes(db)
    for number in range(20):  # and a botnet: one failure from each of twenty addresses
        assert login(client, password=WRONG, address=f"192.0.2.{number}").status_code == 401
    # The account is in its growing delay now, but an address without failures gets in.
    assert login(client, address="198.51.100.23").status_code == 200


def test_the_account_delay_grows_for_addresses_that_have_failed(client, db, user):
    for number in range(6):  # five failures are free; the sixth starts the delay
        assert login(client, password=WRONG, address=f"192.0.2.{number}").status_code == 401
    waits = []
    for number in range(6, 11):
        refused = login(client, address="192.0.2.0")  # the right password, from a failed address
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        time_passes(db)
        assert login(client, password=WRONG, address=f"192.0.2.{number}").status_code == 401
    expected = [1, 2, 4, 8, 16]
    assert all(want - 1 <= got <= want for got, want in zip(waits, expected, strict=True))
    assert waits[-1] > waits[-2] > waits[-3]
    time_passes(db)
    assert login(client, address="192.0.2.0").status_code == 200


def test_many_accounts_log_in_correctly_from_one_office_address(client, db):
    """Twenty colleagues behind one NAT, each mistyping once: nobody is held up."""
    names = [f"colleague.{number}" for number in range(20)]
    for name in names:
        accounts.create_user(
            db, username=name, password=PASSWORD, email=f"{name}@example.se", role_names=["member"]
        )
    for name in names:
        assert login(client, name, WRONG, address="203.0.113.50").status_code == 401
        assert login(client, name, address="203.0.113.50").status_code == 200


def test_unknown_and_known_names_are_throttled_alike(client, db, user):
    answers = []
    for name in ("coach.bo", "nobody.here"):
        for _ in range(4):
            login(client, name, WRONG, address="192.0.2.99")
        answers.append(login(client, name, WRONG, address="192.0.2.99"))
    assert [a.status_code for a in answers] == [429, 429]
    assert answers[0].json["message"] == answers[1].json["message"]


def test_success_clears_the_address_counter_for_that_account(client, db, user):
    fail(client, db, 3)
    assert login(client).status_code == 200
    fail(client, db, 3)
    assert login(client).status_code == 200  # three fresh failures are still free


def test_one_address_trying_many_names_is_throttled(client, db, user):
    for number in range(31):  # 30 free failures per address, then back-off
        assert login(client, f"guess{number}", WRONG).status_code == 401
    assert login(client).status_code == 429
    assert login(client, address="203.0.113.8").status_code == 200  # another address is fine


def test_x_forwarded_for_never_counts_as_the_address(client, db, user, api):
    for number in range(31):
        spoofed = {"X-Forwarded-For": f"203.0.113.7, 10.9.9.{number}"}
        client.post(
            "/auth/login",
            json={"username": f"g{number}", "password": "wrong-pass-x"},
            headers=spoofed,
            environ_base={"REMOTE_ADDR": "203.0.113.7"},
        )
    assert login(client).status_code == 429
    addresses = {e.client_address for e in api.audit("login.failed")}
    assert addresses == {"203.0.113.7"}


def test_login_audit_has_who_and_where_and_no_secret(client, user, api):
    assert login(client).status_code == 200
    login(client, password=WRONG)
    entries = api.audit()
    assert [(e.kind, e.subject_user_id, e.client_address) for e in entries] == [
        ("user.created", user.id, None),
        ("login.succeeded", user.id, "203.0.113.7"),
        ("login.failed", user.id, "203.0.113.7"),
    ]
    assert all(WRONG not in str(e.details) and PASSWORD not in str(e.details) for e in entries)
