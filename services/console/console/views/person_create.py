"""Registering a person or a company at the desk. The fields the owner requires when staff
create a profile (the registry's `staff_create` scenario, issue 23 §2) are marked and asked
for; the registry decides, and a missing or bad one comes back as a 422 shown at its field."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api, extended_fields
from console.access import requires
from console.client import ApiError
from console.views.persons import editable_fields

blp = Blueprint("person_create", __name__, url_prefix="/persons")

WRITE = "registry.persons.write"
# The registry registers persons only for unscoped staff (a member or a group leader is
# scoped); both are asked, as the registry does.
ALL = "registry.persons.all"
SCENARIO = "staff_create"


def staff_requirements() -> dict:
    """{"base": [...], "extra_fields": [...], "must_tick": [...]} of the staff scenario."""
    scenarios = api.optional("/api/registry/required-fields", []) or []
    return next((s for s in scenarios if s.get("scenario") == SCENARIO), {})


def required_extras(keys) -> list[dict]:
    """The definitions (label, type, options) of the extended fields the scenario requires."""
    if not keys:
        return []
    return [f for f in extended_fields.definitions() if f["key"] in keys]


def request_body(kind: str, fields, extras, form) -> dict:
    body = {name: value for name in fields if (value := form.get(name, "").strip())}
    chosen = {
        d["key"]: v for d in extras if (v := extended_fields.typed(d, form)) not in (None, False)
    }
    return {"kind": kind, **body, **({"extra_fields": chosen} if chosen else {})}


@blp.route("/new", methods=["GET", "POST"])
@requires(WRITE)
@requires(ALL)
def new():
    kind = "company" if request.values.get("kind") == "company" else "person"
    fields = editable_fields({"kind": kind})
    rules = staff_requirements()
    extras = required_extras(rules.get("extra_fields"))
    page = {
        "kind": kind,
        "fields": fields,
        "required": set(rules.get("base") or ()),
        "extras": extras,
        "extra_values": {d["key"]: extended_fields.typed(d, request.form) for d in extras},
    }
    if request.method == "GET":
        return render_template("person_new.html", **page, form=request.form, errors={})
    try:
        created = api.json(
            "POST", "/api/registry/persons", json=request_body(kind, fields, extras, request.form)
        )
    except ApiError as refused:
        if refused.status not in (400, 422):
            raise
        found = refused.field_errors() or {"_": refused.message}
        errors = extended_fields.form_errors(found, extras)
        return render_template("person_new.html", **page, form=request.form, errors=errors), 422
    flash(_("%(name)s is registered.", name=created.get("display_name") or ""))
    return redirect(url_for("persons.card", person_id=created["id"]))
