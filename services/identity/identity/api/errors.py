"""Domain errors become HTTP errors here, in one place."""

from identity.accounts import UsernameTaken, UserNotFound
from identity.passwords import WeakPassword
from identity.roles import UnknownRole
from identity.sessions import LoginFailed, RefreshRefused


def register_error_handlers(api) -> None:
    api.map_error(LoginFailed, 401)
    api.map_error(RefreshRefused, 401)
    api.map_error(UserNotFound, 404, lambda exc: f"no account with id {exc}")
    api.map_error(UsernameTaken, 409)
    api.map_error(WeakPassword, 422)
    api.map_error(UnknownRole, 422)
