"""A person's relations (parent of, contact person for, works at, ...): added by finding the
other person (console/finding.py) and choosing the type, removed from the card."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api, finding
from console.access import requires
from console.client import ApiError

blp = Blueprint("relations", __name__, url_prefix="/persons")

WRITE = "registry.relations.write"


def _back(person_id):
    return redirect(url_for("persons.card", person_id=person_id) + "#relations")


@blp.get("/<uuid:person_id>/relations/new")
@requires(WRITE)
def new(person_id):
    person = api.json("GET", f"/api/registry/persons/{person_id}")
    typed = finding.typed()
    return render_template(
        "relation_new.html",
        person=person,
        typed=typed,
        found=finding.others(typed, person_id),  # never related to oneself
        types=api.optional("/api/registry/relation-types", []) or [],
        chosen_type=request.args.get("type", "parent"),
    )


@blp.post("/<uuid:person_id>/relations")
@requires(WRITE)
def add(person_id):
    relation = {"to_person_id": request.form.get("to_person_id"), "type": request.form.get("type")}
    try:
        api.call("POST", f"/api/registry/persons/{person_id}/relations", json=relation)
    except ApiError as refused:
        if refused.status not in (400, 403, 404, 409, 422):
            raise
        fields = refused.field_errors()
        reason = "; ".join(f"{k}: {v}" for k, v in fields.items()) or refused.message
        flash(_("The relation was not added: %(reason)s", reason=reason), "error")
    else:
        flash(_("The relation is added."))
    return _back(person_id)


@blp.post("/<uuid:person_id>/relations/<uuid:relation_id>/delete")
@requires(WRITE)
def remove(person_id, relation_id):
    api.call("DELETE", f"/api/registry/relations/{relation_id}")
    flash(_("The relation is removed."))
    return _back(person_id)
