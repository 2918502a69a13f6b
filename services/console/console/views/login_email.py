"""Login e-mail vs the card's e-mail: the notice on the card with staff's change form, the
member's own "my account" page, and the page the confirmation mail links to
(identity writes `<public url>/confirm-email?token=` into it)."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api
from console import session as tokens
from console.access import OWN_ACCOUNT, can, requires
from console.client import ApiError

blp = Blueprint("login_email", __name__)

CHANGE = "identity.users.manage"


def _sent() -> str:
    return _(
        "A confirmation link is on its way to the new address. Nothing changes until it is used."
    )


def section(person_id: str) -> dict | None:
    """The card's account, for the notice; None when the user may not read accounts or the
    person has none (identity answers contact_email and email_mismatch)."""
    if not can("identity.users.read"):
        return None
    found = api.optional("/api/identity/users", [], params={"person_id": person_id})
    if not found:
        return None
    return {"account": found[0], "may_change": can(CHANGE)}


@blp.get("/accounts")
@requires("identity.users.read")
def accounts():
    """Accounts by username; `?mismatch=1`: only those whose login e-mail differs from the
    card's (the list's notice, issue 23 item 6)."""
    mismatch = request.args.get("mismatch") == "1"
    params = {"page": request.args.get("page", 1, type=int), "page_size": 50}
    if mismatch:
        params["email_mismatch"] = "true"
    response = api.get("/api/identity/users", params=params)
    pagination = json.loads(response.headers.get("X-Pagination") or "null")
    return render_template(
        "accounts.html", accounts=response.json(), pagination=pagination, mismatch=mismatch
    )


@blp.post("/persons/<uuid:person_id>/login-email")
@requires(CHANGE)
def staff_change(person_id):
    user_id = request.form.get("user_id", "")
    try:
        api.call(
            "POST",
            f"/api/identity/users/{user_id}/email-change",
            json={"email": request.form.get("email", "").strip()},
        )
        flash(_sent())
    except ApiError as refused:
        flash(_("The login e-mail was not changed: %(why)s", why=_why(refused)), "error")
    return redirect(url_for("persons.card", person_id=person_id))


@blp.route("/account", methods=["GET", "POST"])
@requires(OWN_ACCOUNT)  # what identity's /account routes ask: every active account holds it
def my_account():
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            api.call(
                "POST",
                "/api/identity/account/email-change",
                json={
                    "password": request.form.get("password", ""),
                    "email": request.form.get("email", "").strip(),
                },
            )
            flash(_sent())
            return redirect(url_for("login_email.my_account"))
        except ApiError as refused:
            errors = refused.field_errors() or {"email": refused.message}
    status = 400 if errors else 200
    return render_template("my_account.html", errors=errors), status


@blp.route("/confirm-email", methods=["GET", "POST"])
def confirm():
    """GET only shows a button: mail scanners open links, and must not confirm for the user."""
    token = request.values.get("token", "")
    error = None
    if request.method == "POST":
        response = current_app.extensions["console"].gateway.request(
            "POST",
            "/api/identity/auth/confirm-email",
            request_id=tokens.request_id(),
            json={"token": token},
        )
        if response.status_code == 200:
            body = response.json()
            flash(_("Your login e-mail is now %(email)s.", email=body.get("email", "")))
            if body.get("username") == body.get("email"):
                flash(_("Log in with the new address from now on."))
            return redirect(url_for("account.home"))
        if response.status_code == 400:
            error = _("This link is unknown, expired or already used. Ask for a new one.")
        else:
            error = ApiError.from_response(response).message
    status = 400 if error else 200
    return render_template("confirm_email.html", token=token, error=error), status


def _why(refused: ApiError) -> str:
    if refused.status == 403:
        return _("the account holds permissions you do not hold")
    if refused.status == 409:
        return _("another account has this e-mail")
    fields = refused.field_errors()
    return fields.get("email") or refused.message
