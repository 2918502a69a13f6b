"""Cards (contacts): the CRM's persons and companies, their status, responsible and tags."""

from flask.views import MethodView

from crm.api.common import actor, as_text
from crm.api.schemas import ContactDetail, ContactIn, ContactOut, ContactPatch, ContactQuery
from crm.repository.contacts import CardFilter
from crm.use_cases import cards
from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.pagination import one_page
from foyer_shared.service import current_db, current_settings

blp = Blueprint("contacts", __name__, url_prefix="/contacts", description="CRM cards")

READ, WRITE = "crm.contacts.read", "crm.contacts.write"


def card_filter(query: dict) -> CardFilter:
    query = as_text(query)
    return CardFilter(
        person_id=query.get("person_id"),
        kind=query.get("kind"),
        statuses=tuple(query.get("status") or ()),
        responsible_user_id=query.get("responsible_user_id"),
        tag_ids=tuple(query.get("tag") or ()),
        company_id=query.get("company_id"),
        text=query.get("q"),
    )


@blp.route("")
class Contacts(MethodView):
    @requires(READ)
    @blp.arguments(ContactQuery, location="query")
    @blp.response(200, ContactOut(many=True))
    @blp.paginate()
    def get(self, query, pagination_parameters):
        """List cards: by responsible, status, tags, company, text (combinable; paginated)"""
        return one_page(
            pagination_parameters,
            lambda offset, size: cards.find_cards(current_db(), card_filter(query), offset, size),
        )

    @requires(WRITE)
    @blp.arguments(ContactIn, example={"first_name": "Åsa", "email": "asa@example.se"})
    @blp.response(201, ContactOut)
    def post(self, data):
        """Create a person or company in the CRM (and the registry); no field is required"""
        region = current_settings().default_phone_region
        return cards.create_card(current_db(), actor(), as_text(data), region)


@blp.route("/<uuid:contact_id>")
class ContactById(MethodView):
    @requires(READ)
    @blp.response(200, ContactDetail)
    def get(self, contact_id):
        """Show one card with its status changes (newest first)"""
        return cards.get_card(current_db(), str(contact_id))

    @requires(WRITE)
    @blp.arguments(ContactPatch, example={"status": "customer"})
    @blp.response(200, ContactOut)
    def patch(self, changes, contact_id):
        """Change a card: status, responsible, company link, note, tags (the fields given)"""
        return cards.change_card(current_db(), actor(), str(contact_id), as_text(changes))
