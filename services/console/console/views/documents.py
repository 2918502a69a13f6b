"""A person's documents: the bytes handed to the browser, an upload from the card and a
removal (the card lists them: card_parts.documents). The registry checks type and size."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _

from console import api
from console.access import requires
from console.client import ApiError
from console.files import passed_on

blp = Blueprint("documents", __name__)

READ = "registry.documents.read"
WRITE = "registry.documents.write"
# The registry's refusals of an upload, said at the card: too big, a type it does not take.
UPLOAD_REFUSALS = (400, 403, 413, 415, 422)


def _back(person_id):
    return redirect(url_for("persons.card", person_id=person_id) + "#documents")


@blp.get("/documents/<uuid:document_id>")
@requires(READ)
def download(document_id):
    answer = api.get(f"/api/registry/documents/{document_id}", stream=True)
    response = passed_on(answer, "application/octet-stream")
    # An uploaded file is never to be read as a page of the console.
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blp.post("/persons/<uuid:person_id>/documents")
@requires(WRITE)
def upload(person_id):
    chosen = request.files.get("file")
    if chosen is None or not chosen.filename:
        flash(_("Choose a file to upload."), "error")
        return _back(person_id)
    try:
        api.call(
            "POST",
            f"/api/registry/persons/{person_id}/documents",
            files={"file": (chosen.filename, chosen.stream, chosen.mimetype)},
        )
    except ApiError as refused:
        if refused.status not in UPLOAD_REFUSALS:
            raise
        flash(_("The document was not saved: %(reason)s", reason=refused.message), "error")
    else:
        flash(_("%(name)s is saved on the card.", name=chosen.filename))
    return _back(person_id)


@blp.post("/persons/<uuid:person_id>/documents/<uuid:document_id>/delete")
@requires(WRITE)
def remove(person_id, document_id):
    api.call("DELETE", f"/api/registry/documents/{document_id}")
    flash(_("The document is removed."))
    return _back(person_id)
