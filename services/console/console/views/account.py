"""Logging in and out, the forgotten password, and the pages the activation and reset mails
link to (identity puts `<public url>/activate?token=` and `/reset-password?token=` in them)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from console import session as tokens
from console.client import ApiError
from console.i18n import LANGUAGE_COOKIE

blp = Blueprint("account", __name__)
YEAR = 365 * 24 * 3600


def _gateway():
    return current_app.extensions["console"].gateway


def _safe_next(target: str | None) -> str:
    """Only a path of this site: a crafted ?next= must not send the user elsewhere."""
    if not target:
        return url_for("search.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("search.index")
    return target


@blp.get("/")
def home():
    return redirect(url_for("search.index" if tokens.signed_in() else "account.login"))


@blp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        response = _gateway().request(
            "POST",
            "/api/identity/auth/login",
            request_id=tokens.request_id(),
            json={
                "username": request.form.get("username", "").strip(),
                "password": request.form.get("password", ""),
            },
        )
        if response.status_code == 200:
            session.clear()  # a new session id for the new user (no fixation)
            session.permanent = True
            tokens.store(response.json())
            return redirect(_safe_next(request.form.get("next")))
        if response.status_code == 429:
            error = _("Too many attempts. Wait a while and try again.")
        elif response.status_code == 401:
            error = _("Wrong username or password.")
        else:
            error = ApiError.from_response(response).message
    status = 200 if error is None else 400
    return render_template("login.html", error=error, next=request.values.get("next")), status


@blp.post("/logout")
def logout():
    if session.get("refresh"):
        try:  # ends the session at identity too: the refresh token stops working
            _gateway().request(
                "POST",
                "/api/identity/auth/logout",
                request_id=tokens.request_id(),
                json={"refresh_token": session["refresh"]},
            )
        except ApiError:
            pass  # the cookie goes anyway; identity's session expires by itself
    session.clear()
    flash(_("You are logged out."))
    return redirect(url_for("account.login"))


@blp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    if request.method == "POST":
        response = _gateway().request(
            "POST",
            "/api/identity/auth/password-reset",
            request_id=tokens.request_id(),
            json={"username_or_email": request.form.get("username_or_email", "").strip()},
        )
        if response.status_code == 202:
            flash(_("If an active account matches, a reset link is on its way."))
            return redirect(url_for("account.login"))
        error = ApiError.from_response(response)
        return render_template("forgot.html", errors=error.field_errors(), error=error), 400
    return render_template("forgot.html", errors={})


@blp.route("/activate", methods=["GET", "POST"])
def activate():
    return _set_password("/api/identity/auth/activate", _("Activate your account"))


@blp.route("/reset-password", methods=["GET", "POST"])
def reset_password():
    return _set_password("/api/identity/auth/password-reset/confirm", _("Choose a new password"))


def _set_password(api_path: str, title: str):
    token = request.values.get("token", "")
    errors: dict[str, str] = {}
    if request.method == "POST":
        password = request.form.get("password", "")
        if password != request.form.get("password_again", ""):
            errors["password_again"] = _("The two passwords differ.")
        else:
            response = _gateway().request(
                "POST",
                api_path,
                request_id=tokens.request_id(),
                json={"token": token, "password": password},
            )
            if response.status_code == 204:
                flash(_("Your password is set. Log in with it."))
                return redirect(url_for("account.login"))
            errors = ApiError.from_response(response).field_errors() or {
                "password": ApiError.from_response(response).message
            }
    status = 400 if errors else 200
    return render_template("set_password.html", title=title, token=token, errors=errors), status


@blp.post("/language")
def language():
    chosen = request.form.get("language", "")
    back = _safe_next(request.form.get("next"))
    response = redirect(back)
    if chosen in current_app.extensions["console"].settings.languages:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=YEAR,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response
