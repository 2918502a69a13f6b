"""Merging a likely duplicate into the card: the registry's preview, field by field, with a
choice of which value to keep, then the merge; the kept card opens afterwards."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api
from console.access import requires
from console.client import ApiError

blp = Blueprint("merges", __name__, url_prefix="/persons")
MERGE = "registry.persons.merge"
CHOICE = "choice-"


def _preview(keep: str, remove: str) -> dict:
    return api.json("POST", "/api/registry/merges/preview", json={"keep": keep, "remove": remove})


def _page(keep: str, remove: str, *, problem=None, blockers=(), errors=None, chosen=None):
    """The merge page; a preview the registry refuses (a card gone, the same card twice) is
    shown as the problem instead of the table."""
    try:
        preview = _preview(keep, remove)
    except ApiError as refused:
        if refused.status not in (404, 409, 422):
            raise
        preview, problem = None, problem or refused.message
    return render_template(
        "merge.html",
        keep=api.json("GET", f"/api/registry/persons/{keep}"),
        remove=api.optional(f"/api/registry/persons/{remove}", {"id": remove}),
        preview=preview,
        problem=problem,
        blockers=list(blockers) or (preview or {}).get("blockers") or [],
        errors=errors or {},
        chosen=chosen or {},
    )


@blp.get("/<uuid:keep>/merge/<uuid:remove>")
@requires(MERGE)
def preview(keep, remove):
    return _page(str(keep), str(remove))


@blp.post("/<uuid:keep>/merge/<uuid:remove>")
@requires(MERGE)
def merge(keep, remove):
    choices = {
        name[len(CHOICE) :]: value
        for name, value in request.form.items()
        if name.startswith(CHOICE) and value in ("keep", "remove")
    }
    body = {"keep": str(keep), "remove": str(remove), "choices": choices}
    try:
        done = api.json("POST", "/api/registry/merges", json=body)
    except ApiError as refused:
        return _refused(str(keep), str(remove), refused, choices)
    flash(_("The cards are merged. This is the card that was kept."))
    return redirect(url_for("persons.card", person_id=done.get("kept_id") or keep))


def _refused(keep: str, remove: str, refused: ApiError, choices: dict):
    """409 with the registry's blockers, 412 (a card kept changing), 422 naming a field: shown
    on the merge page drawn afresh, the user's choices still ticked."""
    if refused.status not in (409, 412, 422):
        raise refused
    blockers, errors, problem = [], {}, refused.message
    if refused.status == 409:
        blockers = refused.errors.get("blockers") or []
        problem = _("The registry refused the merge.") if blockers else refused.message
    elif refused.status == 412:
        problem = _("One of the cards changed meanwhile. Check the fields again and merge.")
    else:
        errors = _field_errors(refused)
    page = _page(keep, remove, problem=problem, blockers=blockers, errors=errors, chosen=choices)
    return page, refused.status


def _field_errors(refused: ApiError) -> dict:
    """{field: message}: the registry names a refused choice under `choices`."""
    nested = (refused.errors.get("json") or refused.errors).get("choices")
    if isinstance(nested, dict):
        return {name: _words(why) for name, why in nested.items()}
    return refused.field_errors() or {"_": refused.message}


def _words(why) -> str:
    return "; ".join(map(str, why)) if isinstance(why, list) else str(why)
