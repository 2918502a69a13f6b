"""The person card: base data with edit (If-Match), groups, family, statuses and interests,
the important note, the change log, the communication log, likely duplicates, consents, the
journal, documents, who viewed it, and delete with the registry's "why not"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api, change_log, extended_fields, parallel
from console.access import can, requires
from console.client import ApiError
from console.views import card_parts, crm_card, login_email

blp = Blueprint("persons", __name__, url_prefix="/persons")

PERSON_FIELDS = ("first_name", "last_name", "personnummer")
COMPANY_FIELDS = ("company_name", "org_number")
CONTACT_FIELDS = (
    "email",
    "phone",
    "mobile_phone",
    "address",
    "postal_code",
    "city",
    "country",
    "language",
    "external_number",
)
NOTE_FIELDS = ("note", "important_note")


def editable_fields(person: dict) -> tuple[str, ...]:
    own = COMPANY_FIELDS if person.get("kind") == "company" else PERSON_FIELDS
    return (*own, *CONTACT_FIELDS, *NOTE_FIELDS)


def _person(person_id: str) -> tuple[dict, str]:
    response = api.get(f"/api/registry/persons/{person_id}")
    return response.json(), response.headers.get("ETag", "")


@blp.get("/<uuid:person_id>")
@requires("registry.persons.read")
def card(person_id):
    person_id = str(person_id)
    person, _etag = _person(person_id)
    family_id = (person.get("family") or {}).get("id")
    held = {s["id"] for s in person.get("statuses") or []}
    # The sections are read at once (console/parallel.py); each asks only what the user may see.
    found = parallel.read_all(
        family=lambda: api.optional(f"/api/registry/families/{family_id}") if family_id else None,
        changes=lambda: _changes(person_id),
        statuses=lambda: _statuses_to_add(held),
        extras=lambda: extended_fields.definitions() if person.get("extra_fields") else [],
        reads=lambda: card_parts.reads(person_id),
        journal=lambda: card_parts.journal(person_id),
        interests=lambda: api.optional("/api/registry/interest-areas", []),
        crm=lambda: crm_card.section(person_id),
        login=lambda: login_email.section(person_id),
        comms=lambda: card_parts.communication_log(person_id),
        duplicates=lambda: card_parts.duplicates(person_id),
        documents=lambda: card_parts.documents(person_id),
        consents=lambda: card_parts.consents(person_id),
    )
    writers = [entry["author"] for entry in (found["journal"] or {}).get("entries", [])]
    viewers = [r["viewer"] for r in found["reads"] or ()]
    changers = change_log.changers(found["changes"] or [])
    return render_template(
        "person.html",
        person=person,
        **found,
        named=card_parts.staff_names(*viewers, *writers, *changers),
        id_names=change_log.id_names(person, found["statuses"], found["interests"]),
    )


def _changes(person_id: str) -> list:
    if not can("registry.changes.read"):
        return []
    return api.optional(f"/api/registry/persons/{person_id}/changes", [], params={"page_size": 20})


def _statuses_to_add(held: set[str]) -> list:
    """The statuses the person does not have yet, for users who may set them."""
    if not can("registry.statuses.write"):
        return []
    return [s for s in api.optional("/api/registry/statuses", []) if s["id"] not in held]


@blp.route("/<uuid:person_id>/edit", methods=["GET", "POST"])
@requires("registry.persons.write")
def edit(person_id):
    person, etag = _person(str(person_id))
    fields, extras = editable_fields(person), extended_fields.definitions()
    stored = person.get("extra_fields") or {}
    if request.method == "GET":
        return _edit_page(person, fields, extras, stored, {})
    version = request.form.get("version", "")
    changes = {}
    for name in fields:
        value = request.form.get(name, "").strip() or None
        if value != (person.get(name) or None):
            changes[name] = value
    if extra := extended_fields.changes(extras, stored, request.form):
        changes["extra_fields"] = extra
    if not changes:
        flash(_("Nothing was changed."))
        return redirect(url_for("persons.card", person_id=person_id))
    try:
        api.call(
            "PATCH",
            f"/api/registry/persons/{person_id}",
            json=changes,
            headers={"If-Match": f'"{version}"'},
        )
    except ApiError as refused:
        if refused.status == 412:
            message = _("Someone else changed this card meanwhile. Here it is as it is now.")
            flash(message, "error")
            return redirect(url_for("persons.edit", person_id=person_id))
        if refused.status not in (400, 422):
            raise
        form = {**person, **{name: request.form.get(name, "") for name in fields}}
        form["version"] = version
        typed = {d["key"]: extended_fields.typed(d, request.form) for d in extras}
        found = refused.field_errors() or {"_": refused.message}
        errors = extended_fields.form_errors(found, extras)
        return _edit_page(form, fields, extras, typed, errors), 422
    flash(_("The card is saved."))
    return redirect(url_for("persons.card", person_id=person_id))


def _edit_page(person: dict, fields, extras, extra_values: dict, errors: dict) -> str:
    return render_template(
        "person_edit.html",
        person=person,
        fields=fields,
        extras=extras,
        extra_values=extra_values,
        errors=errors,
    )


@blp.post("/<uuid:person_id>/delete")
@requires("registry.persons.delete")
def delete(person_id):
    try:
        api.call("DELETE", f"/api/registry/persons/{person_id}")
    except ApiError as refused:
        if refused.status != 409:
            raise
        blockers = refused.errors.get("blockers") or [refused.message]
        person, _etag = _person(str(person_id))
        return render_template("person_blocked.html", person=person, blockers=blockers), 409
    flash(_("The person is deleted."))
    return redirect(url_for("search.index"))


@blp.post("/<uuid:person_id>/statuses")
@requires("registry.statuses.write")
def statuses(person_id):
    status_id = request.form.get("status_id", "")
    if not status_id:
        abort(400)
    method = "DELETE" if request.form.get("action") == "remove" else "PUT"
    api.call(method, f"/api/registry/persons/{person_id}/statuses/{status_id}")
    return redirect(url_for("persons.card", person_id=person_id) + "#statuses")


@blp.post("/<uuid:person_id>/interests")
@requires("registry.persons.write")
def interests(person_id):
    chosen = request.form.getlist("interest_id")
    api.call("PUT", f"/api/registry/persons/{person_id}/interests", json={"interest_ids": chosen})
    flash(_("The interests are saved."))
    return redirect(url_for("persons.card", person_id=person_id) + "#interests")
