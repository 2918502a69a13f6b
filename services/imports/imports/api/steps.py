"""The steps of a job after its mapping: dry run, run, undo, and the per-row outcomes."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.pagination import one_page
from foyer_shared.service import current_db
from imports.api.schemas import JobOut, OutcomeOut, OutcomeQuery
from imports.use_cases import outcomes, steps

blp = Blueprint("steps", __name__, url_prefix="/jobs", description="Dry run, run and undo")


@blp.route("/<job_id>/dry-run")
class DryRun(MethodView):
    @requires("imports.jobs.run")
    @blp.response(202, JobOut)
    @blp.alt_response(409, description="The job has no mapping yet, or is running")
    def post(self, job_id):
        """Start a dry run: counts and per-row diffs, nothing written (follow GET /jobs/{id})"""
        return steps.start_dry_run(current_db(), job_id)


@blp.route("/<job_id>/run")
class Run(MethodView):
    @requires("imports.jobs.run")
    @blp.response(202, JobOut)
    @blp.alt_response(409, description="The job has no mapping, or ran already")
    def post(self, job_id):
        """Start the import: batches go to the registry; progress in GET /jobs/{id}"""
        return steps.start_run(current_db(), job_id)


@blp.route("/<job_id>/undo")
class Undo(MethodView):
    @requires("imports.jobs.run")
    @blp.response(202, JobOut)
    @blp.alt_response(409, description="Only a completed import can be undone")
    def post(self, job_id):
        """Undo a completed import: the registry removes the persons it created, unless
        changed since (those are listed in undo_result.kept)"""
        return steps.request_undo(current_db(), job_id)


@blp.route("/<job_id>/rows")
class Rows(MethodView):
    @requires("imports.jobs.read")
    @blp.arguments(OutcomeQuery, location="query")
    @blp.response(200, OutcomeOut(many=True))
    @blp.paginate()
    def get(self, query, job_id, pagination_parameters):
        """Per-row outcomes of the dry run or run (with the diff for updates), by row number

        A dry run lists rows it would update, leave unchanged or refuse, and the duplicates
        in the file; the other rows it would create are only counted. The run lists every
        row. `duplicates=true`: only the rows repeating an earlier row's e-mail, for review.
        """
        return one_page(
            pagination_parameters,
            lambda offset, size: outcomes.list_outcomes(
                current_db(),
                job_id,
                query["phase"],
                query.get("outcome"),
                offset,
                size,
                duplicates_only=query.get("duplicates", False),
            ),
        )
