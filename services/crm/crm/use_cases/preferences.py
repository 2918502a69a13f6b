"""Reading and saving the CRM's settings (owner and administrators: crm.settings.write)."""

from __future__ import annotations

from crm.domain import labels, preferences
from crm.models import Preferences
from crm.repository import LabelRepository, PreferencesRepository, StaffRepository
from crm.use_cases import Actor
from foyer_shared.db import Database


def get_settings(db: Database) -> Preferences:
    with db.read_only() as session:
        return PreferencesRepository(session).get()


def change_settings(db: Database, actor: Actor, changes: dict) -> Preferences:
    """Only the fields given change; each is checked (422 naming it)."""
    with db.transaction() as session:
        known_roles = set(preferences.BUILT_IN_ROLES) | StaffRepository(session).role_names()
        changes = dict(changes)
        if "timezone" in changes:
            preferences.check_timezone(changes["timezone"])
        for field in ("responsible_role", "customer_role"):
            if field in changes:
                preferences.check_role(changes[field], known_roles, field)
        label_of = LabelRepository(session).get
        if changes.get("trial_tag_id"):
            labels.ensure_choosable(
                label_of(changes["trial_tag_id"]), labels.TAG, "trial_tag_id", labels.PERSON
            )
        if changes.get("trial_history_type_id"):
            field = "trial_history_type_id"
            labels.ensure_choosable(label_of(changes[field]), labels.HISTORY_TYPE, field)
        row = PreferencesRepository(session).for_update()
        for name, value in changes.items():
            setattr(row, name, value)
        row.updated_by = actor.name
    return row
