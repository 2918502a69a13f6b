"""Domain errors become HTTP errors here, in one place (none yet: jobs are only listed)."""


def register_error_handlers(api) -> None:
    """Kept so the next use case maps its errors here, like every other service."""
