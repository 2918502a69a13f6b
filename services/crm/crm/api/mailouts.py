"""Mail-outs: preview a filtered list, send it through notify, follow progress per recipient."""

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from crm.api.common import actor, as_text
from crm.api.contacts import card_filter
from crm.domain.cards import KINDS, STATUSES
from crm.domain.mailouts import BAD_ADDRESS, DUPLICATE, NO_EMAIL
from crm.models.mailout import FAILED, RECIPIENT_STATES
from crm.use_cases import mailouts
from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import FreeText, SingleLine
from foyer_shared.pagination import one_page
from foyer_shared.service import current_db

blp = Blueprint("mailouts", __name__, url_prefix="/mailouts", description="Mail-outs")

SEND = "crm.mailouts.send"


class Audience(Schema):
    """Who: all cards, or those matching every filter given (as GET /contacts filters)."""

    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)), load_default=list)
    responsible_user_id = fields.UUID(load_default=None)
    tag = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=20))
    q = SingleLine(load_default=None, validate=validate.Length(min=1, max=100))


class PreviewIn(Schema):
    audience = fields.Nested(Audience, load_default=dict)


class Suppressed(Schema):
    contact_id = fields.String()
    name = fields.String()
    email = fields.String(allow_none=True)
    reason = fields.String(metadata={"description": f"{NO_EMAIL}, {BAD_ADDRESS}, {DUPLICATE}"})


class PreviewOut(Schema):
    recipients = fields.Integer(metadata={"description": "who would get the e-mail"})
    suppressed = fields.Integer()
    suppressed_examples = fields.List(fields.Nested(Suppressed))


class MailoutIn(PreviewIn):
    subject = SingleLine(validate=validate.Length(min=1, max=200), load_default=None)
    body = FreeText(validate=validate.Length(min=1, max=100_000), load_default=None)
    template = SingleLine(
        validate=validate.Length(min=1, max=100),
        load_default=None,
        metadata={"description": "a notify template's name instead of a free text"},
    )


class MailoutOut(Schema):
    id = fields.String()
    subject = fields.String(allow_none=True)
    body = fields.String(allow_none=True)
    template = fields.String(allow_none=True)
    audience = fields.Dict()
    status = fields.String(
        metadata={"description": "sending (recipients still to hand over) or sent (all handed)"}
    )
    total = fields.Integer()
    suppressed = fields.Integer()
    pending = fields.Integer()
    handed = fields.Integer(metadata={"description": "handed to notify, no result yet"})
    sent = fields.Integer(
        attribute="delivered", metadata={"description": "accepted by the mail server (notify)"}
    )
    failed = fields.Integer(metadata={"description": "failed, bounced or suppressed at notify"})
    created_by = fields.String()
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)


class RecipientOut(Schema):
    contact_id = fields.String()
    person_id = fields.String()
    name = fields.String()
    email = fields.String(allow_none=True)
    state = fields.String(metadata={"description": ", ".join(RECIPIENT_STATES)})
    reason = fields.String(allow_none=True, metadata={"description": "why suppressed"})
    message_id = fields.String(allow_none=True)
    handed_at = fields.DateTime(allow_none=True)
    result_at = fields.DateTime(allow_none=True, metadata={"description": "notify's result"})
    result_reason = fields.String(
        allow_none=True, metadata={"description": f"why {FAILED} (notify's state and reason)"}
    )


class RecipientQuery(Schema):
    state = fields.String(load_default=None, validate=validate.OneOf(RECIPIENT_STATES))


def _audience(data: dict) -> tuple:
    audience = as_text(data.get("audience") or {})
    return card_filter(audience), {k: v for k, v in audience.items() if v not in (None, [])}


@blp.route("/preview")
class Preview(MethodView):
    @requires(SEND)
    @blp.arguments(PreviewIn, example={"audience": {"status": ["customer"]}})
    @blp.response(200, PreviewOut)
    def post(self, data):
        """How many a mail-out to this list reaches, and who is suppressed and why"""
        return mailouts.preview(current_db(), _audience(data)[0])


@blp.route("")
class Mailouts(MethodView):
    @requires(SEND)
    @blp.response(200, MailoutOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """Mail-outs, newest first (paginated)"""
        return one_page(
            pagination_parameters, lambda offset, size: mailouts.listed(current_db(), offset, size)
        )

    @requires(SEND)
    @blp.arguments(MailoutIn, example={"subject": "Spring offer", "body": "Hi {first_name}!"})
    @blp.response(201, MailoutOut)
    def post(self, data):
        """Send an e-mail to the list: recipients are fixed now, notify sends them"""
        filter_, audience = _audience(data)
        content = {k: data.get(k) for k in ("subject", "body", "template")}
        return mailouts.create(current_db(), actor(), filter_, audience, content)


@blp.route("/<uuid:mailout_id>")
class MailoutById(MethodView):
    @requires(SEND)
    @blp.response(200, MailoutOut)
    def get(self, mailout_id):
        """A mail-out's progress"""
        return mailouts.progress(current_db(), str(mailout_id))


@blp.route("/<uuid:mailout_id>/recipients")
class Recipients(MethodView):
    @requires(SEND)
    @blp.arguments(RecipientQuery, location="query")
    @blp.response(200, RecipientOut(many=True))
    @blp.paginate()
    def get(self, query, mailout_id, pagination_parameters):
        """Each recipient's result (paginated)"""
        return one_page(
            pagination_parameters,
            lambda offset, size: mailouts.recipients(
                current_db(), str(mailout_id), query["state"], offset, size
            ),
        )
