"""Downloads: a job's error rows and set-aside rows, as CSV or XLSX."""

import re
from urllib.parse import quote

from flask import Response, send_file, stream_with_context
from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db
from imports.domain import writing
from imports.use_cases import results

blp = Blueprint("files", __name__, url_prefix="/jobs", description="Error and set-aside files")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WHICH = {"errors": results.error_rows, "set-aside": results.set_aside_rows}


def _download(job_id: str, which: str, fmt: str):
    out = WHICH[which](current_db(), job_id)
    name = f"{out.filename}.{fmt}"
    if fmt == "csv":
        return Response(
            stream_with_context(writing.csv_chunks(out.header, out.rows, out.delimiter)),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": _disposition(name)},
        )
    return send_file(
        writing.xlsx_file(out.header, out.rows),
        mimetype=XLSX_TYPE,
        as_attachment=True,
        download_name=name,
    )


def _disposition(name: str) -> str:
    """An ASCII fallback name plus the real one (RFC 6266), as send_file does for XLSX."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


@blp.route("/<job_id>/errors.csv")
class ErrorsCsv(MethodView):
    @requires("imports.jobs.read")
    @blp.response(
        200,
        content_type="text/csv",
        example="Förnamn;E-post;Import error\nErik;erik at x.se;e-mail ...",
    )
    def get(self, job_id):
        """The rows with errors: original columns plus 'Import error' (fix, upload again)"""
        return _download(job_id, "errors", "csv")


@blp.route("/<job_id>/errors.xlsx")
class ErrorsXlsx(MethodView):
    @requires("imports.jobs.read")
    @blp.response(200, content_type=XLSX_TYPE, description="the error rows as a workbook")
    def get(self, job_id):
        """The rows with errors as XLSX (formula-looking cells neutralised)"""
        return _download(job_id, "errors", "xlsx")


@blp.route("/<job_id>/set-aside.csv")
class SetAsideCsv(MethodView):
    @requires("imports.jobs.read")
    @blp.response(200, content_type="text/csv", example="Förnamn;Personnummer\nAnna;\n")
    def get(self, job_id):
        """The rows set aside for having no personnummer (option set_aside_without_personnummer)"""
        return _download(job_id, "set-aside", "csv")


@blp.route("/<job_id>/set-aside.xlsx")
class SetAsideXlsx(MethodView):
    @requires("imports.jobs.read")
    @blp.response(200, content_type=XLSX_TYPE, description="the set-aside rows as a workbook")
    def get(self, job_id):
        """The rows set aside, as XLSX"""
        return _download(job_id, "set-aside", "xlsx")
