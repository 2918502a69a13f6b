"""Domain errors become HTTP errors here, in one place, naming the field."""

from imports.domain.errors import (
    FileRejected,
    FileTooLarge,
    InvalidMapping,
    JobNotFound,
    UnsupportedType,
    WrongState,
)


def register_error_handlers(api) -> None:
    # Registered most specific first is not needed: Flask picks the closest class.
    api.map_errors(
        {
            FileTooLarge: 413,
            UnsupportedType: 415,
            FileRejected: 422,
            InvalidMapping: 422,
            JobNotFound: 404,
            WrongState: 409,
        }
    )
