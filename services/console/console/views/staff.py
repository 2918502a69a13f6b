"""Staff: the login accounts (identity's users API) with filters; one user's page to change
their roles, deactivate or reactivate them, and send a new activation link."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api
from console.access import requires
from console.client import ApiError

blp = Blueprint("staff", __name__, url_prefix="/staff")
READ, MANAGE = "identity.users.read", "identity.users.manage"
STATUSES = ("pending", "active", "inactive")
REFUSALS = (403, 409, 422)


@blp.get("")
@requires(READ)
def index():
    settings = current_app.extensions["console"].settings
    query = {name: request.args.get(name, "").strip() for name in ("username", "status")}
    if query["status"] not in STATUSES:
        query["status"] = ""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    params = {k: v for k, v in query.items() if v}
    response = api.get(
        "/api/identity/users", params={**params, "page": page, "page_size": settings.page_size}
    )
    pagination = json.loads(response.headers.get("X-Pagination") or "null")
    return render_template(
        "staff.html",
        users=response.json(),
        query=query,
        pagination=pagination,
        statuses=STATUSES,
    )


@blp.get("/<uuid:user_id>")
@requires(READ)
def user(user_id):
    return _user_page(user_id, {})


@blp.post("/<uuid:user_id>/roles")
@requires(MANAGE)
def roles(user_id):
    """Replace the assignments: the ticked roles, each keeping the period it had."""
    found = api.json("GET", f"/api/identity/users/{user_id}")
    kept = {a["role"]: a for a in found.get("assignments") or ()}
    body = []
    for name in request.form.getlist("roles"):
        period = kept.get(name) or {}
        item = {"role": name}
        item.update({k: period[k] for k in ("valid_from", "valid_until") if period.get(k)})
        body.append(item)
    try:
        api.json("PUT", f"/api/identity/users/{user_id}/roles", json={"roles": body})
    except ApiError as refused:
        if refused.status not in REFUSALS:
            raise
        message = refused.field_errors().get("roles") or refused.message
        return _user_page(user_id, {"roles": message}, chosen=request.form.getlist("roles"))
    flash(_("The roles of %(username)s are saved.", username=found["username"]))
    return redirect(url_for("staff.user", user_id=user_id))


@blp.post("/<uuid:user_id>/<any('deactivate', 'reactivate', 'activation'):action>")
@requires(MANAGE)
def act(user_id, action):
    try:
        api.call("POST", f"/api/identity/users/{user_id}/{action}")
    except ApiError as refused:
        if refused.status not in REFUSALS:
            raise
        flash(refused.message, "error")
        return redirect(url_for("staff.user", user_id=user_id))
    flash(
        {
            "deactivate": _("The account is deactivated: it can no longer log in."),
            "reactivate": _("The account is active again."),
            "activation": _("A new activation link is sent."),
        }[action]
    )
    return redirect(url_for("staff.user", user_id=user_id))


def _user_page(user_id, errors: dict, chosen: list[str] | None = None):
    found = api.json("GET", f"/api/identity/users/{user_id}")
    every = api.json("GET", "/api/identity/roles") or []
    return render_template(
        "staff_user.html",
        user=found,
        roles=every,
        chosen=found.get("roles") or [] if chosen is None else chosen,
        periods={a["role"]: a for a in found.get("assignments") or ()},
        errors=errors,
    ), (422 if errors else 200)
