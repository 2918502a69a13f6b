"""Outgoing messages: what was sent, or is waiting to be sent, to whom; staff messages."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.pagination import one_page
from foyer_shared.service import current_db
from notify.api.message_json import messages_response
from notify.api.schemas import MessageOut, StaffMessageIn
from notify.use_cases import messages, outgoing

blp = Blueprint("messages", __name__, url_prefix="/messages", description="Outgoing messages")


@blp.route("")
class Messages(MethodView):
    @requires("notify.messages.read")
    @blp.response(200, MessageOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List outgoing messages, newest first (paginated; total in X-Pagination)"""
        return one_page(
            pagination_parameters,
            lambda offset, size: messages.list_messages(current_db(), offset, size),
        )

    @requires("notify.messages.send")
    @blp.arguments(StaffMessageIn)
    @blp.response(202, MessageOut(many=True))
    def post(self, body):
        """Send a message to one person or a list of persons (422 naming unknown ids)"""
        rows = outgoing.staff_message(
            current_db(),
            [str(p) for p in body["person_ids"]],
            body["subject"],
            body["body"],
            body["sender_name"],
            body["channel"],
        )
        return messages_response(rows, 202)  # MessageOut's JSON, made without the dump
