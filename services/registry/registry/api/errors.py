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
    api.map_errors(
        {
            NotFound: 404,
            Conflict: 409,
            StaleVersion: 412,
            OutOfScope: 403,
            JournalUnavailable: 503,
            DocumentTooLarge: 413,
            DocumentRefused: 415,
            NotInRegister: 404,
            RegisterError: 502,
            RegisterNotConfigured: 503,
            RegisterTimedOut: 504,
        }
    )
    api.map_error(
        InvalidInput, 422, lambda _exc: "invalid input", errors=lambda exc: {"json": exc.errors}
    )
    api.map_error(Blocked, 409, errors=lambda exc: {"blockers": exc.reasons})
