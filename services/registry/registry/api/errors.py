"""Domain errors become HTTP errors here, in one place."""

from registry.domain import InvalidInput
from registry.domain.documents import DocumentRefused, DocumentTooLarge
from registry.domain.journal_crypto import JournalUnavailable
from registry.domain.lookups import (
    NotInRegister,
    RegisterError,
    RegisterNotConfigured,
    RegisterTimedOut,
)
from registry.use_cases import Blocked, Conflict, NotFound, OutOfScope, StaleVersion


def register_error_handlers(api) -> None:
    api.map_error(NotFound, 404)
    api.map_error(Conflict, 409)
    api.map_error(StaleVersion, 412)
    api.map_error(OutOfScope, 403)
    api.map_error(
        InvalidInput, 422, lambda _exc: "invalid input", errors=lambda exc: {"json": exc.errors}
    )
    api.map_error(Blocked, 409, errors=lambda exc: {"blockers": exc.reasons})
    api.map_error(JournalUnavailable, 503)
    api.map_error(DocumentTooLarge, 413)
    api.map_error(DocumentRefused, 415)
    api.map_error(NotInRegister, 404)
    api.map_error(RegisterError, 502)
    api.map_error(RegisterNotConfigured, 503)
    api.map_error(RegisterTimedOut, 504)
