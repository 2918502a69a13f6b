"""The register-wide duplicate list (the registry's scan: persons sharing an e-mail, strongest
first) and "not duplicates", which hides a pair from the list and from both cards."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api
from console.access import requires
from console.client import ApiError

blp = Blueprint("duplicates", __name__, url_prefix="/duplicates")

READ = "registry.duplicates.read"
# The registry asks the merge permission for exceptions: deciding "not the same person" is the
# other half of deciding to merge.
MERGE = "registry.persons.merge"


@blp.get("")
@requires(READ)
def index():
    page = max(1, request.args.get("page", 1, type=int) or 1)
    size = current_app.extensions["console"].settings.page_size
    response = api.get("/api/registry/duplicates", params={"page": page, "page_size": size})
    pagination = json.loads(response.headers.get("X-Pagination") or "null")
    return render_template("duplicates.html", pairs=response.json(), pagination=pagination)


@blp.post("/not-duplicates")
@requires(MERGE)
def not_duplicates():
    pair = {"person_id": request.form.get("person_id"), "other_id": request.form.get("other_id")}
    try:
        api.call("POST", "/api/registry/duplicates/exceptions", json=pair)
    except ApiError as refused:
        if refused.status not in (404, 409, 422):
            raise
        if refused.status != 409:  # 409: someone marked them already, which is what was asked
            flash(_("The pair was not marked: %(reason)s", reason=refused.message), "error")
            return _back()
    flash(_("They are marked as not duplicates and no longer suggested."))
    return _back()


def _back():
    """To the card the button was on (`card`, a person id of the pair), else to the list."""
    card = request.form.get("card")
    if card and card in (request.form.get("person_id"), request.form.get("other_id")):
        return redirect(url_for("persons.card", person_id=card) + "#duplicates")
    return redirect(url_for("duplicates.index"))
