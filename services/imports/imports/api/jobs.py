"""Import jobs: which files were uploaded and how far each import got."""

from flask.views import MethodView
from flask_smorest import Blueprint

from foyer_shared.access import requires
from foyer_shared.service import current_db
from imports import services
from imports.api.schemas import JobOut

blp = Blueprint("jobs", __name__, url_prefix="/jobs", description="Import jobs")



@blp.route("")
class Jobs(MethodView):
    @requires("imports.jobs.read")
    @blp.response(200, JobOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List import jobs, newest first (paginated; total in X-Pagination)"""
        page, size = pagination_parameters.page, pagination_parameters.page_size
        rows, total = services.list_jobs(current_db(), (page - 1) * size, size)
        pagination_parameters.item_count = total
        return rows
