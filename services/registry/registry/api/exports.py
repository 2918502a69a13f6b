"""GDPR exports: start one, follow it, download the zip."""

from flask import Response
from flask.views import MethodView
from marshmallow import Schema, fields

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db, current_settings
from registry import permissions as P
from registry.api.common import actor
from registry.api.documents import store
from registry.api.journal import keyring
from registry.use_cases import exports

blp = Blueprint("exports", __name__, description="GDPR exports of a person's data")


class ExportOut(Schema):
    id = fields.String()
    person_id = fields.String()
    status = fields.String(metadata={"example": "pending"})
    requested_at = fields.DateTime()
    deadline_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)
    answered = fields.List(fields.String(), metadata={"example": ["crm", "notify"]})
    missing = fields.List(fields.String(), metadata={"example": ["imports"]})


@blp.route("/persons/<uuid:person_id>/exports")
class PersonExports(MethodView):
    @requires(P.PERSONS_EXPORT)
    @blp.response(202, ExportOut)
    def post(self, person_id):
        """Start an export of everything held about the person (every service is asked)"""
        export = exports.start(current_db(), actor(), str(person_id), current_settings())
        return exports.get(current_db(), export.id)


@blp.route("/me/exports")
class OwnExports(MethodView):
    @requires(P.PERSONS_READ)
    @blp.response(202, ExportOut)
    def post(self):
        """Download everything Foyer holds about me: start (or follow the pending) export of
        my own person; no staff permission needed"""
        export = exports.start_own(current_db(), actor(), current_settings())
        return exports.get(current_db(), export.id)


@blp.route("/me/exports/<uuid:export_id>")
class OwnExportById(MethodView):
    @requires(P.PERSONS_READ)
    @blp.response(200, ExportOut)
    def get(self, export_id):
        """Follow my export (404 for anyone else's)"""
        exports.ensure_own(current_db(), actor(), str(export_id))
        return exports.get(current_db(), str(export_id))


@blp.route("/me/exports/<uuid:export_id>/download")
class OwnExportDownload(MethodView):
    @requires(P.PERSONS_READ)
    @blp.response(200, description="application/zip: one JSON per service and summary.txt")
    def get(self, export_id):
        """Download my finished export as a zip (409 while pending, 404 for anyone else's)"""
        exports.ensure_own(current_db(), actor(), str(export_id))
        return _zip_response(*exports.archive(current_db(), str(export_id), keyring(), store()))


@blp.route("/exports/<uuid:export_id>")
class ExportById(MethodView):
    @requires(P.PERSONS_EXPORT)
    @blp.response(200, ExportOut)
    def get(self, export_id):
        """Follow an export: pending, or complete (with any services missing named)"""
        return exports.get(current_db(), str(export_id))


@blp.route("/exports/<uuid:export_id>/download")
class ExportDownload(MethodView):
    @requires(P.PERSONS_EXPORT)
    @blp.response(200, description="application/zip: one JSON per service and summary.txt")
    def get(self, export_id):
        """Download the finished export as a zip (409 while pending)"""
        return _zip_response(*exports.archive(current_db(), str(export_id), keyring(), store()))


def _zip_response(data: bytes, name: str) -> Response:
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
