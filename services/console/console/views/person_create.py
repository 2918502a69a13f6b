"""Registering a person or a company at the desk. The fields the owner requires when staff
create a profile (the registry's `staff_create` scenario, issue 23 §2) are marked and asked
for; the registry decides, and a missing or bad one comes back as a 422 shown at its field."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api
from console.access import requires
from console.client import ApiError
from console.views.persons import editable_fields

blp = Blueprint("person_create", __name__, url_prefix="/persons")

WRITE = "registry.persons.write"
# The registry registers persons only for unscoped staff (a member or a group leader is
# scoped); both are asked, as the registry does.
ALL = "registry.persons.all"
SCENARIO = "staff_create"
EXTRA = "extra_"  # the form's name of an extended field: extra_<key>


def staff_requirements() -> dict:
    """{"base": [...], "extra_fields": [...], "must_tick": [...]} of the staff scenario."""
    scenarios = api.optional("/api/registry/required-fields", []) or []
    return next((s for s in scenarios if s.get("scenario") == SCENARIO), {})


def required_extras(keys) -> list[dict]:
    """The definitions (label, type, options) of the extended fields the scenario requires."""
    if not keys:
        return []
    return [f for f in api.optional("/api/registry/fields", []) or [] if f["key"] in keys]


def extra_value(definition: dict, form):
    """The value typed for an extended field, in the type the registry takes; None if empty."""
    name = EXTRA + definition["key"]
    if definition["type"] == "checkbox":
        return name in form
    if definition["type"] == "multi_select":
        return form.getlist(name) or None
    typed = form.get(name, "").strip()
    return typed or None


def request_body(kind: str, fields, extras, form) -> dict:
    body = {name: value for name in fields if (value := form.get(name, "").strip())}
    chosen = {d["key"]: v for d in extras if (v := extra_value(d, form)) not in (None, False)}
    return {"kind": kind, **body, **({"extra_fields": chosen} if chosen else {})}


def form_errors(refused: ApiError, extras) -> dict[str, str]:
    """The registry's errors by the form's names (an extended field's error is under its key)."""
    found = refused.field_errors() or {"_": refused.message}
    keys = {d["key"] for d in extras}
    return {(EXTRA + name if name in keys else name): text for name, text in found.items()}


@blp.route("/new", methods=["GET", "POST"])
@requires(WRITE)
@requires(ALL)
def new():
    kind = "company" if request.values.get("kind") == "company" else "person"
    fields = editable_fields({"kind": kind})
    rules = staff_requirements()
    extras = required_extras(rules.get("extra_fields"))
    page = {"kind": kind, "fields": fields, "required": set(rules.get("base") or ())}
    if request.method == "GET":
        return render_template(
            "person_new.html", **page, extras=extras, form=request.form, errors={}
        )
    try:
        created = api.json(
            "POST", "/api/registry/persons", json=request_body(kind, fields, extras, request.form)
        )
    except ApiError as refused:
        if refused.status not in (400, 422):
            raise
        errors = form_errors(refused, extras)
        return render_template(
            "person_new.html", **page, extras=extras, form=request.form, errors=errors
        ), 422
    flash(_("%(name)s is registered.", name=created.get("display_name") or ""))
    return redirect(url_for("persons.card", person_id=created["id"]))
