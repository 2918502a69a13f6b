"""Tags, to-do types and history event types (owners and administrators): list, create,
rename, archive and take back in use. Nothing is deleted: archived ones stay listed."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from console import api
from console.access import requires
from console.client import ApiError

blp = Blueprint("crm_labels", __name__, url_prefix="/crm/settings")
SETTINGS = "crm.settings.write"
KIND = "<any('tags', 'task-types', 'history-types'):kind>"
TITLES = {
    "tags": _l("Tags"),
    "task-types": _l("To-do types"),
    "history-types": _l("History event types"),
}
APPLIES_TO = ("person", "company")


@blp.get(f"/{KIND}")
@requires(SETTINGS)
def index(kind):
    return _render(kind, {}, {})


@blp.post(f"/{KIND}")
@requires(SETTINGS)
def create(kind):
    body = {"name": request.form.get("name", "").strip()}
    if kind == "tags":
        body["applies_to"] = request.form.get("applies_to", "")
    try:
        made = api.json("POST", f"/api/crm/{kind}", json=body)
    except ApiError as refused:
        if refused.status not in (400, 409, 422):
            raise
        return _render(kind, refused.field_errors() or {"_": refused.message}, body, 422)
    flash(_("“%(name)s” is added.", name=made["name"]))
    return redirect(url_for("crm_labels.index", kind=kind))


@blp.post(f"/{KIND}/<uuid:label_id>")
@requires(SETTINGS)
def change(kind, label_id):
    """One row's form: rename (`name`), or archive / take back (`archived` = 1 / 0)."""
    if "archived" in request.form:
        body = {"archived": request.form["archived"] == "1"}
    elif "name" in request.form:
        body = {"name": request.form["name"].strip()}
    else:
        abort(400)
    try:
        changed = api.json("PATCH", f"/api/crm/{kind}/{label_id}", json=body)
    except ApiError as refused:
        if refused.status not in (400, 409, 422):
            raise
        errors = {f"{name}-{label_id}": text for name, text in refused.field_errors().items()}
        return _render(kind, errors or {"_": refused.message}, {}, 422)
    name = changed["name"]
    if "name" in body:
        flash(_("Renamed to “%(name)s”.", name=name))
    elif body["archived"]:
        flash(_("“%(name)s” is archived.", name=name))
    else:
        flash(_("“%(name)s” is in use again.", name=name))
    return redirect(url_for("crm_labels.index", kind=kind))


def _render(kind: str, errors: dict, values: dict, status: int = 200):
    """Every label of the kind, in use first, archived after (the API lists both)."""
    every = api.json("GET", f"/api/crm/{kind}") or []
    every.sort(key=lambda label: (bool(label.get("archived")), label.get("name", "").lower()))
    return render_template(
        "crm_labels.html",
        kind=kind,
        title=TITLES[kind],
        titles=TITLES,
        labels=every,
        errors=errors,
        values=values,
        applies_to=APPLIES_TO,
    ), status
