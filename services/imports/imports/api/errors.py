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
    api.map_error(FileTooLarge, 413)
    api.map_error(UnsupportedType, 415)
    api.map_error(FileRejected, 422)
    api.map_error(InvalidMapping, 422)
    api.map_error(JobNotFound, 404)
    api.map_error(WrongState, 409)
