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
    api.map_errors(
        {
            LoginFailed: 401,
            RefreshRefused: 401,
            NotYourSessions: 403,
            CannotImpersonate: 403,
            UsernameTaken: 409,
            EmailTaken: 409,
            CannotChangeEmail: 409,
            RoleNameTaken: 409,
            LastOwner: 409,
            PersonHasAccount: 409,
            StaffRolesHeld: 409,
            NotPending: 409,
            InvalidToken: 400,
            WrongPassword: 400,
            WeakPassword: 422,
            SameEmail: 422,
            UnknownRole: 422,
            UnknownPermission: 422,
            InvalidPeriod: 422,
        }
    )
    api.map_error(SessionNotFound, 404, lambda exc: f"no session {exc} of this user")
    api.map_error(UserNotFound, 404, lambda exc: f"no account with id {exc}")
    api.map_error(RoleNotFound, 404, lambda exc: f"no custom role with id {exc}")
