"""Outgoing messages: what was sent, or is waiting to be sent, to whom."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db
from notify import services
from notify.api.schemas import MessageOut

blp = Blueprint("messages", __name__, url_prefix="/messages", description="Outgoing messages")


@blp.route("")
class Messages(MethodView):
    @requires("notify.messages.read")
    @blp.response(200, MessageOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List outgoing messages, newest first (paginated; total in X-Pagination)"""
        offset, size = pagination_parameters.first_item, pagination_parameters.page_size
        rows, total = services.list_messages(current_db(), offset, size)
        pagination_parameters.item_count = total
        return rows
