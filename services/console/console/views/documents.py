"""A personal document from the registry handed to the browser (the card lists them:
card_parts.documents)."""

from __future__ import annotations

from flask import Blueprint

from console import api
from console.access import requires
from console.files import passed_on

blp = Blueprint("documents", __name__)

READ = "registry.documents.read"


@blp.get("/documents/<uuid:document_id>")
@requires(READ)
def download(document_id):
    answer = api.get(f"/api/registry/documents/{document_id}", stream=True)
    response = passed_on(answer, "application/octet-stream")
    # An uploaded file is never to be read as a page of the console.
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
