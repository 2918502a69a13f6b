"""Roles: every role with its permissions; a custom role made, changed or deleted (after a
confirmation) from the permission catalogue identity serves. Identity refuses a permission its
author does not hold."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api
from console.access import requires
from console.client import ApiError

blp = Blueprint("roles", __name__, url_prefix="/staff/roles")
READ, MANAGE = "identity.users.read", "identity.roles.manage"


@blp.get("")
@requires(READ)
def index():
    every = api.json("GET", "/api/identity/roles") or []
    return render_template("roles.html", roles=every, described=_descriptions())


@blp.route("/new", methods=["GET", "POST"])
@requires(MANAGE)
def new():
    if request.method == "GET":
        return _form(None, {"name": "", "description": "", "permissions": []}, {})
    body = _body()
    try:
        made = api.json("POST", "/api/identity/roles", json=body)
    except ApiError as refused:
        return _refused(refused, None, body)
    flash(_("The role “%(name)s” is made.", name=made["name"]))
    return redirect(url_for("roles.index"))


@blp.route("/<uuid:role_id>", methods=["GET", "POST"])
@requires(MANAGE)
def edit(role_id):
    role = _custom(role_id)  # a built-in one is identity's own: not changed from here either
    if request.method == "GET":
        return _form(role_id, role, {})
    body = _body()
    try:
        changed = api.json("PUT", f"/api/identity/roles/{role_id}", json=body)
    except ApiError as refused:
        return _refused(refused, role_id, body)
    flash(_("The role “%(name)s” is saved.", name=changed["name"]))
    return redirect(url_for("roles.index"))


@blp.route("/<uuid:role_id>/delete", methods=["GET", "POST"])
@requires(MANAGE)
def delete(role_id):
    """GET asks first (its holders lose the role at once); POST deletes."""
    role = _custom(role_id)
    if request.method == "GET":
        return render_template("role_delete.html", role=role)
    try:
        api.call("DELETE", f"/api/identity/roles/{role_id}")
    except ApiError as refused:
        if refused.status not in (403, 404, 409):
            raise
        flash(refused.message, "error")
        return redirect(url_for("roles.index"))
    flash(_("The role “%(name)s” is deleted.", name=role["name"]))
    return redirect(url_for("roles.index"))


def _custom(role_id) -> dict:
    """The custom role with this id; 404 for a built-in or unknown one."""
    every = api.json("GET", "/api/identity/roles") or []
    role = next((r for r in every if r["id"] == str(role_id) and not r["built_in"]), None)
    if role is None:
        abort(404)
    return role


def _body() -> dict:
    return {
        "name": request.form.get("name", "").strip(),
        "description": request.form.get("description", "").strip(),
        "permissions": request.form.getlist("permissions"),
    }


def _refused(refused: ApiError, role_id, body: dict):
    """A refusal that names a field is shown there; any other (403: a permission the author
    does not hold) above the form."""
    if refused.status not in (400, 403, 409, 422):
        raise refused
    errors = refused.field_errors() or {"_": refused.message}
    return _form(role_id, body, errors)


def _form(role_id, role: dict, errors: dict):
    catalogue = api.json("GET", "/api/identity/permissions") or []
    services: dict[str, list] = {}
    for item in catalogue:
        services.setdefault(item["service"], []).append(item)
    return render_template(
        "role_form.html",
        title=_("New role") if role_id is None else _("Change the role"),
        role_id=role_id,
        role=role,
        services=services,
        errors=errors,
    ), (422 if errors else 200)


def _descriptions() -> dict[str, str]:
    catalogue = api.optional("/api/identity/permissions", [])
    return {item["permission"]: item["description"] for item in catalogue}
