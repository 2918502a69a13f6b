"""Personal documents on a person's card: upload, list, download, remove (issue 23 §8)."""

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from foyer_shared.access import requires
from foyer_shared.service import current_settings
from registry import permissions as P
from registry.api.common import actor, unit_of_work
from registry.api.versions import VersionedBlueprint
from registry.domain.documents import ALLOWED
from registry.use_cases import documents

blp = VersionedBlueprint("documents", __name__, description="Personal documents of a person")


class DocumentFile(Schema):
    file = Upload(required=True, metadata={"description": f"{ALLOWED}, at most the size limit"})


class DocumentOut(Schema):
    id = fields.String()
    person_id = fields.String()
    filename = fields.String(metadata={"example": "medical-certificate.pdf"})
    content_type = fields.String(metadata={"example": "application/pdf"})
    size = fields.Integer(metadata={"example": 182044})
    uploaded_at = fields.DateTime()
    uploaded_by = fields.String(allow_none=True, metadata={"example": "user id"})


def store():
    return current_app.extensions["registry.documents"]


@blp.route("/persons/<uuid:person_id>/documents")
class PersonDocuments(MethodView):
    @requires(P.DOCUMENTS_READ)
    @blp.response(200, DocumentOut(many=True))
    def get(self, person_id):
        """The person's documents, oldest first"""
        return documents.list_documents(unit_of_work(), actor(), str(person_id))

    @requires(P.DOCUMENTS_WRITE)
    @blp.arguments(DocumentFile, location="files")
    @blp.response(201, DocumentOut)
    @blp.alt_response(413, description="larger than FOYER_DOCUMENT_MAX_BYTES (default 10 MB)")
    @blp.alt_response(415, description=f"not a {ALLOWED} file")
    def post(self, files, person_id):
        """Attach a document (multipart `file`)"""
        upload = files["file"]
        return documents.upload(
            unit_of_work(),
            store(),
            actor(),
            str(person_id),
            upload.filename or "document",
            upload.stream,
            current_settings().document_max_bytes,
        )


@blp.route("/documents/<uuid:document_id>")
class DocumentById(MethodView):
    @requires(P.DOCUMENTS_READ)
    @blp.response(200, description="the document's bytes, as uploaded")
    def get(self, document_id):
        """Download a document"""
        document, stream = documents.open_document(
            unit_of_work(), store(), actor(), str(document_id)
        )
        return Response(
            stream,
            mimetype=document.content_type,
            headers={
                "Content-Disposition": f'attachment; filename="{document.filename}"',
                "X-Content-Type-Options": "nosniff",
            },
            direct_passthrough=True,
        )

    @requires(P.DOCUMENTS_WRITE)
    @blp.response(204)
    def delete(self, document_id):
        """Remove a document (its bytes too)"""
        documents.remove(unit_of_work(), store(), actor(), str(document_id))
