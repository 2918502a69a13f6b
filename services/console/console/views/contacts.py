"""The CRM's persons and companies lists, filtered by responsible, status, tags and text."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request

from console import api, crm
from console.access import me, requires

blp = Blueprint("contacts", __name__, url_prefix="/crm")
KINDS = ("person", "company")


def _query() -> dict:
    """The filters as the page keeps them (and the pager repeats them)."""
    kind = request.args.get("kind", "person")
    return {
        "kind": kind if kind in KINDS else "person",
        "q": request.args.get("q", "").strip(),
        "status": [s for s in request.args.getlist("status") if s in crm.STATUSES],
        "responsible_user_id": request.args.get("responsible_user_id", "").strip(),
        "tag": [t for t in request.args.getlist("tag") if t],
    }


@blp.get("/contacts")
@requires("crm.contacts.read")
def index():
    query = _query()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    size = current_app.extensions["console"].settings.page_size
    params = {k: v for k, v in query.items() if v}
    errors = {}
    try:
        response = api.get("/api/crm/contacts", params={**params, "page": page, "page_size": size})
        contacts = response.json()
        pagination = json.loads(response.headers.get("X-Pagination") or "null")
    except api.ApiError as refused:
        if refused.status not in (400, 422):
            raise
        contacts, pagination = [], None
        errors = refused.field_errors() or {"q": refused.message}
    return render_template(
        "contacts.html",
        query=query,
        contacts=contacts,
        pagination=pagination,
        errors=errors,
        tags=crm.labels("tags", applies_to=query["kind"]),
        responsibles=_responsibles(),
    ), (422 if errors else 200)


def _responsibles() -> dict[str, str]:
    """Whom the responsible filter offers: the staff the user may read, and always themself."""
    user = me()
    return {user.user_id: user.username, **crm.staff()} if user else crm.staff()
