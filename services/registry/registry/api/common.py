"""What every registry blueprint needs: the caller as an Actor, a unit of work, settings."""

from __future__ import annotations

from flask import current_app

from foyer_shared.access import current_access
from foyer_shared.service import current_db, current_settings
from registry.use_cases import Actor
from registry.use_cases.unit_of_work import SqlUnitOfWork


def actor() -> Actor:
    context = current_access()
    return Actor(
        user_id=context.acting_user_id or context.user_id,
        permissions=context.permissions,
        scopes=context.scopes or {},
        subject_user_id=context.user_id,
    )


def unit_of_work() -> SqlUnitOfWork:
    """The request's unit of work on the service's database (each use case opens it)."""
    return SqlUnitOfWork(current_db())


def read_log():
    """The process's read-log writer, or None when the log is off (settings.read_log)."""
    return current_app.extensions.get("registry.read_log")


def region() -> str:
    return current_settings().default_phone_region
