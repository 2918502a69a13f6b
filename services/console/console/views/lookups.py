"""Look up in register from the person card (issue 23 §1): SPAR for a person, ARES for a
company; the register beside the card, tick boxes per field, "take these fields"."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api
from console.access import requires
from console.client import ApiError

blp = Blueprint("lookups", __name__, url_prefix="/persons")

PERMISSION = "registry.lookups.use"
# The address fields "only the address" takes, per kind of card.
ADDRESS = {
    "person": ("address", "postal_code", "city"),
    "company": ("visiting_address", "visiting_postal_code", "visiting_city"),
}
SHOWN_AS_ERROR = (404, 412, 422, 502, 503, 504)


def _identifier_field(person: dict) -> str:
    return "ico" if person.get("kind") == "company" else "personnummer"


def _page(person: dict, identifier: str, comparison=None, problem=None, status=200):
    return (
        render_template(
            "lookup.html",
            person=person,
            field=_identifier_field(person),
            identifier=identifier,
            comparison=comparison,
            problem=problem,
            address=ADDRESS.get(person.get("kind") or "person", ()),
        ),
        status,
    )


def _ask(path: str, body: dict, **kwargs) -> tuple[dict | None, ApiError | None]:
    try:
        return api.json("POST", path, json=body, **kwargs), None
    except ApiError as refused:
        if refused.status not in SHOWN_AS_ERROR:
            raise
        return None, refused


@blp.route("/<uuid:person_id>/lookup", methods=["GET", "POST"])
@requires(PERMISSION)
def compare(person_id):
    person = api.json("GET", f"/api/registry/persons/{person_id}")
    field = _identifier_field(person)
    if request.method == "GET":
        return _page(person, person.get(field) or "")
    identifier = request.form.get(field, "").strip()
    body = {field: identifier} if identifier else {}
    comparison, refused = _ask(f"/api/registry/persons/{person_id}/lookup", body)
    if refused is not None:
        return _page(person, identifier, problem=_problem(refused), status=refused.status)
    return _page(person, identifier, comparison)


@blp.post("/<uuid:person_id>/lookup/apply")
@requires(PERMISSION)
def apply(person_id):
    person = api.json("GET", f"/api/registry/persons/{person_id}")
    field = _identifier_field(person)
    identifier = request.form.get(field, "").strip()
    chosen = request.form.getlist("field")
    if request.form.get("only") == "address":
        chosen = list(ADDRESS.get(person.get("kind") or "person", ()))
    if not chosen:
        flash(_("Tick at least one field to take."), "error")
        return redirect(url_for("lookups.compare", person_id=person_id))
    body = {"fields": chosen, **({field: identifier} if identifier else {})}
    version = request.form.get("version", "")
    headers = {"If-Match": f'"{version}"'} if version.isdigit() else {}
    _taken, refused = _ask(f"/api/registry/persons/{person_id}/lookup/apply", body, headers=headers)
    if refused is not None and refused.status == 412:
        message = _("Someone else changed this card meanwhile. Here it is as it is now.")
        flash(message, "error")
        return redirect(url_for("lookups.compare", person_id=person_id))
    if refused is not None:
        return _page(person, identifier, problem=_problem(refused), status=refused.status)
    flash(_("The fields from the register are on the card."))
    return redirect(url_for("persons.card", person_id=person_id))


def _problem(refused: ApiError) -> str:
    """What the user is told, in their language; the API's own words where they say more."""
    if refused.status == 404:
        return _("The register has no one with this number.")
    if refused.status == 504:
        return _("The register did not answer in time. Try again in a moment.")
    if refused.status == 502:
        return _("The register answered with an error. Try again later.")
    if refused.status == 503:
        return _("This register is not set up here (%(message)s).", message=refused.message)
    errors = refused.field_errors()
    return "; ".join(errors.values()) or refused.message
