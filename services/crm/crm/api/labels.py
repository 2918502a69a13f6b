"""Tags, to-do types and history event types: one blueprint each, made by one factory."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from crm.domain import labels as L
from crm.use_cases import labels
from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import SingleLine
from foyer_shared.service import current_db

SETTINGS_WRITE = "crm.settings.write"
EXAMPLE_ID = "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"


class LabelOut(Schema):
    id = fields.String(metadata={"example": EXAMPLE_ID})
    name = fields.String(metadata={"example": "Call customer"})
    applies_to = fields.String(metadata={"description": "tags: person or company"})
    archived = fields.Boolean()
    archived_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class LabelQuery(Schema):
    archived = fields.Boolean(
        load_default=None, metadata={"description": "true: only archived; false: only in use"}
    )


class TagQuery(LabelQuery):
    applies_to = fields.String(load_default=None, validate=validate.OneOf(L.APPLIES_TO))


class LabelIn(Schema):
    name = SingleLine(required=True, validate=validate.Length(min=1, max=L.MAX_NAME))


class TagIn(LabelIn):
    applies_to = fields.String(required=True, validate=validate.OneOf(L.APPLIES_TO))


class LabelPatch(Schema):
    name = SingleLine(validate=validate.Length(min=1, max=L.MAX_NAME))
    archived = fields.Boolean(metadata={"description": "archive (true) or take back in use"})


def label_blueprint(kind: str, url: str, read_permission: str, what: str) -> Blueprint:
    blp = Blueprint(url.strip("/"), __name__, url_prefix=url, description=what)
    query_schema, in_schema = (TagQuery, TagIn) if kind == L.TAG else (LabelQuery, LabelIn)

    @blp.route("")
    class Labels(MethodView):
        @requires(read_permission)
        @blp.arguments(query_schema, location="query")
        @blp.response(200, LabelOut(many=True))
        def get(self, query):
            """List them, archived ones too unless `archived` says otherwise"""
            return labels.list_labels(
                current_db(), kind, query.get("applies_to"), query["archived"]
            )

        @requires(SETTINGS_WRITE)
        @blp.arguments(in_schema)
        @blp.response(201, LabelOut)
        def post(self, data):
            """Create one (the name is unique among its kind)"""
            return labels.create_label(current_db(), kind, data["name"], data.get("applies_to"))

    @blp.route("/<uuid:label_id>")
    class LabelById(MethodView):
        @requires(SETTINGS_WRITE)
        @blp.arguments(LabelPatch)
        @blp.response(200, LabelOut)
        def patch(self, changes, label_id):
            """Rename, archive or take back in use (archived ones stay where they are used)"""
            return labels.change_label(current_db(), kind, str(label_id), changes)

    return blp


tags = label_blueprint(L.TAG, "/tags", "crm.contacts.read", "Tags for persons or companies")
task_types = label_blueprint(L.TASK_TYPE, "/task-types", "crm.tasks.read", "To-do types")
history_types = label_blueprint(
    L.HISTORY_TYPE, "/history-types", "crm.contacts.read", "History event types"
)
