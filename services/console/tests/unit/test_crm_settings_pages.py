"""The CRM settings pages against a fake gateway: the settings (only what changed is sent),
tags and types listed with the archived ones, created, renamed, archived; a refusal shown at
its field; hidden from and refused to those without `crm.settings.write`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

TAG = "55555555-5555-4555-8555-555555555555"
OLD = "66666666-6666-4666-8666-666666666666"
HISTORY = "77777777-7777-4777-8777-777777777777"
SETTINGS = {
    "responsible_role": None,
    "auto_link_customers": False,
    "customer_role": "member",
    "trial_prospects": False,
    "trial_tag_id": None,
    "trial_history_type_id": None,
    "timezone": "Europe/Stockholm",
    "updated_by": None,
}
TAGS = [
    {"id": OLD, "name": "Old offer", "applies_to": "person", "archived": True},
    {"id": TAG, "name": "Gold", "applies_to": "person", "archived": False},
]


@pytest.fixture
def owner(signed_in, gateway):
    gateway.permissions = ["registry.persons.read", "crm.contacts.read", "crm.settings.write"]
    gateway.on("GET", "/api/crm/settings", 200, SETTINGS)
    gateway.on("GET", "/api/crm/tags", 200, TAGS)
    gateway.on("GET", "/api/crm/task-types", 200, [])
    gateway.on("GET", "/api/crm/history-types", 200, [{"id": HISTORY, "name": "Tried a class"}])
    return signed_in


def recorded(gateway, method, path, body):
    sent = []
    gateway.routes[(method, path)] = lambda **kw: sent.append(kw["json"]) or answer(200, body)
    return sent


def test_the_menu_links_the_settings_only_for_holders(owner, gateway):
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    assert 'href="/crm/settings"' in owner.get("/search").text
    gateway.permissions = ["registry.persons.read", "crm.contacts.read"]
    page = owner.get("/search").text
    assert 'href="/crm/settings"' not in page
    for path in ("/crm/settings", "/crm/settings/tags", "/crm/settings/task-types"):
        assert owner.get(path).status_code == 403
    assert not any(c[0] != "GET" for c in gateway.calls if c[1].startswith("/api/crm"))


def test_the_settings_send_only_what_changed(owner, gateway):
    page = owner.get("/crm/settings")
    assert page.status_code == 200
    assert "Tried a class" in page.text and "Old offer" not in page.text  # archived: not offered
    assert '<option value="group_leader">Group leader</option>' in page.text  # role in words
    sent = recorded(gateway, "PATCH", "/api/crm/settings", SETTINGS)
    response = owner.post(
        "/crm/settings",
        data={
            "csrf_token": csrf_of(page.text),
            "responsible_role": "manager",
            "customer_role": "member",
            "trial_prospects": "on",
            "trial_tag_id": TAG,
            "trial_history_type_id": "",
            "timezone": "Europe/Stockholm",
        },
    )
    assert response.status_code == 302
    assert sent == [{"responsible_role": "manager", "trial_prospects": True, "trial_tag_id": TAG}]


def test_a_refused_setting_is_shown_at_its_field(owner, gateway):
    refusal = {"code": 422, "errors": {"json": {"timezone": ["unknown time zone 'Mars/Base'"]}}}
    gateway.on("PATCH", "/api/crm/settings", 422, refusal)
    page = owner.get("/crm/settings")
    response = owner.post(
        "/crm/settings",
        data={"csrf_token": csrf_of(page.text), "customer_role": "member", "timezone": "Mars/Base"},
    )
    assert response.status_code == 422
    assert 'id="f-timezone-error">unknown time zone' in response.text
    assert 'value="Mars/Base"' in response.text  # what was typed stays


def test_the_tags_list_shows_the_archived_ones_as_such(owner):
    page = owner.get("/crm/settings/tags").text
    assert page.index("Gold") < page.index("Old offer")  # in use first
    assert 'class="archived"' in page and "Take back in use" in page
    assert 'for="f-name-' + TAG + '"' in page  # every rename field has its label


def test_creating_a_tag_sends_name_and_kind(owner, gateway):
    page = owner.get("/crm/settings/tags")
    sent = []
    gateway.routes[("POST", "/api/crm/tags")] = lambda **kw: (
        sent.append(kw["json"]) or answer(201, {"id": TAG, "name": "Silver"})
    )
    response = owner.post(
        "/crm/settings/tags",
        data={"csrf_token": csrf_of(page.text), "name": " Silver ", "applies_to": "company"},
        follow_redirects=True,
    )
    assert sent == [{"name": "Silver", "applies_to": "company"}]
    assert "“Silver” is added." in response.text


def test_a_taken_name_is_shown_at_the_name_field(owner, gateway):
    refusal = {"code": 409, "message": "taken", "errors": {"json": {"name": ["the name is taken"]}}}
    gateway.on("POST", "/api/crm/task-types", 409, refusal)
    page = owner.get("/crm/settings/task-types")
    response = owner.post(
        "/crm/settings/task-types", data={"csrf_token": csrf_of(page.text), "name": "Call"}
    )
    assert response.status_code == 422
    assert 'id="f-name-error">the name is taken' in response.text
    assert 'value="Call"' in response.text


def test_rename_and_archive_are_patches_of_the_one_label(owner, gateway):
    page = owner.get("/crm/settings/history-types")
    path = f"/api/crm/history-types/{HISTORY}"
    sent = recorded(gateway, "PATCH", path, {"id": HISTORY, "name": "Tried a class"})
    token = csrf_of(page.text)
    owner.post(f"/crm/settings/history-types/{HISTORY}", data={"csrf_token": token, "name": "X"})
    owner.post(
        f"/crm/settings/history-types/{HISTORY}", data={"csrf_token": token, "archived": "1"}
    )
    owner.post(
        f"/crm/settings/history-types/{HISTORY}", data={"csrf_token": token, "archived": "0"}
    )
    assert sent == [{"name": "X"}, {"archived": True}, {"archived": False}]


def test_a_refused_rename_is_shown_at_that_rows_field(owner, gateway):
    refusal = {"code": 422, "errors": {"json": {"name": ["a name is needed"]}}}
    gateway.on("PATCH", f"/api/crm/tags/{TAG}", 422, refusal)
    page = owner.get("/crm/settings/tags")
    response = owner.post(
        f"/crm/settings/tags/{TAG}", data={"csrf_token": csrf_of(page.text), "name": " "}
    )
    assert response.status_code == 422
    assert f'id="f-name-{TAG}-error">a name is needed' in response.text
