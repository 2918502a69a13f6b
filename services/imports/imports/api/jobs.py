"""Import jobs: upload a file, see what it holds, choose its mapping, follow its progress."""

from flask.views import MethodView

from foyer_shared.access import current_access, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.pagination import one_page
from foyer_shared.service import current_db, current_settings
from imports.api.schemas import JobDetailOut, JobOut, MappingIn, UploadFile, UploadForm, UploadOut
from imports.use_cases import housekeeping, jobs, mapping, uploads

blp = Blueprint("jobs", __name__, url_prefix="/jobs", description="Import jobs")


@blp.route("")
class Jobs(MethodView):
    @requires("imports.jobs.read")
    @blp.response(200, JobOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List import jobs, newest first (paginated; total in X-Pagination)"""
        return one_page(
            pagination_parameters, lambda offset, size: jobs.list_jobs(current_db(), offset, size)
        )

    @requires("imports.jobs.write")
    @blp.arguments(UploadForm, location="form")
    @blp.arguments(UploadFile, location="files")
    @blp.response(201, UploadOut)
    @blp.alt_response(413, description="The file is larger than the limit (default 50 MB)")
    @blp.alt_response(415, description="Neither CSV nor XLSX")
    @blp.alt_response(422, description="Unreadable, encrypted, too many rows, or bad fields")
    def post(self, form, files):
        """Upload a CSV or XLSX (multipart: file, type): sheets, header, first rows, mapping"""
        upload = files["file"]
        _job, preview = uploads.upload(
            current_db(),
            current_settings(),
            kind=form["type"],
            filename=upload.filename or "upload.csv",
            stream=upload.stream,
            sheet=form.get("sheet"),
            user_id=current_access().user_id,
        )
        return preview


@blp.route("/<job_id>")
class JobById(MethodView):
    @requires("imports.jobs.read")
    @blp.response(200, JobDetailOut)
    def get(self, job_id):
        """One job: state, counts per phase, and progress (rows done, rate, time left)"""
        return jobs.get_job(current_db(), job_id, current_settings().registry_quiet_seconds)

    @requires("imports.jobs.write")
    @blp.response(204)
    @blp.alt_response(409, description="The job is queued or running")
    def delete(self, job_id):
        """Delete a job with its row outcomes and its stored file (it holds personal data)"""
        housekeeping.delete_job(current_db(), job_id)


@blp.route("/<job_id>/preview")
class JobPreview(MethodView):
    @requires("imports.jobs.read")
    @blp.response(200, UploadOut)
    def get(self, job_id):
        """The upload's answer again: header, first 20 rows, suggested mapping"""
        return housekeeping.preview(current_db(), job_id, current_settings().max_rows)


@blp.route("/<job_id>/mapping")
class JobMapping(MethodView):
    @requires("imports.jobs.write")
    @blp.arguments(
        MappingIn,
        example={
            "columns": {"Förnamn": "first_name", "Personnummer": "personnummer"},
            "mode": "create_or_update",
            "match_on": "personnummer",
            "options": {"set_aside_without_personnummer": True},
        },
    )
    @blp.response(200, JobOut)
    @blp.alt_response(409, description="The job is running or done")
    def put(self, body, job_id):
        """Map columns to fields and choose mode, match and options (422 names a bad column)"""
        settings = current_settings()
        return mapping.set_mapping(current_db(), job_id, body, settings.max_rows)
