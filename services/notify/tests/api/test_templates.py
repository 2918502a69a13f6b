"""Templates through the Flask client on PostgreSQL: read, save, refuse, reset, preview."""

from __future__ import annotations

from foyer_shared.db import new_id
from notify.models import Contact

MANAGE = "notify.templates.manage"
PATH = "/templates/account_activation/sv"
DRAFT = {
    "subject": "Välkommen {{ person.first_name }}",
    "text": "Hej!\n{{ link }}\n",
    "html": "<p>{{ link }}</p>",
    "sms": "{{ link }}",
}


def test_every_type_and_language_is_listed_built_in_at_first(client, as_staff):
    response = client.get("/templates", headers=as_staff("GET", "/templates", MANAGE))
    assert response.status_code == 200
    assert len(response.json) == 7 * 4
    assert {t["source"] for t in response.json} == {"builtin"}


def test_templates_need_the_permission(client, as_staff):
    headers = as_staff("GET", PATH, "notify.messages.send")
    assert client.get(PATH, headers=headers).status_code == 403


def test_saved_template_is_used_and_reset_goes_back(client, as_staff):
    saved = client.put(PATH, json=DRAFT, headers=as_staff("PUT", PATH, MANAGE))
    assert saved.status_code == 200, saved.json
    assert (saved.json["source"], saved.json["subject"]) == ("saved", DRAFT["subject"])
    assert client.get(PATH, headers=as_staff("GET", PATH, MANAGE)).json["source"] == "saved"
    reset = client.delete(PATH, headers=as_staff("DELETE", PATH, MANAGE))
    assert reset.json["source"] == "builtin"


def test_an_unknown_placeholder_is_422_naming_it_and_its_line(client, as_staff):
    draft = {**DRAFT, "text": "Hej\n{{ link }}\n{{ password }}"}
    response = client.put(PATH, json=draft, headers=as_staff("PUT", PATH, MANAGE))
    assert response.status_code == 422
    assert "password" in response.json["message"] and "line 3" in response.json["message"]
    assert "text" in response.json["errors"]["json"]


def test_a_syntax_error_is_422_naming_its_line(client, as_staff):
    draft = {**DRAFT, "html": "<p>\n{% if link %}"}
    response = client.put(PATH, json=draft, headers=as_staff("PUT", PATH, MANAGE))
    assert response.status_code == 422 and "html, line 2" in response.json["message"]


def test_unknown_type_or_language_is_422_naming_it(client, as_staff):
    cases = [("/templates/birthday/sv", "birthday"), ("/templates/staff_message/de", "'de'")]
    for path, named in cases:
        response = client.put(path, json=DRAFT, headers=as_staff("PUT", path, MANAGE))
        assert response.status_code == 422 and named in response.json["message"], path


def test_preview_renders_for_the_person_in_their_language(client, as_staff, db):
    person = new_id()
    with db.transaction() as session:
        session.add(Contact(person_id=person, first_name="Åsa", language="da"))
    path = "/templates/account_activation/preview"
    response = client.post(path, json={"person_id": person}, headers=as_staff("POST", path, MANAGE))
    assert response.status_code == 200, response.json
    assert response.json["language"] == "da" and "Hej Åsa!" in response.json["text"]
    draft = client.post(
        path,
        json={"person_id": person, "language": "en", "template": DRAFT},
        headers=as_staff("POST", path, MANAGE),
    )
    assert draft.json["subject"] == "Välkommen Åsa"


def test_preview_for_an_unknown_person_is_422_naming_them(client, as_staff):
    path, person = "/templates/staff_message/preview", new_id()
    response = client.post(path, json={"person_id": person}, headers=as_staff("POST", path, MANAGE))
    assert response.status_code == 422 and person in response.json["message"]
