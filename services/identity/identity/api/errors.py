"""Domain errors become HTTP errors here, in one place."""

from identity.domain.authority import BeyondOwnRights
from identity.domain.passwords import WeakPassword
from identity.domain.roles import UnknownRole
from identity.domain.throttle import LoginThrottled
from identity.use_cases.accounts import PersonHasAccount, UsernameTaken, UserNotFound
from identity.use_cases.assignments import InvalidPeriod, LastOwner
from identity.use_cases.catalogue import UnknownPermission
from identity.use_cases.email_change import CannotChangeEmail, EmailTaken, SameEmail
from identity.use_cases.impersonation import CannotImpersonate
from identity.use_cases.lifecycle import NotPending, StaffRolesHeld
from identity.use_cases.one_time import InvalidToken
from identity.use_cases.password_changes import WrongPassword
from identity.use_cases.role_admin import RoleNameTaken, RoleNotFound
from identity.use_cases.session_admin import NotYourSessions, SessionNotFound
from identity.use_cases.sessions import LoginFailed, RefreshRefused


def register_error_handlers(api) -> None:
    api.map_error(LoginThrottled, 429, headers=lambda exc: {"Retry-After": str(exc.retry_after)})
    # Names what is missing, for a console to explain the refusal.
    api.map_error(BeyondOwnRights, 403, errors=lambda exc: {"permissions": exc.permissions})
    api.map_error(LoginFailed, 401)
    api.map_error(RefreshRefused, 401)
    api.map_error(NotYourSessions, 403)
    api.map_error(CannotImpersonate, 403)
    api.map_error(SessionNotFound, 404, lambda exc: f"no session {exc} of this user")
    api.map_error(UserNotFound, 404, lambda exc: f"no account with id {exc}")
    api.map_error(RoleNotFound, 404, lambda exc: f"no custom role with id {exc}")
    api.map_error(UsernameTaken, 409)
    api.map_error(EmailTaken, 409)
    api.map_error(SameEmail, 422)
    api.map_error(CannotChangeEmail, 409)
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
