"""A person's communication log: what was sent to them, on which channel, and how it went."""

from flask.views import MethodView

from foyer_shared.access import current_access, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.pagination import one_page
from foyer_shared.service import current_db
from notify.api.schemas import MessageOut
from notify.use_cases import messages

# Every active account holds it (identity); staff reading someone else's log need
# notify.messages.read as well, checked by the use case.
SIGNED_IN = "identity.own_account.manage"
blp = Blueprint("log", __name__, url_prefix="/persons", description="Communication log")


@blp.route("/<uuid:person_id>/messages")
class PersonLog(MethodView):
    @requires(SIGNED_IN)
    @blp.response(200, MessageOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters, person_id):
        """A person's communication log, newest first (members: only their own)"""
        return one_page(
            pagination_parameters,
            lambda offset, size: messages.person_log(
                current_db(), current_access(), str(person_id), offset, size
            ),
        )
