"""My to-dos coloured red/blue/white, one to-do with its close form (history entry and the
next to-do chained in the same call), and a to-do's card."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api, crm
from console.access import requires
from console.client import ApiError

blp = Blueprint("todos", __name__, url_prefix="/todos")
READ, WRITE = "crm.tasks.read", "crm.tasks.write"
STATES = ("open", "closed", "all")


@blp.get("")
@requires(READ)
def index():
    state = request.args.get("state", "open")
    state = state if state in STATES else "open"
    page = max(1, request.args.get("page", 1, type=int) or 1)
    size = current_app.extensions["console"].settings.page_size
    response = api.get("/api/crm/tasks", params={"state": state, "page": page, "page_size": size})
    pagination = json.loads(response.headers.get("X-Pagination") or "null")
    return render_template("todos.html", todos=response.json(), state=state, pagination=pagination)


@blp.get("/<uuid:task_id>")
@requires(READ)
def show(task_id):
    task = api.json("GET", f"/api/crm/tasks/{task_id}")
    return _show(task, {}, {})


def _show(task: dict, errors: dict, form: dict, status: int = 200):
    contact = None
    if task.get("contact_id"):
        contact = api.optional(f"/api/crm/contacts/{task['contact_id']}")
    return render_template(
        "todo.html",
        task=task,
        contact=contact,
        task_types=crm.labels("task-types"),
        history_types=crm.labels("history-types"),
        errors=errors,
        form=form,
    ), status


@blp.post("/<uuid:task_id>/close")
@requires(WRITE)
def close(task_id):
    form = request.form
    body, errors = {}, {}
    history = _entry(form.get("history_type_id"), form.get("history_note"))
    if history:
        body["history"] = history
    if form.get("next_date", "").strip():
        try:
            nxt = {"remind_at": crm.from_form(form["next_date"], form.get("next_time", ""))}
        except ValueError:
            errors["next_date"] = _("Not a date and time.")
        else:
            nxt.update(_entry(form.get("next_type_id"), form.get("next_note")))
            body["next"] = nxt
    if not errors:
        try:
            closed = api.json("POST", f"/api/crm/tasks/{task_id}/close", json=body)
        except ApiError as refused:
            if refused.status not in (400, 422):
                raise
            errors = {"_": refused.message}
        else:
            return _closed(closed)
    task = api.json("GET", f"/api/crm/tasks/{task_id}")
    return _show(task, errors, form, 422)


def _entry(type_id: str | None, note: str | None) -> dict:
    entry = {}
    if type_id:
        entry["type_id"] = type_id
    if note and note.strip():
        entry["note"] = note.strip()
    return entry


def _closed(closed: dict):
    following = closed.get("next")
    if following:
        flash(_("The to-do is done. The next one is made."))
        return redirect(url_for("todos.show", task_id=following["id"]))
    flash(_("The to-do is done."))
    return redirect(url_for("todos.index"))


@blp.post("/<uuid:task_id>/reopen")
@requires(WRITE)
def reopen(task_id):
    api.call("POST", f"/api/crm/tasks/{task_id}/reopen")
    flash(_("The to-do is open again."))
    return redirect(url_for("todos.show", task_id=task_id))


@blp.get("/cards/<uuid:contact_id>")
@requires("crm.contacts.read")
def card(contact_id):
    """A CRM card's registry person (to-dos and lists name the card, the page is the person's)."""
    contact = api.json("GET", f"/api/crm/contacts/{contact_id}")
    return redirect(url_for("persons.card", person_id=contact["person_id"]) + "#crm")
