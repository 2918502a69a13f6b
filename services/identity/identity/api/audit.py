"""The audit log: logins, failures, lockouts, password, role and account changes, impersonations."""

from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import AwareDateTime, SingleLine
from foyer_shared.service import current_db
from identity.use_cases import audit

blp = Blueprint("audit", __name__, description="Audit log")


class AuditQuery(Schema):
    user_id = fields.UUID(load_default=None, metadata={"description": "actor or subject"})
    kind = SingleLine(
        load_default=None, validate=validate.Length(max=64), metadata={"example": "login.failed"}
    )
    since = AwareDateTime(load_default=None)
    until = AwareDateTime(load_default=None)

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["until"] <= data["since"]:
            raise ValidationError("must be after since", field_name="until")


class AuditOut(Schema):
    id = fields.String()
    occurred_at = fields.DateTime()
    kind = fields.String()
    actor_user_id = fields.String(allow_none=True)
    subject_user_id = fields.String(allow_none=True)
    client_address = fields.String(allow_none=True)
    request_id = fields.String(allow_none=True)
    details = fields.Dict()


@blp.route("/audit")
class Audit(MethodView):
    @requires("identity.audit.read")
    @blp.arguments(AuditQuery, location="query")
    @blp.response(
        200,
        AuditOut(many=True),
        example=[
            {
                "id": "7c2f7a0e-9b7e-4d7f-8a51-0f6f1d3b2a10",
                "occurred_at": "2026-11-22T08:00:00+00:00",
                "kind": "login.failed",
                "actor_user_id": None,
                "subject_user_id": "9d8c6b47-3672-448d-bfa2-67eda7bbeab3",
                "client_address": "203.0.113.7",
                "request_id": "b1f0...",
                "details": {"reason": "credentials"},
            }
        ],
    )
    @blp.paginate()
    def get(self, query, pagination_parameters):
        """Audit entries, newest first; filter by user (actor or subject), kind and time"""
        entries, total = audit.search(
            current_db(),
            user_id=str(query["user_id"]) if query["user_id"] else None,
            kind=query["kind"],
            since=query["since"],
            until=query["until"],
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return entries
