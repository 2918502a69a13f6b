"""A member's own data (issue 23 §7 in the console): "My data" in the menu, an export of
their own person started and followed through the registry's /me routes, never a staff one."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402

EXPORT = "0b8a6f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


def test_a_member_starts_and_follows_the_export_of_their_own_data(signed_in, gateway):
    gateway.permissions = ["registry.persons.read"]
    pending = {"id": EXPORT, "person_id": "p-1", "status": "pending", "missing": []}
    gateway.on("POST", "/api/registry/me/exports", 202, pending)
    gateway.on("GET", f"/api/registry/me/exports/{EXPORT}", 200, pending)
    page = signed_in.get("/me/data")
    assert page.status_code == 200
    assert 'href="/me/data">My data</a>' in page.text
    started = signed_in.post("/me/data", data={"csrf_token": csrf_of(page.text)})
    assert started.status_code == 302 and started.headers["Location"] == f"/me/data/{EXPORT}"
    followed = signed_in.get(f"/me/data/{EXPORT}")
    assert f'data-poll-url="/me/data/{EXPORT}/status.json"' in followed.text
    assert signed_in.get(f"/me/data/{EXPORT}/status.json").json == {
        "state": "pending",
        "done": False,
    }
    called = {(method, path) for method, path, _token, _kwargs in gateway.calls}
    assert ("POST", "/api/registry/me/exports") in called
    assert not any("/api/registry/persons/" in path for _method, path in called)


def test_the_finished_export_downloads_as_a_zip(signed_in, gateway):
    gateway.permissions = ["registry.persons.read"]
    done = {"id": EXPORT, "person_id": "p-1", "status": "complete", "missing": []}
    gateway.on("GET", f"/api/registry/me/exports/{EXPORT}", 200, done)
    page = signed_in.get(f"/me/data/{EXPORT}")
    assert f'href="/me/data/{EXPORT}/download"' in page.text


def test_without_a_person_to_read_there_is_no_my_data(signed_in, gateway):
    gateway.permissions = ["crm.tasks.read"]
    assert signed_in.get("/me/data").status_code == 403
    assert 'href="/me/data"' not in signed_in.get("/todos").text
