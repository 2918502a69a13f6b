"""The card's consents, journal and documents (issue 23 §3, §5, §8 in the console): each shown
with its permission, written through the registry with the console as the channel, and a
refusal said at its section."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

PERSON = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
DOC = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
WRITER = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b"
CARD = {"id": PERSON, "kind": "person", "display_name": "Åsa Lindström", "interests": []}
CONSENTS = f"/api/registry/persons/{PERSON}/consents"
JOURNAL = f"/api/registry/persons/{PERSON}/journal"
DOCUMENTS = f"/api/registry/persons/{PERSON}/documents"
GIVEN = {
    "purpose": "photos",
    "text_version": "2026-01",
    "given": True,
    "recorded_at": "2026-12-01T10:00:00+00:00",
    "by_self": False,
    "channel": "import",
}
WITHDRAWN = {**GIVEN, "given": False, "recorded_at": "2026-12-03T12:00:00+00:00", "by_self": True}
ENTRY = {
    "id": "j-1",
    "author": WRITER,
    "written_at": "2026-12-04T08:15:00+00:00",
    "text": "Knäskada; tränaren vet.",
}
MANAGER = [
    "registry.persons.read",
    "registry.persons.write",
    "registry.journal.read",
    "registry.journal.write",
    "registry.documents.read",
    "registry.documents.write",
    "identity.users.read",
]


@pytest.fixture
def manager(signed_in, gateway):
    gateway.permissions = MANAGER
    gateway.on("GET", f"/api/registry/persons/{PERSON}", 200, CARD)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    gateway.on("GET", CONSENTS, 200, {"current": [WITHDRAWN], "history": [GIVEN, WITHDRAWN]})
    gateway.on("GET", JOURNAL, 200, [ENTRY])
    gateway.on("GET", DOCUMENTS, 200, [])
    gateway.on("GET", f"/api/identity/users/{WRITER}", 200, {"id": WRITER, "username": "maja"})
    return signed_in


def sent(gateway, method: str, path: str) -> list[dict]:
    return [kw for m, p, _t, kw in gateway.calls if (m, p) == (method, path)]


def section(page: str, name: str) -> str:
    return page.split(f'id="{name}"')[1].split("</section>")[0]


def test_the_card_shows_the_current_answers_and_the_history(manager):
    consents = section(manager.get(f"/persons/{PERSON}").text, "consents")
    assert "photos" in consents and "withdrawn" in consents and "by the person" in consents
    # 10:00 UTC, on the installation's clock (Stockholm)
    assert "Every answer, oldest first" in consents and "2026-12-01 11:00" in consents
    assert 'id="consent-purpose"' in consents  # the form, with write


def test_a_consent_answer_goes_to_the_registry_as_given_at_the_console(manager, gateway):
    gateway.on("POST", CONSENTS, 201, GIVEN)
    page = manager.get(f"/persons/{PERSON}")
    form = {"purpose": " Photos ", "text_version": "2026-02", "given": "yes"}
    done = manager.post(
        f"/persons/{PERSON}/consents",
        data={"csrf_token": csrf_of(page.text), **form},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "The consent answer is recorded." in done.text
    body = sent(gateway, "POST", CONSENTS)[0]["json"]
    expected = {"purpose": "photos", "text_version": "2026-02", "given": True}
    assert body == {**expected, "channel": "console"}


def test_a_refused_consent_names_the_field(manager, gateway):
    errors = {"json": {"purpose": ["Letters, digits, '_', '.' and '-' only."]}}
    gateway.on("POST", CONSENTS, 422, {"message": "invalid input", "errors": errors})
    page = manager.get(f"/persons/{PERSON}")
    form = {"purpose": "foton!", "text_version": "1", "given": "no"}
    done = manager.post(
        f"/persons/{PERSON}/consents",
        data={"csrf_token": csrf_of(page.text), **form},
        follow_redirects=True,
    )
    assert "The consent was not recorded: purpose: Letters, digits" in done.text


def test_the_journal_names_its_author_and_takes_a_new_entry(manager, gateway):
    journal = section(manager.get(f"/persons/{PERSON}").text, "journal")
    assert "Knäskada; tränaren vet." in journal and "maja" in journal
    assert "2026-12-04 09:15" in journal  # 08:15 UTC, Stockholm time
    gateway.on("POST", JOURNAL, 201, ENTRY)
    page = manager.get(f"/persons/{PERSON}")
    done = manager.post(
        f"/persons/{PERSON}/journal",
        data={"csrf_token": csrf_of(page.text), "text": "  Ringde om knät.  "},
        follow_redirects=True,
    )
    assert "The journal entry is saved." in done.text
    assert sent(gateway, "POST", JOURNAL)[0]["json"] == {"text": "Ringde om knät."}


def test_a_journal_without_keys_is_said_and_offers_no_form(manager, gateway):
    gateway.on("GET", JOURNAL, 503, {"message": "the journal's keys are not configured"})
    journal = section(manager.get(f"/persons/{PERSON}").text, "journal")
    assert "its keys are not configured" in journal and 'id="journal-text"' not in journal


def test_without_the_permissions_no_journal_no_forms_and_refused(manager, gateway):
    gateway.permissions = ["registry.persons.read", "registry.documents.read"]  # a trainer-like
    page = manager.get(f"/persons/{PERSON}").text
    assert 'id="journal"' not in page and JOURNAL not in [p for _m, p, _t, _k in gateway.calls]
    assert 'id="consent-purpose"' not in page and 'id="document-file"' not in page
    token = csrf_of(manager.get(f"/persons/{PERSON}").text)  # the language form has one
    for path in ("consents", "journal", "documents", f"documents/{DOC}/delete"):
        refused = manager.post(f"/persons/{PERSON}/{path}", data={"csrf_token": token})
        assert refused.status_code == 403, path
    assert not [c for c in gateway.calls if c[0] in ("POST", "DELETE") and "/registry/" in c[1]]


def test_a_document_is_uploaded_and_removed_from_the_card(manager, gateway):
    uploads = []  # (name, bytes) as the registry would receive them

    def receive(files, **_kw):
        name, stream, _type = files["file"]
        uploads.append((name, stream.read()))
        return answer(201, {})

    gateway.routes[("POST", DOCUMENTS)] = receive
    gateway.on("DELETE", f"/api/registry/documents/{DOC}", 204)
    page = manager.get(f"/persons/{PERSON}")
    assert 'enctype="multipart/form-data"' in section(page.text, "documents")
    token = csrf_of(page.text)
    done = manager.post(
        f"/persons/{PERSON}/documents",
        data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.4 intyg"), "intyg.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "intyg.pdf is saved on the card." in done.text
    assert uploads == [("intyg.pdf", b"%PDF-1.4 intyg")]
    gone = manager.post(
        f"/persons/{PERSON}/documents/{DOC}/delete",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "The document is removed." in gone.text
    assert sent(gateway, "DELETE", f"/api/registry/documents/{DOC}")


def test_an_upload_the_registry_refuses_is_said_on_the_card(manager, gateway):
    refusal = {"message": "Only PDF, PNG, JPEG or Word (.docx) files."}
    gateway.on("POST", DOCUMENTS, 415, refusal)
    page = manager.get(f"/persons/{PERSON}")
    done = manager.post(
        f"/persons/{PERSON}/documents",
        data={"csrf_token": csrf_of(page.text), "file": (io.BytesIO(b"MZ"), "prog.exe")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "The document was not saved: Only PDF, PNG, JPEG or Word" in done.text
