"""The registry's merge, delete and GDPR export reach every other service through RabbitMQ."""

from __future__ import annotations

import io
import json
import uuid
import zipfile

import pytest
import requests
from e2e_accounts import make_account, make_person

pytestmark = pytest.mark.xdist_group("e2e")


def _person(gateway, headers, first_name: str, email: str) -> str:
    return make_person(gateway, headers, first_name=first_name, last_name="Cascade", email=email)[
        "id"
    ]


def _account(gateway, headers, person_id: str) -> str:
    return make_account(gateway, headers, "cascade-long-passphrase", ["member"], person_id)["id"]


def _contacts(gateway, headers, person_id: str) -> list:
    response = requests.get(
        f"{gateway}/api/crm/contacts", params={"person_id": person_id}, headers=headers, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def _user(gateway, headers, user_id: str) -> dict:
    return requests.get(
        f"{gateway}/api/identity/users/{user_id}", headers=headers, timeout=10
    ).json()


def test_merge_moves_the_account_and_the_crm_contact(gateway, owner_headers, eventually):
    email = f"dup-{uuid.uuid4().hex[:6]}@example.se"
    keep = _person(gateway, owner_headers, "Kerstin", email)
    remove = _person(gateway, owner_headers, "Kerstin", email)
    user_id = _account(gateway, owner_headers, remove)
    eventually(lambda: _contacts(gateway, owner_headers, remove))

    preview = requests.post(
        f"{gateway}/api/registry/merges/preview",
        headers=owner_headers,
        json={"keep": keep, "remove": remove},
        timeout=10,
    )
    assert preview.status_code == 200, preview.text
    assert not preview.json()["blockers"]
    merged = requests.post(
        f"{gateway}/api/registry/merges",
        headers=owner_headers,
        json={"keep": keep, "remove": remove, "choices": {}},
        timeout=10,
    )
    assert merged.status_code == 201, merged.text

    eventually(lambda: _user(gateway, owner_headers, user_id)["person_id"] == keep)
    eventually(lambda: not _contacts(gateway, owner_headers, remove))
    assert _contacts(gateway, owner_headers, keep)
    gone = requests.get(
        f"{gateway}/api/registry/persons/{remove}", headers=owner_headers, timeout=10
    )
    assert gone.status_code == 404


def test_delete_erases_the_crm_contact_and_the_account(gateway, owner_headers, eventually):
    person = _person(gateway, owner_headers, "Dagny", f"del-{uuid.uuid4().hex[:6]}@example.se")
    user_id = _account(gateway, owner_headers, person)
    eventually(lambda: _contacts(gateway, owner_headers, person))

    deleted = requests.delete(
        f"{gateway}/api/registry/persons/{person}", headers=owner_headers, timeout=10
    )
    assert deleted.status_code == 204, deleted.text
    eventually(lambda: not _contacts(gateway, owner_headers, person))
    account = eventually(
        lambda: (lambda user: user if user["person_id"] is None else None)(
            _user(gateway, owner_headers, user_id)
        )
    )
    assert account["status"] != "active"
    assert "Dagny" not in json.dumps(account)


def test_gdpr_export_gathers_every_service(gateway, owner_headers, eventually):
    person = _person(gateway, owner_headers, "Greta", f"gdpr-{uuid.uuid4().hex[:6]}@example.se")
    _account(gateway, owner_headers, person)
    eventually(lambda: _contacts(gateway, owner_headers, person))

    started = requests.post(
        f"{gateway}/api/registry/persons/{person}/exports", headers=owner_headers, timeout=10
    )
    assert started.status_code == 202, started.text
    export_id = started.json()["id"]

    def complete():
        export = requests.get(
            f"{gateway}/api/registry/exports/{export_id}", headers=owner_headers, timeout=10
        ).json()
        return export if export["status"] == "complete" else None

    export = eventually(complete, timeout=30)
    assert export["missing"] == []
    assert set(export["answered"]) == {"crm", "identity", "notify", "imports"}
    archive = requests.get(
        f"{gateway}/api/registry/exports/{export_id}/download", headers=owner_headers, timeout=10
    )
    assert archive.status_code == 200
    names = set(zipfile.ZipFile(io.BytesIO(archive.content)).namelist())
    assert {
        "registry.json",
        "crm.json",
        "identity.json",
        "notify.json",
        "imports.json",
        "summary.txt",
    } <= names
    crm_part = json.loads(zipfile.ZipFile(io.BytesIO(archive.content)).read("crm.json"))
    assert "Greta" in json.dumps(crm_part, ensure_ascii=False)
