"""Delivery reports from SMS providers, on the signed URL notify gave with each SMS."""

from flask import request
from flask.views import MethodView
from marshmallow import Schema, fields

from foyer_shared.access import PUBLIC, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db, current_settings
from notify.use_cases import bounces

blp = Blueprint("callbacks", __name__, url_prefix="/callbacks", description="Provider reports")


class ReportArgs(Schema):
    message_id = fields.String(required=True)
    token = fields.String(required=True)


@blp.route("/sms")
class SmsReport(MethodView):
    @requires(PUBLIC)
    @blp.arguments(ReportArgs, location="query")
    @blp.response(204)
    def post(self, args):
        """A provider's delivery report (form or JSON with `status`: delivered or failed)"""
        body = request.get_json(silent=True) or request.form
        status = str(body.get("status") or "")
        settings = current_settings()
        bounces.sms_report(
            current_db(), settings.sms_callback_secret, args["message_id"], args["token"], status
        )
