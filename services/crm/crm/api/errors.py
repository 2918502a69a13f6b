"""Domain errors become HTTP errors here, in one place."""

from crm.domain import Conflict, Forbidden, InvalidInput, NotFound


def register_error_handlers(api) -> None:
    api.map_errors(
        {
            NotFound: 404,
            Conflict: 409,
            Forbidden: 403,
        }
    )

    api.map_error(
        InvalidInput,
        422,
        lambda exc: f"invalid input: {exc}",
        errors=lambda exc: {"json": exc.errors},
    )
