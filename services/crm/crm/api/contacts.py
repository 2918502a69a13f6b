"""Contacts: the CRM's list of persons to follow up."""

from flask.views import MethodView

from crm.api.schemas import ContactOut, ContactQuery
from crm.use_cases import contacts as services
from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db

blp = Blueprint("contacts", __name__, url_prefix="/contacts", description="CRM contacts")


@blp.route("")
class Contacts(MethodView):
    @requires("crm.contacts.read")
    @blp.arguments(ContactQuery, location="query")
    @blp.response(200, ContactOut(many=True))
    @blp.paginate()
    def get(self, query, pagination_parameters):
        """List contacts, optionally of one person (paginated; total in X-Pagination)"""
        offset, size = pagination_parameters.first_item, pagination_parameters.page_size
        person_id = str(query["person_id"]) if query["person_id"] else None
        rows, total = services.search_contacts(current_db(), person_id, offset, size)
        pagination_parameters.item_count = total
        return rows


@blp.route("/<uuid:contact_id>")
class ContactById(MethodView):
    @requires("crm.contacts.read")
    @blp.response(200, ContactOut)
    def get(self, contact_id):
        """Show one contact"""
        return services.get_contact(current_db(), str(contact_id))
