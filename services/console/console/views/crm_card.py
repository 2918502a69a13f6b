"""The CRM card on the person card: status, responsible, tags, history and my to-dos about
the person, with forms to change the card and to write a history entry."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from console import api, crm, parallel
from console.access import can, requires

blp = Blueprint("crm_card", __name__, url_prefix="/persons")


def section(person_id: str) -> dict | None:
    """What the card's CRM section shows; None for users who may not read CRM cards, or while
    the CRM has not made the card yet (it follows the registry's events)."""
    if not can("crm.contacts.read"):
        return None
    found = api.optional("/api/crm/contacts", [], params={"person_id": person_id}) or []
    if not found:
        return None
    card = found[0]
    writable = can("crm.contacts.write")
    # Everything after finding the card needs only its id and kind: read at once (parallel.py).
    parts = parallel.read_all(
        contact=lambda: api.json("GET", f"/api/crm/contacts/{card['id']}"),
        history=lambda: api.optional(
            f"/api/crm/contacts/{card['id']}/history", [], params={"page_size": 20}
        ),
        tasks=lambda: _tasks(card["id"]),
        tags=lambda: crm.labels("tags", applies_to=card["kind"]) if writable else [],
        history_types=lambda: crm.labels("history-types") if writable else [],
        staff=lambda: crm.staff() if writable else {},
    )
    return {**parts, "history": parts["history"] or [], "tasks": parts["tasks"] or []}


def _tasks(contact_id: str) -> list:
    if not can("crm.tasks.read"):
        return []
    return api.optional("/api/crm/tasks", [], params={"contact_id": contact_id, "state": "all"})


def _back(person_id):
    return redirect(url_for("persons.card", person_id=person_id) + "#crm")


def _send(person_id, method: str, path: str, body: dict, saved: str):
    """Send the form's change to the CRM and go back to the card's CRM section: with `saved`
    as the message, or with the first field error the CRM named (422)."""
    try:
        api.call(method, path, json=body)
    except api.ApiError as refused:
        if refused.status != 422:
            raise
        flash(next(iter(refused.field_errors().values()), refused.message), "error")
        return _back(person_id)
    flash(saved)
    return _back(person_id)


@blp.post("/<uuid:person_id>/crm")
@requires("crm.contacts.write")
def update(person_id):
    contact_id = request.form.get("contact_id", "")
    if not contact_id:
        abort(400)
    changes = {
        "status": request.form.get("status") or None,
        "responsible_user_id": request.form.get("responsible_user_id") or None,
        "tag_ids": request.form.getlist("tag_id"),
    }
    if changes["status"] is None:
        changes.pop("status")
    return _send(
        person_id, "PATCH", f"/api/crm/contacts/{contact_id}", changes, _("The CRM card is saved.")
    )


@blp.post("/<uuid:person_id>/crm/history")
@requires("crm.contacts.write")
def history(person_id):
    contact_id = request.form.get("contact_id", "")
    note = request.form.get("note", "").strip()
    if not contact_id:
        abort(400)
    body = {"type_id": request.form.get("type_id") or None, "note": note or None}
    path = f"/api/crm/contacts/{contact_id}/history"
    return _send(person_id, "POST", path, body, _("The history entry is saved."))
