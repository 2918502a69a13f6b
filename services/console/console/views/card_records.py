"""What staff add to a person's card besides its fields: a consent answer (given or withdrawn,
recorded as given at the console) and a confidential journal entry. The card shows both
(card_parts.consents, card_parts.journal); a refusal is said at the section it came from."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _

from console import api
from console.access import requires
from console.client import ApiError

blp = Blueprint("card_records", __name__, url_prefix="/persons")

CONSENTS_WRITE = "registry.persons.write"
JOURNAL_WRITE = "registry.journal.write"


def _back(person_id, section: str):
    return redirect(url_for("persons.card", person_id=person_id) + f"#{section}")


def _said(refused: ApiError) -> str:
    """The registry's words for a refusal, each field's message after its name."""
    fields = refused.field_errors()
    return "; ".join(f"{name}: {text}" for name, text in fields.items()) or refused.message


@blp.post("/<uuid:person_id>/consents")
@requires(CONSENTS_WRITE)
def consent(person_id):
    answer = {
        "purpose": request.form.get("purpose", "").strip().lower(),
        "text_version": request.form.get("text_version", "").strip(),
        "given": request.form.get("given") == "yes",
        "channel": "console",
    }
    try:
        api.call("POST", f"/api/registry/persons/{person_id}/consents", json=answer)
    except ApiError as refused:
        if refused.status not in (400, 403, 422):
            raise
        flash(_("The consent was not recorded: %(reason)s", reason=_said(refused)), "error")
    else:
        flash(_("The consent answer is recorded."))
    return _back(person_id, "consents")


@blp.post("/<uuid:person_id>/journal")
@requires(JOURNAL_WRITE)
def journal_entry(person_id):
    text = request.form.get("text", "").strip()
    try:
        api.call("POST", f"/api/registry/persons/{person_id}/journal", json={"text": text})
    except ApiError as refused:
        if refused.status not in (400, 403, 422, 503):
            raise
        flash(_("The journal entry was not saved: %(reason)s", reason=_said(refused)), "error")
    else:
        flash(_("The journal entry is saved."))
    return _back(person_id, "journal")
