""" "Why can't X see this?" in Staff and roles: the gateway's explanation for another user
(which needs identity.users.manage, as the gateway asks) put in words."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from console import explaining, users
from console.access import requires
from console.client import ApiError

blp = Blueprint("explain", __name__, url_prefix="/staff/explain")
MANAGE = "identity.users.manage"


@blp.get("")
@requires(MANAGE)
def index():
    """The form; with `user` (or `user_id`, from a user's page) filled in, also the answer."""
    form = request.args
    user, errors, words = _user(form), {}, None
    asked = bool(form.get("user") or form.get("page") or form.get("path"))
    if asked and user is None:
        errors["user"] = _("There is no account with this username.")
    elif asked:
        try:
            words = explaining.ask(user, *explaining.target(form))
        except ApiError as refused:
            if refused.status not in (403, 404, 422):
                raise
            errors = _errors(refused)
    return render_template(
        "explain.html",
        form=form,
        user=user,
        words=words,
        errors=errors,
        pages=explaining.COMMON_PAGES,
        methods=explaining.METHODS,
    ), (422 if errors else 200)


def _user(form) -> dict | None:
    if form.get("user_id") and not form.get("user"):
        return users.by_id(form["user_id"])
    return users.by_username(form.get("user", ""))


def _errors(refused: ApiError) -> dict:
    fields = refused.field_errors()
    if "path" in fields or "method" in fields:
        return {"path": _("Give an address that begins with /, such as /api/registry/persons.")}
    return {"_": refused.message}
