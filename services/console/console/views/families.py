"""A person's family on the card (issue 21 §3): founded with the card's person as its head,
members added by finding them (console/finding.py), their rights changed, another member
made head, members removed. Every route needs `registry.families.write`; the registry still
decides, and its refusals are said in words the desk can act on."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api, finding
from console.access import requires
from console.client import ApiError

blp = Blueprint("families", __name__, url_prefix="/persons")

WRITE = "registry.families.write"
MEMBERS = "/api/registry/families/{family_id}/members"


def _back(person_id):
    return redirect(url_for("persons.card", person_id=person_id) + "#family")


def _named() -> str:
    """The member's name the form carries, for the message only (the registry keys by id)."""
    return request.form.get("name", "").strip() or _("The person")


@blp.post("/<uuid:person_id>/family")
@requires(WRITE)
def create(person_id):
    family = {"name": request.form.get("name", "").strip(), "head_id": str(person_id)}
    conflict = _("This person already belongs to a family; the card shows it as it is now.")
    if _sent("POST", "/api/registry/families", conflict, json={**family, "members": []}):
        flash(_("The family is created, with this person as its head."))
    return _back(person_id)


@blp.get("/<uuid:person_id>/family/<uuid:family_id>/members/new")
@requires(WRITE)
def new_member(person_id, family_id):
    family = api.json("GET", f"/api/registry/families/{family_id}")
    typed = finding.typed()
    members = [m["person_id"] for m in family["members"]]
    return render_template(
        "family_member_new.html",
        person_id=person_id,
        family=family,
        typed=typed,
        found=finding.others(typed, person_id, *members),
        chosen=request.args.getlist("right"),
    )


@blp.post("/<uuid:person_id>/family/<uuid:family_id>/members")
@requires(WRITE)
def add(person_id, family_id):
    name = _named()
    member = {"person_id": request.form.get("person_id"), "rights": request.form.getlist("right")}
    conflict = _(
        "%(name)s already belongs to a family. Remove them from it on their own card first.",
        name=name,
    )
    if _sent("POST", MEMBERS.format(family_id=family_id), conflict, json=member):
        flash(_("%(name)s is added to the family.", name=name))
    return _back(person_id)


@blp.post("/<uuid:person_id>/family/<uuid:family_id>/members/<uuid:member_id>")
@requires(WRITE)
def change(person_id, family_id, member_id):
    name, path = _named(), f"{MEMBERS.format(family_id=family_id)}/{member_id}"
    if request.form.get("head"):
        body, done = {"is_head": True}, _("%(name)s is now the head of the family.", name=name)
    else:
        body = {"rights": request.form.getlist("right")}
        done = _("The rights of %(name)s are saved.", name=name)
    if _sent("PATCH", path, _("The family changed meanwhile; try again."), json=body):
        flash(done)
    return _back(person_id)


@blp.post("/<uuid:person_id>/family/<uuid:family_id>/members/<uuid:member_id>/delete")
@requires(WRITE)
def remove(person_id, family_id, member_id):
    name, path = _named(), f"{MEMBERS.format(family_id=family_id)}/{member_id}"
    conflict = _(
        "%(name)s is the head of the family: make another member head first, then remove them.",
        name=name,
    )
    if _sent("DELETE", path, conflict):
        flash(_("%(name)s is removed from the family.", name=name))
    return _back(person_id)


def _sent(method: str, path: str, conflict: str, **kwargs) -> bool:
    """True when the registry took the change; otherwise its refusal is flashed in words
    (`conflict` for a 409, whose meaning depends on the action) and False."""
    try:
        api.call(method, path, **kwargs)
    except ApiError as refused:
        flash(_refusal(refused, conflict), "error")
        return False
    return True


def _refusal(refused: ApiError, conflict: str) -> str:
    if refused.status == 409:
        return conflict
    if refused.status == 403:
        return _("You may not make this change to the family: %(reason)s", reason=refused.message)
    if refused.status == 404:
        return _("That person or family is no longer there; the card shows the family as it is.")
    if refused.status in (400, 422):
        fields = refused.field_errors()
        labels = {"name": _("Family name"), "rights": _("Rights"), "person_id": _("Person")}
        said = "; ".join(f"{labels.get(k, k)}: {v}" for k, v in fields.items())
        return _("The family was not changed: %(reason)s", reason=said or refused.message)
    raise refused  # the service is down or failing: the console's error page says so
