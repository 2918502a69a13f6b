"""The mail-out pages against a fake gateway: the list with its counts, the form's filters
sent as the API's audience, the preview, a refusal at its field, the live progress, and
nothing of it for those without `crm.mailouts.send`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

MAILOUT = "88888888-8888-4888-8888-888888888888"
TAG = "55555555-5555-4555-8555-555555555555"


def mailout(**fields):
    return {
        "id": MAILOUT,
        "subject": "Spring offer",
        "body": "Hi {first_name}!",
        "template": None,
        "audience": {"status": ["customer"], "tag": [TAG]},
        "status": "sent",
        "total": 5,
        "suppressed": 1,
        "pending": 0,
        "handed": 2,
        "sent": 1,
        "failed": 1,
        "created_by": "u-1",
        "created_at": "2026-12-04T08:00:00+00:00",
        **fields,
    }


RECIPIENTS = [
    {"name": "Åsa Lind", "email": "asa@example.se", "state": "sent", "person_id": "p-2"},
    {"name": "Bo Ek", "email": None, "state": "suppressed", "reason": "no_email"},
    {"name": "Cy Al", "email": "cy@x.se", "state": "failed", "result_reason": "bounced: 550"},
]


@pytest.fixture
def seller(signed_in, gateway):
    gateway.permissions = ["registry.persons.read", "crm.contacts.read", "crm.mailouts.send"]
    gateway.on("GET", "/api/crm/settings", 200, {"timezone": "Europe/Stockholm"})
    gateway.on("GET", "/api/crm/tags", 200, [{"id": TAG, "name": "Gold", "applies_to": "person"}])
    gateway.on("GET", "/api/crm/mailouts", 200, [mailout()], {"X-Pagination": '{"total": 1}'})
    gateway.on("GET", f"/api/crm/mailouts/{MAILOUT}", 200, mailout())
    gateway.on("GET", f"/api/crm/mailouts/{MAILOUT}/recipients", 200, RECIPIENTS)
    return signed_in


def test_no_mailouts_without_the_permission(signed_in, gateway):
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    assert 'href="/crm/mailouts"' not in signed_in.get("/search").text
    for path in ("/crm/mailouts", "/crm/mailouts/new", f"/crm/mailouts/{MAILOUT}"):
        assert signed_in.get(path).status_code == 403
    assert not any(c[1].startswith("/api/crm/mailouts") for c in gateway.calls)


def test_the_list_shows_each_mailouts_progress(seller, gateway):
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    assert 'href="/crm/mailouts"' in seller.get("/search").text
    page = seller.get("/crm/mailouts").text
    assert "Spring offer" in page and "Sending" in page  # two still await notify's result
    assert "<td>4</td><td>1</td><td>1</td><td>1</td>" in page.replace("\n", "").replace(" ", "")


def test_the_form_sends_the_filters_as_the_audience(seller, gateway):
    form = seller.get("/crm/mailouts/new")
    assert 'for="f-subject"' in form.text and 'for="f-body"' in form.text
    assert 'for="tag-' + TAG + '"' in form.text
    sent = []
    gateway.routes[("POST", "/api/crm/mailouts")] = lambda **kw: (
        sent.append(kw["json"]) or answer(201, mailout())
    )
    response = seller.post(
        "/crm/mailouts/new",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "person",
            "status": ["customer", "bogus"],
            "tag": [TAG],
            "q": "",
            "subject": "Spring offer",
            "body": "Hi {first_name}!",
            "action": "send",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/crm/mailouts/{MAILOUT}"
    audience = {"kind": "person", "status": ["customer"], "tag": [TAG]}
    assert sent == [{"audience": audience, "subject": "Spring offer", "body": "Hi {first_name}!"}]


def test_the_preview_says_who_gets_it_and_who_not(seller, gateway):
    preview = {
        "recipients": 12,
        "suppressed": 1,
        "suppressed_examples": [{"name": "Bo Ek", "email": None, "reason": "no_email"}],
    }
    sent = []
    gateway.routes[("POST", "/api/crm/mailouts/preview")] = lambda **kw: (
        sent.append(kw["json"]) or answer(200, preview)
    )
    form = seller.get("/crm/mailouts/new")
    page = seller.post(
        "/crm/mailouts/new",
        data={"csrf_token": csrf_of(form.text), "status": "former", "action": "preview"},
    )
    assert page.status_code == 200 and "12 will get the e-mail." in page.text
    assert "Bo Ek: no e-mail address" in page.text
    assert sent == [{"audience": {"status": ["former"]}}]
    assert 'id="status-former" name="status" value="former" checked' in page.text


def test_a_refusal_is_shown_at_the_named_field(seller, gateway):
    refusal = {"code": 422, "errors": {"json": {"subject": ["a free-text e-mail needs a subject"]}}}
    gateway.on("POST", "/api/crm/mailouts", 422, refusal)
    form = seller.get("/crm/mailouts/new")
    response = seller.post(
        "/crm/mailouts/new",
        data={"csrf_token": csrf_of(form.text), "body": "Hello", "action": "send"},
    )
    assert response.status_code == 422
    assert 'id="f-subject-error">a free-text e-mail needs a subject' in response.text
    assert ">Hello</textarea>" in response.text


def test_the_detail_page_polls_and_lists_the_recipients_states(seller, gateway):
    page = seller.get(f"/crm/mailouts/{MAILOUT}").text
    assert f'data-poll-url="/crm/mailouts/{MAILOUT}/progress.json"' in page
    assert 'data-live-count="sent">1<' in page and 'data-live-count="handed">2<' in page
    assert "status: Customer" in page and "tags: Gold" in page
    assert "no e-mail address" in page and "bounced: 550" in page and "Not sent" in page
    assert "<script>" not in page  # the poll is console.js's
    progress = seller.get(f"/crm/mailouts/{MAILOUT}/progress.json").get_json()
    assert progress["done"] is False and progress["counts"]["handed"] == 2


def test_a_finished_mailout_is_not_polled_and_its_filter_is_passed(seller, gateway):
    gateway.on("GET", f"/api/crm/mailouts/{MAILOUT}", 200, mailout(handed=0, sent=3))
    page = seller.get(f"/crm/mailouts/{MAILOUT}?state=failed").text
    assert "data-poll-url" not in page and "Done" in page
    params = [c[3]["params"] for c in gateway.calls if c[1].endswith("/recipients")][0]
    assert params["state"] == "failed"
    assert seller.get(f"/crm/mailouts/{MAILOUT}/progress.json").get_json()["done"] is True


def test_the_pages_speak_swedish(seller, gateway):
    seller.set_cookie("foyer_lang", "sv")
    page = seller.get(f"/crm/mailouts/{MAILOUT}").text
    assert "Utskick" in page and "Skickas inte" in page and "ingen e-postadress" in page
    assert "status: Kund" in page and "taggar: Gold" in page
    assert "Förhandsvisa mottagarna" in seller.get("/crm/mailouts/new").text


def test_notifys_template_instead_of_a_free_text(seller, gateway):
    sent = []
    gateway.routes[("POST", "/api/crm/mailouts")] = lambda **kw: (
        sent.append(kw["json"]) or answer(201, mailout(subject=None, template="mailout"))
    )
    form = seller.get("/crm/mailouts/new")
    response = seller.post(
        "/crm/mailouts/new",
        data={"csrf_token": csrf_of(form.text), "content": "template", "subject": "ignored"},
    )
    assert response.status_code == 302
    assert sent == [{"audience": {}, "template": "mailout"}]
