"""Domain errors become HTTP errors here, in one place."""

from flask_smorest import abort
from werkzeug.exceptions import HTTPException

from registry.domain import InvalidInput
from registry.domain.documents import DocumentRefused, DocumentTooLarge
from registry.domain.journal_crypto import JournalUnavailable
from registry.use_cases import Blocked, Conflict, NotFound, OutOfScope, StaleVersion


def register_error_handlers(api) -> None:
    api.map_error(NotFound, 404)
    api.map_error(Conflict, 409)
    api.map_error(StaleVersion, 412)
    api.map_error(OutOfScope, 403)
    api.map_error(JournalUnavailable, 503)
    api.map_error(DocumentTooLarge, 413)
    api.map_error(DocumentRefused, 415)

    def invalid(exc: InvalidInput):
        return _abort(api, 422, "invalid input", {"json": exc.errors})

    def blocked(exc: Blocked):
        return _abort(api, 409, str(exc), {"blockers": exc.reasons})

    api._app.register_error_handler(InvalidInput, invalid)
    api._app.register_error_handler(Blocked, blocked)


def _abort(api, code: int, message: str, errors: dict):
    try:
        abort(code, message=message, errors=errors)
    except HTTPException as http_error:
        return api.handle_http_exception(http_error)
