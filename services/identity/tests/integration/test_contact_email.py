"""The card's e-mail from the registry's person events, and the mismatch flag and filter."""

from __future__ import annotations

import uuid

from foyer_shared import contracts
from identity import handlers
from identity.use_cases import accounts

PASSWORD = "a-long-passphrase-1"
READ = "identity.users.read"
FIELDS = {"first_name": "Eva", "last_name": "Berg", "phone": None}


def apply(db, handler, type_, **data) -> None:
    with db.transaction() as session:
        handler(session, contracts.envelope(type_, **data))


def make(db, person_id, username, email):
    return accounts.create_user(
        db, username=username, password=PASSWORD, email=email, person_id=person_id
    )


def test_mismatch_flag_follows_the_cards_events(db, api):
    person = str(uuid.uuid4())
    created = {**FIELDS, "email": "Eva@Example.se"}
    apply(db, handlers.on_person_created, handlers.PERSON_CREATED,
          person_id=person, kind="person", fields=created)  # fmt: skip
    user = make(db, person, "eva", "eva@example.se")
    shown = api.call("GET", f"/users/{user.id}", READ).json
    assert shown["contact_email"] == "Eva@Example.se" and shown["email_mismatch"] is False
    apply(db, handlers.on_person_updated, handlers.PERSON_UPDATED,
          person_id=person, kind="person", changed={"email": "eva.home@example.se"})  # fmt: skip
    shown = api.call("GET", f"/users/{user.id}", READ).json
    assert shown["contact_email"] == "eva.home@example.se" and shown["email_mismatch"] is True
    apply(db, handlers.on_person_updated, handlers.PERSON_UPDATED,
          person_id=person, kind="person", changed={"first_name": "Evy"})  # fmt: skip
    assert api.call("GET", f"/users/{user.id}", READ).json["email_mismatch"] is True
    apply(db, handlers.on_person_deleted, handlers.PERSON_DELETED, person_id=person)
    shown = api.call("GET", f"/users/{user.id}", READ).json
    assert shown["contact_email"] is None and shown["email_mismatch"] is False


def test_the_list_filters_on_the_mismatch(db, api):
    same, other, none = (str(uuid.uuid4()) for _ in range(3))
    apply(db, handlers.on_persons_imported, handlers.PERSONS_IMPORTED, job_id="j1", persons=[
        {"person_id": same, "kind": "person", "fields": {**FIELDS, "email": "a@example.se"}},
        {"person_id": other, "kind": "person", "fields": {**FIELDS, "email": "b@home.se"}},
        {"person_id": none, "kind": "person", "fields": {**FIELDS, "email": None}},
    ])  # fmt: skip
    make(db, same, "a", "A@example.se")
    make(db, other, "b", "b@example.se")
    make(db, none, "c", "c@example.se")
    found = api.call("GET", "/users?email_mismatch=true", READ)
    assert found.status_code == 200, found.json
    assert [u["username"] for u in found.json] == ["b"]
    assert found.json[0]["contact_email"] == "b@home.se"
    rest = api.call("GET", "/users?email_mismatch=false", READ).json
    assert {"a", "c"} <= {u["username"] for u in rest} and "b" not in {u["username"] for u in rest}


def test_an_import_batchs_changed_emails_follow_in_one_event(db, api):
    """registry.persons.updated: the e-mails it names are kept, other changes leave them."""
    moved, renamed = str(uuid.uuid4()), str(uuid.uuid4())
    apply(db, handlers.on_persons_imported, handlers.PERSONS_IMPORTED, job_id="j1", persons=[
        {"person_id": moved, "kind": "person", "fields": {**FIELDS, "email": "m@example.se"}},
        {"person_id": renamed, "kind": "person", "fields": {**FIELDS, "email": "r@example.se"}},
    ])  # fmt: skip
    moved_user = make(db, moved, "m", "m@example.se")
    renamed_user = make(db, renamed, "r", "r@example.se")
    apply(db, handlers.on_persons_updated, handlers.PERSONS_UPDATED, job_id="j2", persons=[
        {"person_id": moved, "kind": "person", "changed": {"email": "m@home.se"}},
        {"person_id": renamed, "kind": "person", "changed": {"first_name": "Evy"}},
    ])  # fmt: skip
    shown = api.call("GET", f"/users/{moved_user.id}", READ).json
    assert shown["contact_email"] == "m@home.se" and shown["email_mismatch"] is True
    shown = api.call("GET", f"/users/{renamed_user.id}", READ).json
    assert shown["contact_email"] == "r@example.se" and shown["email_mismatch"] is False
