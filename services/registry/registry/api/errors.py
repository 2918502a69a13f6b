"""Domain errors become HTTP errors here, in one place."""

from registry.services import PersonConflict, PersonNotFound, StaleVersion


def register_error_handlers(api) -> None:
    api.map_error(PersonNotFound, 404, lambda exc: f"no person with id {exc}")
    api.map_error(PersonConflict, 409)
    api.map_error(StaleVersion, 412)
