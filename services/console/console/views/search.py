"""Search: one box over name, e-mail, phone, personnummer and customer number, with the
registry's filters, paginated (the registry's own search does the work)."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request

from console import api
from console.access import can, requires

blp = Blueprint("search", __name__)
FILTERS = ("kind", "group_id", "status_id", "interest_id")


@blp.get("/search")
@requires("registry.persons.read")
def index():
    settings = current_app.extensions["console"].settings
    query = {name: request.args.get(name, "").strip() for name in ("q", *FILTERS)}
    page = max(1, request.args.get("page", 1, type=int) or 1)
    params = {k: v for k, v in query.items() if v}
    results, pagination, errors = [], None, {}
    searched = bool(params) or "q" in request.args
    if searched:
        try:
            response = api.get(
                "/api/registry/persons",
                params={**params, "page": page, "page_size": settings.page_size},
            )
            results = response.json()
            pagination = json.loads(response.headers.get("X-Pagination") or "null")
        except api.ApiError as refused:
            if refused.status not in (400, 422):
                raise
            errors = refused.field_errors() or {"q": refused.message}
    return render_template(
        "search.html",
        query=query,
        results=results,
        pagination=pagination,
        errors=errors,
        searched=searched,
        options=_filter_options(),
    ), (422 if errors else 200)


def _filter_options() -> dict:
    """What each filter can choose from; a filter the user may not read is not shown."""
    return {
        "groups": api.optional("/api/registry/groups", []) if can("registry.groups.read") else [],
        "statuses": api.optional("/api/registry/statuses", [])
        if can("registry.persons.all")
        else [],
        "interests": api.optional("/api/registry/interest-areas", []),
    }
