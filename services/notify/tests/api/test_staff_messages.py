"""Staff messages and the communication log through the Flask client on PostgreSQL."""

from __future__ import annotations

from foyer_shared.db import new_id
from notify.models import Contact

SEND, READ = "notify.messages.send", "notify.messages.read"
SIGNED_IN = "identity.own_account.manage"


def contacts(db, *emails) -> list[str]:
    ids = [new_id() for _ in emails]
    with db.transaction() as session:
        for person_id, email in zip(ids, emails, strict=True):
            session.add(Contact(person_id=person_id, first_name="Åsa", email=email))
    return ids


def send(client, as_staff, **body):
    return client.post("/messages", json=body, headers=as_staff("POST", "/messages", SEND))


def test_a_message_to_a_list_of_persons_is_queued_per_person(client, as_staff, db):
    first, second = contacts(db, "a@example.se", None)
    response = send(
        client,
        as_staff,
        person_ids=[first, second],
        subject="Öppettider",
        body="Vi öppnar sex.",
        sender_name="Receptionen",
    )
    assert response.status_code == 202, response.json
    found = {m["person_id"]: m for m in response.json}
    assert found[first]["state"] == "queued" and found[first]["subject"] == "Öppettider"
    assert (found[second]["state"], found[second]["reason"]) == (
        "suppressed",
        "no usable e-mail address",
    )


def test_a_flagged_address_among_many_is_suppressed_and_looked_up_once(client, as_staff, db):
    """A message to a list asks for the flagged addresses in one query for the whole list (the
    benchmark's 5,000 persons asked 5,000 times); what it finds still suppresses."""
    from sqlalchemy import event

    from notify.models import SuppressedAddress

    ids = contacts(db, "ok@example.se", "Bounced@Example.se", "also@example.se")
    with db.transaction() as session:
        session.add(
            SuppressedAddress(address="bounced@example.se", channel="email", reason="5.1.1")
        )
    lookups = []

    def count(conn, cursor, statement, *_args):
        if "suppressed_addresses" in statement and statement.lstrip().upper().startswith("SELECT"):
            lookups.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = send(client, as_staff, person_ids=ids, subject="s", body="b")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 202, response.json
    states = {m["to_address"]: (m["state"], m["reason"]) for m in response.json}
    assert states["Bounced@Example.se"] == ("suppressed", "address flagged: 5.1.1")
    assert states["ok@example.se"][0] == states["also@example.se"][0] == "queued"
    assert len(lookups) == 1


def test_unknown_persons_are_422_naming_them_and_nothing_is_sent(client, as_staff, db):
    [known], stranger = contacts(db, "a@example.se"), new_id()
    response = send(client, as_staff, person_ids=[known, stranger], subject="s", body="b")
    assert response.status_code == 422 and stranger in response.json["message"]
    assert client.get("/messages", headers=as_staff("GET", "/messages", READ)).json == []


def test_sending_needs_the_permission(client, as_staff):
    response = client.post("/messages", json={}, headers=as_staff("POST", "/messages", READ))
    assert response.status_code == 403 and SEND in response.json["message"]


def test_a_member_reads_only_their_own_log(client, as_staff, db):
    mine, theirs = contacts(db, "me@example.se", "them@example.se")
    send(client, as_staff, person_ids=[mine, theirs], subject="s", body="b")
    for person_id, expected in [(mine, 200), (theirs, 403)]:
        path = f"/persons/{person_id}/messages"
        headers = as_staff("GET", path, SIGNED_IN, scopes={"person_id": mine})
        response = client.get(path, headers=headers)
        assert response.status_code == expected, person_id
    path = f"/persons/{mine}/messages"
    own = as_staff("GET", path, SIGNED_IN, scopes={"person_id": mine})
    [entry] = client.get(path, headers=own).json
    assert (entry["type"], entry["channel"], entry["attempts"]) == ("staff_message", "email", 0)


def test_staff_read_anyones_log(client, as_staff, db):
    [theirs] = contacts(db, "them@example.se")
    send(client, as_staff, person_ids=[theirs], subject="s", body="b")
    path = f"/persons/{theirs}/messages"
    response = client.get(path, headers=as_staff("GET", path, SIGNED_IN, READ))
    assert response.status_code == 200 and len(response.json) == 1


def test_a_message_to_a_list_is_written_in_one_insert_with_every_default(client, as_staff, db):
    """The rows of a staff message go in one multi-row INSERT, not through the session's flush
    (a quarter of the time of a message to 5,000 persons); what is stored is what was answered."""
    from sqlalchemy import event, select

    from notify.models import Message

    ids = contacts(db, "a@example.se", None, "b@example.se", "c@example.se")
    inserts = []

    def count(conn, cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO MESSAGES"):
            inserts.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = send(client, as_staff, person_ids=ids, subject="Hej", body="b")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 202, response.json
    assert len(inserts) == 1
    with db.read_only() as session:
        stored = {m.id: m for m in session.scalars(select(Message))}
    assert sorted(stored) == sorted(m["id"] for m in response.json)
    for answered in response.json:
        row = stored[answered["id"]]
        assert (row.kind, row.attempts) == ("staff_message", 0)
        assert row.mail_out == (row.state == "queued")  # a suppressed entry is no mail-out
        assert (row.state, row.reason) == (answered["state"], answered["reason"])
        assert row.created_at.isoformat() == answered["created_at"]
    assert sorted(m.state for m in stored.values()) == ["queued"] * 3 + ["suppressed"]
