"""Downloads: a job's error rows and set-aside rows, as CSV or XLSX."""

import re
from urllib.parse import quote

from flask import Response, request, send_file, stream_with_context
from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db
from imports.domain.words import DEFAULT_LANGUAGE, LANGUAGES
from imports.use_cases import results

blp = Blueprint("files", __name__, url_prefix="/jobs", description="Error and set-aside files")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv", "xlsx": XLSX_TYPE}


def _download(job_id: str, which: str, fmt: str):
    # The reader's language (the console sends its own): the error file's words follow it.
    language = request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE
    out = results.download(current_db(), job_id, which, fmt, language)
    if fmt == "csv":
        return Response(
            stream_with_context(out.content),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": _disposition(out.name)},
        )
    return send_file(out.content, mimetype=XLSX_TYPE, as_attachment=True, download_name=out.name)


def _disposition(name: str) -> str:
    """An ASCII fallback name plus the real one (RFC 6266), as send_file does for XLSX."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def _route(view: str, which: str, fmt: str, summary: str, **response) -> None:
    """GET /jobs/<job_id>/<which>.<fmt> as the MethodView `view`; `summary` is its OpenAPI
    summary, `response` what the 200 says besides its content type."""

    def get(self, job_id):
        return _download(job_id, which, fmt)

    get.__doc__ = summary  # before the decorators copy it
    get = requires("imports.jobs.read")(
        blp.response(200, content_type=CONTENT_TYPES[fmt], **response)(get)
    )
    blp.route(f"/<job_id>/{which}.{fmt}")(type(view, (MethodView,), {"get": get}))


_route(
    "ErrorsCsv",
    "errors",
    "csv",
    "The rows with errors: original columns plus 'Row in file' and 'Import error' (fix, upload "
    "again); the file's own checks and those two columns in the Accept-Language (en, sv)",
    example="Förnamn;E-post;Row in file;Import error\nErik;erik at x.se;3;E-post ...",
)
_route(
    "ErrorsXlsx",
    "errors",
    "xlsx",
    "The rows with errors as XLSX (formula-looking cells neutralised; words as for the CSV)",
    description="the error rows as a workbook",
)
_route(
    "SetAsideCsv",
    "set-aside",
    "csv",
    "The rows set aside for having no personnummer (option set_aside_without_personnummer)",
    example="Förnamn;Personnummer\nAnna;\n",
)
_route(
    "SetAsideXlsx",
    "set-aside",
    "xlsx",
    "The rows set aside, as XLSX",
    description="the set-aside rows as a workbook",
)
