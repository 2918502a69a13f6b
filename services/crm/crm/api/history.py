"""History entries on a card, newest first."""

from flask.views import MethodView

from crm.api.common import actor, as_text
from crm.api.task_schemas import HistoryIn, HistoryOut
from crm.use_cases import history
from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.pagination import one_page
from foyer_shared.service import current_db

blp = Blueprint("history", __name__, url_prefix="/contacts", description="History of a card")


@blp.route("/<uuid:contact_id>/history")
class History(MethodView):
    @requires("crm.contacts.read")
    @blp.response(200, HistoryOut(many=True))
    @blp.paginate()
    def get(self, contact_id, pagination_parameters):
        """The card's history, newest first (paginated)"""
        return one_page(
            pagination_parameters,
            lambda offset, size: history.list_entries(current_db(), str(contact_id), offset, size),
        )

    @requires("crm.contacts.write")
    @blp.arguments(HistoryIn, example={"note": "Called, no answer"})
    @blp.response(201, HistoryOut)
    def post(self, data, contact_id):
        """Write a history entry on the card (a type, a note, or both)"""
        return history.add_entry(current_db(), actor(), str(contact_id), as_text(data))
