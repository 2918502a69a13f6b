"""What staff define once: statuses, interest areas, extended fields; relation types."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db
from registry import permissions as P
from registry.api.common import actor
from registry.api.segment_schemas import FieldIn, FieldOut, Named, RelationTypeOut
from registry.domain.relation_types import RELATION_TYPES
from registry.use_cases import access, catalogue

blp = Blueprint("catalogue", __name__, description="Statuses, interest areas, fields")


def _named(kind: str, url: str, read: str, what: str):
    def get(self):
        return catalogue.list_named(current_db(), kind)

    def post(self, data):
        return catalogue.create_named(current_db(), kind, data["name"])

    def delete(self, row_id):
        catalogue.delete_named(current_db(), kind, str(row_id))

    # Docstrings first: flask-smorest reads the summaries when the route is declared.
    get.__doc__ = f"List the {what}"
    post.__doc__ = f"Define one more of the {what}"
    delete.__doc__ = f"Remove one of the {what} (and every person's link to it)"
    collection = type(
        f"{kind}_list",
        (MethodView,),
        {
            "get": requires(read)(blp.response(200, Named(many=True))(get)),
            "post": requires(P.SETTINGS_MANAGE)(
                blp.arguments(Named, example={"name": "VIP"})(blp.response(201, Named)(post))
            ),
        },
    )
    one = type(
        f"{kind}_one",
        (MethodView,),
        {
            "delete": requires(P.SETTINGS_MANAGE)(blp.response(204)(delete)),
        },
    )
    blp.route(url, endpoint=f"{kind}_list")(collection)
    blp.route(f"{url}/<uuid:row_id>", endpoint=f"{kind}_one")(one)


_named("statuses", "/statuses", P.PERSONS_ALL, "statuses (staff only)")
_named("interests", "/interest-areas", P.PERSONS_READ, "interest areas")


@blp.route("/fields")
class Fields(MethodView):
    @requires(P.PERSONS_READ)
    @blp.response(200, FieldOut(many=True))
    def get(self):
        """List the extended fields (staff-only ones only to staff)"""
        return catalogue.list_fields(current_db(), staff=access.unscoped(actor()))

    @requires(P.SETTINGS_MANAGE)
    @blp.arguments(
        FieldIn,
        example={
            "key": "tshirt_size",
            "label": "T-shirt size",
            "type": "list",
            "options": ["S", "M", "L"],
            "required_in": ["registration"],
        },
    )
    @blp.response(201, FieldOut)
    def post(self, data):
        """Define an extended field"""
        return catalogue.create_field(current_db(), data)


@blp.route("/fields/<uuid:field_id>")
class FieldById(MethodView):
    @requires(P.SETTINGS_MANAGE)
    @blp.response(204)
    def delete(self, field_id):
        """Remove an extended field and its values"""
        catalogue.delete_field(current_db(), str(field_id))


@blp.route("/relation-types")
class RelationTypes(MethodView):
    @requires(P.PERSONS_READ)
    @blp.response(200, RelationTypeOut(many=True))
    def get(self):
        """The relation types with both directions' labels"""
        return [{"type": t, "label": a, "reverse_label": b} for t, (a, b) in RELATION_TYPES.items()]
