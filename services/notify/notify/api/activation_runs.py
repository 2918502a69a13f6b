"""Bulk activation after an import: one request, and its progress."""

from flask.views import MethodView

from foyer_shared.access import current_access, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db
from notify.api.schemas import ActivationRunIn, ActivationRunOut
from notify.use_cases import bulk_activation

# The permission of identity's single "send a new activation link" (POST /users/{id}/activation):
# the bulk request does the same to many accounts at once, so it asks no less (docs/notify.md).
MANAGE_USERS = "identity.users.manage"
blp = Blueprint(
    "activation_runs",
    __name__,
    url_prefix="/activation-runs",
    description="Bulk activation of the accounts an import created",
)


@blp.route("")
class ActivationRuns(MethodView):
    @requires(MANAGE_USERS)
    @blp.arguments(ActivationRunIn)
    @blp.response(202, ActivationRunOut)
    def post(self, body):
        """Send an activation link to every pending account an import created (422: none known)"""
        return bulk_activation.start(
            current_db(), str(body["import_job_id"]), current_access().user_id
        )


@blp.route("/<uuid:run_id>")
class ActivationRun(MethodView):
    @requires(MANAGE_USERS)
    @blp.response(200, ActivationRunOut)
    def get(self, run_id):
        """A bulk activation's progress: links issued, accounts skipped, messages by state"""
        return bulk_activation.progress(current_db(), str(run_id))
