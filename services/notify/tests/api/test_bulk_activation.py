"""Bulk activation after an import: the request, identity's answers, the progress."""

from __future__ import annotations

import json

from sqlalchemy import select

from foyer_shared import contracts
from foyer_shared.db import new_id
from notify import handlers
from notify.models import Contact, Message, messaging

MANAGE_USERS = "identity.users.manage"
LINK = "http://127.0.0.1:8080/activate?token=secret-token"


def apply(db, handler, type_, **data) -> None:
    with db.transaction() as session:
        handler(session, contracts.envelope(type_, **data))


def imported_accounts(db, job_id: str, count: int) -> list[tuple[str, str]]:
    """(user id, person id) of accounts identity says the import's run created."""
    made = [(new_id(), new_id()) for _ in range(count)]
    with db.transaction() as session:
        for number, (_user, person) in enumerate(made):
            session.add(Contact(person_id=person, first_name="Åsa", email=f"a{number}@ex.se"))
    outcomes = [
        {"person_id": person, "outcome": "created", "user_id": user, "username": f"u{user[:6]}"}
        for user, person in made
    ]
    apply(
        db,
        handlers.on_accounts_created,
        "identity.accounts.created",
        job_id=job_id,
        batch_no=1,
        outcomes=outcomes,
    )
    return made


def start(client, as_staff, job_id: str):
    headers = as_staff("POST", "/activation-runs", MANAGE_USERS)
    return client.post("/activation-runs", json={"import_job_id": job_id}, headers=headers)


def progress(client, as_staff, run_id: str) -> dict:
    path = f"/activation-runs/{run_id}"
    response = client.get(path, headers=as_staff("GET", path, MANAGE_USERS))
    assert response.status_code == 200, response.json
    return response.json


def test_one_request_asks_identity_for_the_links_of_every_account_the_import_made(
    client, as_staff, db
):
    job_id = new_id()
    made = imported_accounts(db, job_id, 3)
    imported_accounts(db, new_id(), 1)  # another import's account is not part of it
    response = start(client, as_staff, job_id)
    assert response.status_code == 202, response.json
    run = response.json
    assert (run["state"], run["accounts"], run["links_issued"]) == ("issuing links", 3, 0)
    with db.read_only() as session:
        bodies = session.scalars(
            select(messaging.outbox.c.body).where(
                messaging.outbox.c.routing_key == "identity.request_activations"
            )
        ).all()
    [command] = [json.loads(body)["data"] for body in bodies]
    assert sorted(command["user_ids"]) == sorted(user for user, _ in made)
    assert command["bulk_id"] == run["id"]


def test_progress_counts_identitys_answer_and_the_mails(client, as_staff, db):
    job_id = new_id()
    made = imported_accounts(db, job_id, 3)
    run_id = start(client, as_staff, job_id).json["id"]
    for user, person in made[:2]:
        apply(
            db,
            handlers.on_activation_requested,
            "identity.user.activation_requested",
            user_id=user,
            person_id=person,
            username="u",
            email=f"{user[:6]}@ex.se",
            link=LINK,
            expires_at="2026-12-01T10:00:00+00:00",
            bulk_id=run_id,
        )
    skipped = [{"user_id": made[2][0], "reason": "not pending (active)"}]
    apply(
        db,
        handlers.on_activations_issued,
        "identity.activations.issued",
        bulk_id=run_id,
        issued=2,
        skipped=skipped,
    )
    seen = progress(client, as_staff, run_id)
    assert (seen["state"], seen["links_issued"], seen["skipped"]) == ("sending", 2, 1)
    assert seen["messages"]["queued"] == 2
    with db.transaction() as session:
        for message in session.scalars(select(Message).where(Message.bulk_id == run_id)):
            message.state = "sent"
    seen = progress(client, as_staff, run_id)
    assert (seen["state"], seen["messages"]["sent"], seen["messages"]["queued"]) == ("done", 2, 0)


def test_an_import_without_known_accounts_is_422_naming_it(client, as_staff):
    job_id = new_id()
    response = start(client, as_staff, job_id)
    assert response.status_code == 422 and job_id in response.json["message"]


def test_an_unknown_run_is_404(client, as_staff):
    path = f"/activation-runs/{new_id()}"
    assert client.get(path, headers=as_staff("GET", path, MANAGE_USERS)).status_code == 404


def test_it_needs_the_permission_to_manage_accounts(client, as_staff):
    headers = as_staff("POST", "/activation-runs", "notify.messages.send")
    response = client.post("/activation-runs", json={"import_job_id": new_id()}, headers=headers)
    assert response.status_code == 403
