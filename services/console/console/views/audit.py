"""The audit log in Staff and roles: identity's entries, newest first, with its filters."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request

from console import api, audit_details, audit_query, users
from console.access import can, requires
from console.client import ApiError

blp = Blueprint("audit", __name__, url_prefix="/staff/audit")
READ = "identity.audit.read"


@blp.get("")
@requires(READ)
def index():
    typed, params, errors = audit_query.query(request.args)
    entries, pagination = [], None
    if not errors:
        page = max(1, request.args.get("page", 1, type=int) or 1)
        size = current_app.extensions["console"].settings.page_size
        try:
            response = api.get(
                "/api/identity/audit", params={**params, "page": page, "page_size": size}
            )
        except ApiError as refused:
            if refused.status != 422:
                raise
            errors = refused.field_errors() or {"_": refused.message}
        else:
            entries = response.json()
            pagination = json.loads(response.headers.get("X-Pagination") or "null")
    ids = [e["actor_user_id"] for e in entries] + [e["subject_user_id"] for e in entries]
    named = users.usernames(ids) if can(audit_query.ACCOUNTS) else {}
    return render_template(
        "audit.html",
        entries=entries,
        named=named,
        kinds=audit_query.KINDS,
        audit_details=audit_details.in_words,
        query={k: v for k, v in typed.items() if v},
        typed=typed,
        pagination=pagination,
        errors=errors,
    ), (422 if errors else 200)
