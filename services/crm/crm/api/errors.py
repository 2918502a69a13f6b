"""Domain errors become HTTP errors here, in one place."""

from crm.services import ContactNotFound


def register_error_handlers(api) -> None:
    api.map_error(ContactNotFound, 404, lambda exc: f"no contact with id {exc}")
