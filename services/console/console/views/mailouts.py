"""Mail-outs: the list with each one's progress, a form (subject, text, the CRM list's
filters) with a preview of who gets it, and a page following one live, recipient by recipient."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from console import api, crm
from console.access import me, requires
from console.client import ApiError

blp = Blueprint("mailouts", __name__, url_prefix="/crm/mailouts")
SEND = "crm.mailouts.send"
KINDS = ("person", "company")
RECIPIENT_WORDS = {
    "pending": _l("Waiting"),
    "handed_to_notify": _l("Handed to notify"),
    "suppressed": _l("Not sent"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
}
REASON_WORDS = {
    "no_email": _l("no e-mail address"),
    "bad_address": _l("the address bounced"),
    "duplicate_address": _l("the address is on the list already"),
}
TEMPLATE = "mailout"  # notify's mail-out template (docs/crm.md → Mail-outs)
COUNTS = ("total", "suppressed", "pending", "handed", "sent", "failed")


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


@blp.get("")
@requires(SEND)
def index():
    size = current_app.extensions["console"].settings.page_size
    response = api.get("/api/crm/mailouts", params={"page": _page(), "page_size": size})
    pagination = json.loads(response.headers.get("X-Pagination") or "null")
    return render_template("mailouts.html", mailouts=response.json(), pagination=pagination)


@blp.route("/new", methods=["GET", "POST"])
@requires(SEND)
def new():
    form = request.form
    values = {
        "subject": form.get("subject", "").strip(),
        "body": form.get("body", "").strip(),
        "content": "template" if form.get("content") == "template" else "text",
        "audience": _audience(form),
    }
    if request.method == "GET":
        return _form(values, None, {})
    if form.get("action") == "preview":
        return _preview(values)
    body: dict = {"audience": values["audience"]}
    if values["content"] == "template":  # notify's own, whose text the owner writes in notify
        body["template"] = TEMPLATE
    else:
        body.update(subject=values["subject"] or None, body=values["body"] or None)
    try:
        made = api.json("POST", "/api/crm/mailouts", json=body)
    except ApiError as refused:
        if refused.status not in (400, 422):
            raise
        return _form(values, None, refused.field_errors() or {"_": refused.message}, 422)
    flash(_("The mail-out is on its way."))
    return redirect(url_for("mailouts.show", mailout_id=made["id"]))


def _preview(values: dict):
    try:
        found = api.json("POST", "/api/crm/mailouts/preview", json={"audience": values["audience"]})
    except ApiError as refused:
        if refused.status not in (400, 422):
            raise
        return _form(values, None, refused.field_errors() or {"_": refused.message}, 422)
    return _form(values, found, {})


def _audience(form) -> dict:
    """The list's filters as the API takes them (GET /contacts' own); unset ones left out."""
    audience = {
        "kind": form.get("kind") if form.get("kind") in KINDS else None,
        "status": [s for s in form.getlist("status") if s in crm.STATUSES],
        "tag": [t for t in form.getlist("tag") if t],
        "responsible_user_id": form.get("responsible_user_id", "").strip() or None,
        "q": form.get("q", "").strip() or None,
    }
    return {name: value for name, value in audience.items() if value}


def _form(values: dict, preview: dict | None, errors: dict, status: int = 200):
    user = me()
    responsibles = {user.user_id: user.username, **crm.staff()} if user else crm.staff()
    return render_template(
        "mailout_form.html",
        values=values,
        audience=values["audience"],
        preview=preview,
        errors=errors,
        tags=crm.labels("tags"),
        responsibles=responsibles,
        reason_words=REASON_WORDS,
    ), status


@blp.get("/<uuid:mailout_id>")
@requires(SEND)
def show(mailout_id):
    mailout = api.json("GET", f"/api/crm/mailouts/{mailout_id}")
    state = request.args.get("state") if request.args.get("state") in RECIPIENT_WORDS else None
    params = {"page": _page(), "page_size": current_app.extensions["console"].settings.page_size}
    if state:
        params["state"] = state
    response = api.get(f"/api/crm/mailouts/{mailout_id}/recipients", params=params)
    return render_template(
        "mailout.html",
        mailout=mailout,
        done=_done(mailout),
        recipients=response.json(),
        pagination=json.loads(response.headers.get("X-Pagination") or "null"),
        state=state,
        recipient_words=RECIPIENT_WORDS,
        reason_words=REASON_WORDS,
        audience_parts=_described(mailout.get("audience") or {}),
    )


@blp.get("/<uuid:mailout_id>/progress.json")
@requires(SEND)
def progress(mailout_id):
    mailout = api.json("GET", f"/api/crm/mailouts/{mailout_id}")
    counts = {name: mailout.get(name) or 0 for name in COUNTS}
    return {"status": mailout.get("status"), "counts": counts, "done": _done(mailout)}


def _done(mailout: dict) -> bool:
    """Nothing left to hand to notify and no result still awaited."""
    return not (mailout.get("pending") or mailout.get("handed"))


def _described(audience: dict) -> list[str]:
    """The list's filters in words: "persons; status: Customer; tags: Gold"."""
    parts = []
    if audience.get("kind"):
        parts.append(_("companies") if audience["kind"] == "company" else _("persons"))
    if audience.get("status"):
        said = ", ".join(str(crm.STATUS_WORDS.get(s, s)) for s in audience["status"])
        parts.append(_("status: %(list)s", list=said))
    if audience.get("tag"):
        names = {tag["id"]: tag["name"] for tag in api.optional("/api/crm/tags", []) or []}
        said = ", ".join(names.get(t, t) for t in audience["tag"])
        parts.append(_("tags: %(list)s", list=said))
    if audience.get("responsible_user_id"):
        parts.append(_("responsible: %(who)s", who=crm.who(audience["responsible_user_id"])))
    if audience.get("q"):
        parts.append(_("name or e-mail contains “%(text)s”", text=audience["q"]))
    return parts
