"""Domain errors become HTTP errors here, in one place."""

from flask_smorest import abort
from werkzeug.exceptions import HTTPException

from identity.domain.authority import BeyondOwnRights
from identity.domain.passwords import WeakPassword
from identity.domain.roles import UnknownRole
from identity.domain.throttle import LoginThrottled
from identity.use_cases.accounts import PersonHasAccount, UsernameTaken, UserNotFound
from identity.use_cases.assignments import InvalidPeriod, LastOwner
from identity.use_cases.catalogue import UnknownPermission
from identity.use_cases.impersonation import CannotImpersonate
from identity.use_cases.lifecycle import NotPending, StaffRolesHeld
from identity.use_cases.one_time import InvalidToken
from identity.use_cases.password_changes import WrongPassword
from identity.use_cases.role_admin import RoleNameTaken, RoleNotFound
from identity.use_cases.session_admin import NotYourSessions, SessionNotFound
from identity.use_cases.sessions import LoginFailed, RefreshRefused


def register_error_handlers(api) -> None:
    def answer(code: int, exc: Exception, **extra):
        """The standard error shape with more than map_error gives (a header, named errors)."""
        try:
            abort(code, message=str(exc), **extra)
        except HTTPException as http_error:
            return api.handle_http_exception(http_error)

    api._app.register_error_handler(
        LoginThrottled,
        lambda exc: answer(429, exc, headers={"Retry-After": str(exc.retry_after)}),
    )
    api._app.register_error_handler(  # names what is missing, for a console to explain it
        BeyondOwnRights, lambda exc: answer(403, exc, errors={"permissions": exc.permissions})
    )
    api.map_error(LoginFailed, 401)
    api.map_error(RefreshRefused, 401)
    api.map_error(NotYourSessions, 403)
    api.map_error(CannotImpersonate, 403)
    api.map_error(SessionNotFound, 404, lambda exc: f"no session {exc} of this user")
    api.map_error(UserNotFound, 404, lambda exc: f"no account with id {exc}")
    api.map_error(RoleNotFound, 404, lambda exc: f"no custom role with id {exc}")
    api.map_error(UsernameTaken, 409)
    api.map_error(RoleNameTaken, 409)
    api.map_error(LastOwner, 409)
    api.map_error(PersonHasAccount, 409)
    api.map_error(StaffRolesHeld, 409)
    api.map_error(NotPending, 409)
    api.map_error(InvalidToken, 400)
    api.map_error(WrongPassword, 400)
    api.map_error(WeakPassword, 422)
    api.map_error(UnknownRole, 422)
    api.map_error(UnknownPermission, 422)
    api.map_error(InvalidPeriod, 422)
