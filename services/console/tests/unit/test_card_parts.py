"""The person card's communication log and likely duplicates, and the merge page (issue 21 §3):
each shown only with its permission; the merge sends the chosen fields; refusals are shown."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

KEEP = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
OTHER = "5a2c7d3e-1b4f-4a8e-9c6d-7e8f9a0b1c2d"
CARD = {"id": KEEP, "kind": "person", "display_name": "Åsa Lindström", "interests": []}
TWIN = {"id": OTHER, "kind": "person", "display_name": "Åsa Lindstrom", "interests": []}
LOG = f"/api/notify/persons/{KEEP}/messages"
DUPLICATES = f"/api/registry/persons/{KEEP}/duplicates"
MESSAGE = {
    "id": "m-1",
    "channel": "email",
    "to_address": "asa@example.se",
    "subject": "Välkommen till klubben",
    "state": "bounced",
    "reason": "550 mailbox unavailable",
    "created_at": "2026-12-01T10:15:00+00:00",
}
PREVIEW = {
    "keep": KEEP,
    "remove": OTHER,
    "conflicts": [
        {"field": "email", "keep": "asa@example.se", "remove": "asa.l@example.se"},
        {"field": "phone", "keep": "08-123", "remove": "08-456"},
    ],
    "moves": {"groups": 1, "statuses": 0, "relations": 0, "family": False, "changes": 3},
    "blockers": [],
}
STAFF = ["registry.persons.read", "notify.messages.read", "registry.duplicates.read"]


@pytest.fixture
def desk(signed_in, gateway):
    gateway.permissions = [*STAFF, "registry.persons.merge"]
    gateway.on("GET", f"/api/registry/persons/{KEEP}", 200, CARD)
    gateway.on("GET", f"/api/registry/persons/{OTHER}", 200, TWIN)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    pages = {"total": 30, "total_pages": 2, "page": 1, "next_page": 2}
    gateway.on("GET", LOG, 200, [MESSAGE], {"X-Pagination": json.dumps(pages)})
    duplicate = {"other_id": OTHER, "other_name": "Åsa Lindstrom", "score": 80}
    gateway.on("GET", DUPLICATES, 200, [{**duplicate, "matched": ["email"]}])
    gateway.on("POST", "/api/registry/merges/preview", 200, PREVIEW)
    return signed_in


def paths(gateway) -> list[str]:
    return [path for _m, path, _t, _kw in gateway.calls]


def test_the_card_shows_the_log_and_the_duplicates_with_the_permissions(desk, gateway):
    page = desk.get(f"/persons/{KEEP}").text
    assert "Communication log" in page and "Välkommen till klubben" in page
    assert "bounced" in page and "550 mailbox unavailable" in page
    assert f"/persons/{KEEP}?log_page=2#messages" in page  # paginated
    assert "Likely duplicates" in page and f"/persons/{KEEP}/merge/{OTHER}" in page


def test_the_log_page_is_asked_of_notify(desk, gateway):
    desk.get(f"/persons/{KEEP}?log_page=2")
    asked = [kw["params"] for _m, path, _t, kw in gateway.calls if path == LOG]
    assert asked[-1]["page"] == 2


def test_without_the_permissions_neither_section_nor_call(desk, gateway):
    gateway.permissions = ["registry.persons.read"]
    page = desk.get(f"/persons/{KEEP}").text
    assert "Communication log" not in page and "Likely duplicates" not in page
    assert LOG not in paths(gateway) and DUPLICATES not in paths(gateway)
    assert desk.get(f"/persons/{KEEP}/merge/{OTHER}").status_code == 403


def test_duplicates_without_merge_have_no_merge_button(desk, gateway):
    gateway.permissions = STAFF
    page = desk.get(f"/persons/{KEEP}").text
    assert "Åsa Lindstrom" in page and f"/merge/{OTHER}" not in page


def test_the_merge_page_shows_each_field_with_a_choice(desk):
    page = desk.get(f"/persons/{KEEP}/merge/{OTHER}").text
    assert 'name="choice-email" value="keep" checked' in page
    assert 'name="choice-email" value="remove"' in page and "asa.l@example.se" in page
    assert '<label for="choice-phone-remove">' in page and "Merge the cards" in page


def test_the_merge_sends_the_chosen_fields_and_opens_the_kept_card(desk, gateway):
    gateway.on("POST", "/api/registry/merges", 201, {"kept_id": KEEP, "removed_id": OTHER})
    form = desk.get(f"/persons/{KEEP}/merge/{OTHER}")
    done = desk.post(
        f"/persons/{KEEP}/merge/{OTHER}",
        data={"csrf_token": csrf_of(form.text), "choice-email": "remove", "choice-phone": "keep"},
    )
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/persons/{KEEP}")
    sent = [kw["json"] for m, p, _t, kw in gateway.calls if p == "/api/registry/merges"]
    choices = {"email": "remove", "phone": "keep"}
    assert sent == [{"keep": KEEP, "remove": OTHER, "choices": choices}]
    assert "The cards are merged" in desk.get(f"/persons/{KEEP}").text


def post_merge(desk) -> object:
    form = desk.get(f"/persons/{KEEP}/merge/{OTHER}")
    return desk.post(
        f"/persons/{KEEP}/merge/{OTHER}",
        data={"csrf_token": csrf_of(form.text), "choice-email": "remove"},
    )


def test_blockers_are_shown(desk, gateway):
    blockers = {"blockers": ["both have login accounts"]}
    body = {"message": "these persons cannot be merged", "errors": blockers}
    gateway.on("POST", "/api/registry/merges", 409, body)
    page = post_merge(desk)
    assert page.status_code == 409 and "both have login accounts" in page.text
    assert "The registry refused the merge." in page.text


def test_a_card_changing_meanwhile_is_said(desk, gateway):
    gateway.on("POST", "/api/registry/merges", 412, {"message": "changed"})
    page = post_merge(desk)
    assert page.status_code == 412 and "changed meanwhile" in page.text
    assert 'name="choice-email" value="remove" checked' in page.text  # the choice kept


def test_a_refused_field_is_shown_at_the_field(desk, gateway):
    errors = {"json": {"choices": {"email": ["not a conflicting field"]}}}
    gateway.on("POST", "/api/registry/merges", 422, {"message": "invalid input", "errors": errors})
    page = post_merge(desk)
    assert page.status_code == 422
    assert 'id="choice-email-error">not a conflicting field' in page.text


def test_a_preview_with_blockers_has_no_merge_button(desk, gateway):
    blocked = {**PREVIEW, "blockers": ["they belong to different families"]}
    gateway.on("POST", "/api/registry/merges/preview", 200, blocked)
    page = desk.get(f"/persons/{KEEP}/merge/{OTHER}").text
    assert "they belong to different families" in page and "Merge the cards" not in page


def test_notify_unreachable_leaves_the_card(desk, gateway):
    gateway.routes[("GET", LOG)] = lambda **_kw: answer(503, {"message": "down"})
    page = desk.get(f"/persons/{KEEP}")
    assert page.status_code == 200 and "cannot be read just now" in page.text


def test_a_refusal_naming_no_field_of_the_table_is_shown_on_top(desk, gateway):
    errors = {"json": {"remove": ["cannot merge a person with themselves"]}}
    gateway.on("POST", "/api/registry/merges", 422, {"message": "invalid input", "errors": errors})
    page = post_merge(desk)
    assert page.status_code == 422 and "cannot merge a person with themselves" in page.text


def test_the_merge_page_can_swap_which_card_is_kept(desk):
    page = desk.get(f"/persons/{KEEP}/merge/{OTHER}").text
    assert f"/persons/{OTHER}/merge/{KEEP}" in page and "Keep the other card instead" in page


READS = f"/api/registry/persons/{KEEP}/reads"


def test_the_card_lists_who_viewed_it_for_the_read_log_permission(desk, gateway):
    gateway.permissions = [*STAFF, "registry.reads.read"]
    read = {"viewer": "u-desk-7", "read_at": "2026-12-04T09:30:00+00:00", "what": "journal"}
    gateway.on("GET", READS, 200, [read])
    page = desk.get(f"/persons/{KEEP}").text
    assert "Who viewed this card" in page and "u-desk-7" in page
    assert "2026-12-04 10:30" in page and "journal" in page  # Stockholm time
    gateway.permissions = STAFF
    asked = len([p for p in paths(gateway) if p == READS])
    assert "Who viewed this card" not in desk.get(f"/persons/{KEEP}").text
    assert len([p for p in paths(gateway) if p == READS]) == asked  # not asked without it


def test_the_viewers_are_named_in_one_call_however_many(desk, gateway):
    gateway.permissions = [*STAFF, "registry.reads.read", "identity.users.read"]
    viewers = {
        "3c1d8f2e-0b7a-4e59-8a61-2f4d5c6b7a81": "kassa.ida",
        "4d2e9a3f-1c8b-4f6a-9b72-3a5e6d7c8b92": "kassa.bo",
        "5e3fab40-2d9c-4a7b-8c83-4b6f7e8d9ca3": "coach.al",
    }
    for user_id, name in viewers.items():
        gateway.on("GET", f"/api/identity/users/{user_id}", 200, {"id": user_id, "username": name})
    at = "2026-12-04T09:30:00+00:00"
    reads = [{"viewer": v, "read_at": at, "what": "card"} for v in [*viewers, "system"]]
    gateway.on("GET", READS, 200, reads)

    page = desk.get(f"/persons/{KEEP}").text

    assert all(name in page for name in viewers.values()) and "system" in page
    by_id = [path for _m, path, _t, _kw in gateway.calls if path.startswith("/api/identity/users/")]
    by_ids = [
        kw["params"]["id"] for _m, _p, _t, kw in gateway.calls if "id" in kw.get("params", {})
    ]
    assert by_id == [] and len(by_ids) == 1 and sorted(by_ids[0]) == sorted(viewers)


DOCUMENTS = f"/api/registry/persons/{KEEP}/documents"
DOCUMENT = {
    "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "person_id": KEEP,
    "filename": "läkarintyg.pdf",
    "content_type": "application/pdf",
    "size": 182044,
    "uploaded_at": "2026-12-03T08:00:00+00:00",
}


def test_the_card_lists_the_documents_and_hands_one_on(desk, gateway):
    gateway.permissions = [*STAFF, "registry.documents.read"]
    gateway.on("GET", DOCUMENTS, 200, [DOCUMENT])
    page = desk.get(f"/persons/{KEEP}").text
    assert "Documents" in page and "läkarintyg.pdf" in page and "178 kB" in page
    assert f'href="/documents/{DOCUMENT["id"]}"' in page
    disposition = {"Content-Disposition": 'attachment; filename="intyg.pdf"'}
    source = f"/api/registry/documents/{DOCUMENT['id']}"
    gateway.on("GET", source, 200, "%PDF-1.4", {"Content-Type": "application/pdf", **disposition})
    got = desk.get(f"/documents/{DOCUMENT['id']}")
    assert got.status_code == 200 and b"%PDF-1.4" in got.data
    assert got.headers["Content-Disposition"] == disposition["Content-Disposition"]
    assert (got.mimetype, got.headers["X-Content-Type-Options"]) == ("application/pdf", "nosniff")


def test_without_the_document_permission_no_list_no_call_no_download(desk, gateway):
    page = desk.get(f"/persons/{KEEP}").text
    assert 'id="documents"' not in page and DOCUMENTS not in paths(gateway)
    assert desk.get(f"/documents/{DOCUMENT['id']}").status_code == 403
