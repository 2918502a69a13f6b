"""Bulk activation after an import (Zoezi): one request through the gateway, identity issues
the links, notify mails them to the stack's SMTP sink, and the run's progress says so."""

from __future__ import annotations

import email
import email.policy
import uuid

import requests
from import_runs import upload


def _run_import_with_accounts(gateway, headers, eventually, tag: str) -> str:
    content = (
        "Förnamn;Efternamn;E-post\n"
        f"Tove;Bulk{tag};tove.{tag}@example.se\n"
        f"Nils;Bulk{tag};\n"  # no e-mail: an account, but no link to send
    ).encode()
    job_id = upload(gateway, headers, "bulk.csv", content)["job"]["id"]
    mapping = {
        "columns": {"Förnamn": "first_name", "Efternamn": "last_name", "E-post": "email"},
        "mode": "create_only",
        "match_on": "email",
        "options": {"create_pending_accounts": True},
    }
    url = f"{gateway}/api/imports/jobs/{job_id}"
    assert requests.put(f"{url}/mapping", headers=headers, json=mapping, timeout=10).ok
    assert requests.post(f"{url}/run", headers=headers, timeout=10).status_code == 202
    eventually(
        lambda: requests.get(url, headers=headers, timeout=10).json()["state"] == "completed",
        timeout=60,
    )
    return job_id


def test_one_request_mails_an_activation_link_to_every_pending_account_of_the_import(
    stack, gateway, owner_headers, eventually
):
    tag = uuid.uuid4().hex[:6]
    job_id = _run_import_with_accounts(gateway, owner_headers, eventually, tag)
    runs = f"{gateway}/api/notify/activation-runs"

    def started():  # notify learns the import's accounts from identity's event
        answer = requests.post(
            runs, headers=owner_headers, json={"import_job_id": job_id}, timeout=10
        )
        return answer.json() if answer.status_code == 202 else None

    run = eventually(started, timeout=30)
    assert run["accounts"] == 2

    def done():
        seen = requests.get(f"{runs}/{run['id']}", headers=owner_headers, timeout=10).json()
        return seen if seen["state"] == "done" else None

    seen = eventually(done, timeout=60)
    assert (seen["links_issued"], seen["skipped"], seen["messages"]["sent"]) == (1, 1, 1)

    def mailed():
        found = []
        for path in (stack.var / "mail").glob("*.eml"):
            mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if mail["To"] == f"tove.{tag}@example.se":
                found.append(mail)
        return found if len(found) == 2 else None  # at the account's creation, and now

    mails = eventually(mailed, timeout=30)
    assert all("/activate?token=" in m.get_body(("plain",)).get_content() for m in mails)
