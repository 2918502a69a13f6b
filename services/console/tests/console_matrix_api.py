"""The API's answers the access matrix's pages need when the user may open them: one card, one
import, one to-do, ... each by a fixed id, and every change taken."""

from __future__ import annotations

import io

IDS = {
    name: f"{number:08x}-0000-4000-8000-{number:012x}"
    for number, name in enumerate(
        (
            "person_id", "family_id", "member_id", "relation_id", "document_id", "export_id",
            "job_id", "run_id", "task_id", "contact_id", "mailout_id", "label_id", "user_id",
            "role_id", "keep", "remove", "status_id",
        ),
        start=1,
    )
}  # fmt: skip
ME = "p-1"  # the person the fake gateway's /api/access/me links the account to


def form(csrf_token: str) -> dict:
    """One form every POST route takes as a change (each reads the fields it knows)."""
    return {
        "csrf_token": csrf_token,
        "person_id": IDS["member_id"],
        "other_id": IDS["remove"],
        "to_person_id": IDS["member_id"],
        "contact_id": IDS["contact_id"],
        "user_id": IDS["user_id"],
        "status_id": IDS["status_id"],
        "type": "parent",
        "name": "Ny",
        "first_name": "Ny",
        "email": "ny@example.org",
        "password": "pw",
        "purpose": "photo",
        "text_version": "1",
        "given": "yes",
        "text": "An entry",
        "field": "city",
        "subject": "Hello",
        "body": "Text",
        "roles": "member",
        "file": (io.BytesIO(b"%PDF-1.4"), "a.pdf", "application/pdf"),
    }


def _get(i: dict) -> dict:
    """Each page's answers with one of everything in it, so that its controls are drawn."""
    other = {"id": i["member_id"], "person_id": i["member_id"], "name": "Bo Ek"}
    person = {
        "id": i["person_id"],
        "display_name": "Mia Ek",
        "kind": "person",
        "version": 1,
        "family": {"id": i["family_id"], "name": "Familjen Ek"},
        "statuses": [{"id": i["status_id"], "name": "Active"}],
        "relations": [{**other, "id": i["relation_id"], "label": "parent of"}],
        "interests": [],
    }
    head = {"person_id": i["person_id"], "name": "Mia Ek", "is_head": True, "rights": []}
    members = [head, {**other, "is_head": False, "rights": ["view"]}]
    family = {"id": i["family_id"], "name": "Familjen Ek", "members": members}
    export = {"id": i["export_id"], "person_id": i["person_id"], "status": "pending"}
    options = {"create_pending_accounts": True}
    job = {
        "id": i["job_id"],
        "kind": "customers",
        "state": "completed",
        "filename": "a.csv",
        "mapping": {"options": options},
    }
    task = {"id": i["task_id"], "kind": "private", "state": "open", "colour": "white"}
    user = {"id": i["user_id"], "username": "bo", "status": "active", "roles": []}
    account = {**user, "email": "bo@example.org", "contact_email": "b@x.se", "email_mismatch": True}
    role = {"id": i["role_id"], "name": "desk2", "built_in": False, "permissions": []}
    counts = {"total": 1, "suppressed": 0, "pending": 0, "handed": 0, "sent": 1, "failed": 0}
    mailout = {"id": i["mailout_id"], "status": "done", "audience": {}, "subject": "Hi", **counts}
    contact = {"id": i["contact_id"], "person_id": i["person_id"], "kind": "person"}
    tag = {"id": i["label_id"], "name": "Gold", "applies_to": "person", "archived": False}
    pair = {"person_id": i["person_id"], "person_name": "Mia", "score": 90, "matched": []}
    pair.update(other_id=i["remove"], other_name="Mia E.")
    card = f"/api/registry/persons/{i['person_id']}"
    return {
        card: person,
        f"/api/registry/persons/{i['keep']}": {**person, "id": i["keep"]},
        f"/api/registry/persons/{ME}": {**person, "id": ME},
        f"/api/registry/families/{i['family_id']}": family,
        "/api/registry/interest-areas": [{"id": "i-1", "name": "Yoga"}],
        "/api/registry/statuses": [{"id": i["keep"], "name": "Paused"}],
        f"{card}/documents": [{"id": i["document_id"], "filename": "a.pdf", "size": 8}],
        f"{card}/duplicates": [pair],
        f"{card}/consents": {"current": [], "history": []},
        f"{card}/journal": [],
        "/api/registry/duplicates": [pair],
        f"/api/registry/exports/{i['export_id']}": export,
        f"/api/registry/me/exports/{i['export_id']}": export,
        f"/api/imports/jobs/{i['job_id']}": job,
        f"/api/imports/jobs/{i['job_id']}/preview": {"job": job, "header": ["name"], "rows": []},
        "/api/imports/jobs": [job],
        f"/api/notify/activation-runs/{i['run_id']}": {"id": i["run_id"], "state": "done"},
        f"/api/notify/persons/{ME}/messages": [],
        "/api/crm/contacts": [contact],
        f"/api/crm/contacts/{i['contact_id']}": contact,
        f"/api/crm/contacts/{i['contact_id']}/history": [],
        "/api/crm/tasks": [task],
        f"/api/crm/tasks/{i['task_id']}": task,
        "/api/crm/mailouts": [mailout],
        f"/api/crm/mailouts/{i['mailout_id']}": mailout,
        f"/api/crm/mailouts/{i['mailout_id']}/recipients": [],
        "/api/crm/settings": {"timezone": "Europe/Stockholm", "customer_role": "member"},
        "/api/crm/tags": [tag],
        "/api/identity/users": [account],
        f"/api/identity/users/{i['user_id']}": user,
        "/api/identity/roles": [role],
        "/api/identity/permissions": [],
        "/api/identity/audit": [],
    }


def _files(i: dict) -> list[str]:
    """The downloads handed on to the browser."""
    return [
        f"/api/registry/documents/{i['document_id']}",
        f"/api/registry/exports/{i['export_id']}/download",
        f"/api/registry/me/exports/{i['export_id']}/download",
        f"/api/imports/jobs/{i['job_id']}/errors.csv",
    ]


def _changes(i: dict) -> list[tuple[str, str, int, object]]:
    person, family = f"/api/registry/persons/{i['person_id']}", i["family_id"]
    made = {"id": i["person_id"], "display_name": "Ny", "name": "Ny"}
    return [
        ("PATCH", person, 200, made),
        ("DELETE", person, 204, None),
        ("PUT", f"{person}/statuses/{i['status_id']}", 204, None),
        ("PUT", f"{person}/interests", 204, None),
        ("PUT", f"/api/registry/persons/{ME}/interests", 204, None),
        ("POST", "/api/registry/persons", 201, made),
        ("POST", f"{person}/consents", 201, {}),
        ("POST", f"{person}/journal", 201, {}),
        ("POST", f"{person}/lookup", 200, {"fields": []}),
        ("POST", f"{person}/lookup/apply", 200, {}),
        ("POST", "/api/registry/merges/preview", 200, {"conflicts": [], "blockers": []}),
        ("POST", "/api/registry/merges", 200, {"kept_id": i["keep"]}),
        ("POST", "/api/registry/duplicates/exceptions", 201, {}),
        ("POST", "/api/registry/families", 201, {"id": family}),
        ("POST", f"/api/registry/families/{family}/members", 200, {}),
        ("PATCH", f"/api/registry/families/{family}/members/{i['member_id']}", 200, {}),
        ("DELETE", f"/api/registry/families/{family}/members/{i['member_id']}", 204, None),
        ("POST", f"{person}/relations", 201, {}),
        ("DELETE", f"/api/registry/relations/{i['relation_id']}", 204, None),
        ("POST", f"{person}/documents", 201, {}),
        ("DELETE", f"/api/registry/documents/{i['document_id']}", 204, None),
        ("POST", f"{person}/exports", 202, {"id": i["export_id"]}),
        ("POST", "/api/registry/me/exports", 202, {"id": i["export_id"]}),
        ("POST", f"/api/identity/users/{i['user_id']}/email-change", 202, {}),
        ("POST", "/api/identity/account/email-change", 202, {}),
        ("PATCH", f"/api/crm/contacts/{i['contact_id']}", 200, {}),
        ("POST", f"/api/crm/contacts/{i['contact_id']}/history", 201, {}),
        ("POST", "/api/imports/jobs", 201, {"job": {"id": i["job_id"]}}),
        ("PUT", f"/api/imports/jobs/{i['job_id']}/mapping", 200, {}),
        ("POST", f"/api/imports/jobs/{i['job_id']}/dry-run", 202, {}),
        ("POST", "/api/notify/activation-runs", 202, {"id": i["run_id"]}),
        ("POST", f"/api/crm/tasks/{i['task_id']}/close", 200, {}),
        ("POST", f"/api/crm/tasks/{i['task_id']}/reopen", 200, {}),
        ("POST", "/api/crm/tasks", 201, {"id": i["task_id"]}),
        ("PATCH", f"/api/crm/tasks/{i['task_id']}", 200, {}),
        ("POST", "/api/crm/mailouts", 201, {"id": i["mailout_id"]}),
        ("PATCH", "/api/crm/settings", 200, {}),
        ("POST", "/api/crm/tags", 201, made),
        ("PATCH", f"/api/crm/tags/{i['label_id']}", 200, made),
        ("PUT", f"/api/identity/users/{i['user_id']}/roles", 200, {}),
        ("POST", f"/api/identity/users/{i['user_id']}/deactivate", 204, None),
        ("POST", "/api/identity/roles", 201, made),
        ("PUT", f"/api/identity/roles/{i['role_id']}", 200, made),
        ("DELETE", f"/api/identity/roles/{i['role_id']}", 204, None),
    ]


def answer_everything(gateway) -> None:
    """Teach the fake gateway every answer the matrix's pages ask for."""
    for path, body in _get(IDS).items():
        gateway.on("GET", path, 200, body)
    for path in _files(IDS):
        gateway.on("GET", path, 200, None, {"Content-Type": "application/octet-stream"})
    for method, path, status, body in _changes(IDS):
        gateway.on(method, path, status, body)
