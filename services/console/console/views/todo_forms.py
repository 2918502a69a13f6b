"""Create and edit a to-do: type, note, reminder (the CRM's local time) and assignee."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api, crm
from console.access import requires
from console.client import ApiError

blp = Blueprint("todo_forms", __name__, url_prefix="/todos")
WRITE = "crm.tasks.write"


def _parse(form) -> tuple[dict, dict]:
    """The API's body from the form (every field sent: an emptied one is cleared), or errors."""
    body = {
        "type_id": form.get("type_id") or None,
        "note": form.get("note", "").strip() or None,
    }
    if form.get("assignee_user_id"):
        body["assignee_user_id"] = form["assignee_user_id"]
    try:
        body["remind_at"] = crm.from_form(form.get("remind_date", ""), form.get("remind_time", ""))
    except ValueError:
        return body, {"remind_date": _("Not a date and time.")}
    return body, {}


def _render(task: dict, contact: dict | None, errors: dict, status: int = 200):
    return render_template(
        "todo_form.html",
        task=task,
        contact=contact,
        task_types=crm.labels("task-types"),
        staff=crm.staff(),
        errors=errors,
    ), status


def _form_values(form) -> dict:
    return {
        "type_id": form.get("type_id"),
        "note": form.get("note"),
        "assignee_user_id": form.get("assignee_user_id"),
        "remind_date": form.get("remind_date", ""),
        "remind_time": form.get("remind_time", ""),
    }


@blp.route("/new", methods=["GET", "POST"])
@requires(WRITE)
def new():
    contact_id = request.values.get("contact_id") or None
    contact = api.json("GET", f"/api/crm/contacts/{contact_id}") if contact_id else None
    if request.method == "GET":
        return _render({}, contact, {})
    body, errors = _parse(request.form)
    if contact:
        body.update(kind=contact["kind"], contact_id=contact["id"])
    if not errors:
        made, errors = _send("POST", "/api/crm/tasks", body)
        if not errors:
            flash(_("The to-do is saved."))
            return redirect(url_for("todos.show", task_id=made["id"]))
    return _render(_form_values(request.form), contact, _named(errors), 422)


@blp.route("/<uuid:task_id>/edit", methods=["GET", "POST"])
@requires(WRITE)
def edit(task_id):
    task = api.json("GET", f"/api/crm/tasks/{task_id}")
    if task.get("state") == "done":  # a closed to-do is reopened first
        return redirect(url_for("todos.show", task_id=task_id))
    contact = None
    if task.get("contact_id"):
        contact = api.optional(f"/api/crm/contacts/{task['contact_id']}")
    if request.method == "GET":
        when = crm.local(task.get("remind_at"))
        values = {
            **task,
            "remind_date": when.strftime("%Y-%m-%d") if when else "",
            "remind_time": when.strftime("%H:%M") if when else "",
        }
        return _render(values, contact, {})
    body, errors = _parse(request.form)
    if task["kind"] == "private":
        body.pop("assignee_user_id", None)  # always the creator's own
    if not errors:
        _answer, errors = _send("PATCH", f"/api/crm/tasks/{task_id}", body)
        if not errors:
            flash(_("The to-do is saved."))
            return redirect(url_for("todos.show", task_id=task_id))
    return _render({**task, **_form_values(request.form)}, contact, _named(errors), 422)


def _send(method: str, path: str, body: dict) -> tuple[dict | None, dict]:
    """The CRM's answer to the form, and what it refused by field (nothing when it saved)."""
    try:
        return api.json(method, path, json=body), {}
    except ApiError as refused:
        if refused.status not in (400, 422):
            raise
        return None, refused.field_errors() or {"_": refused.message}


def _named(errors: dict) -> dict:
    """The API names `remind_at`; the page has its date field."""
    if "remind_at" in errors:
        errors["remind_date"] = errors.pop("remind_at")
    return errors
