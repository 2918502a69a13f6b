"""A fresh CRM on PostgreSQL per test run; tables emptied between tests."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from crm import create_app
from crm.models import Base
from crm.settings import Settings
from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.envelope import Envelope
from foyer_testing.fixtures import service_fixtures

MIGRATIONS = Path(__file__).resolve().parents[1] / "crm" / "migrations"

settings, app, db, client, as_staff = service_fixtures(
    "crm", create_app, Settings, Base, MIGRATIONS
)


def _person_created(person_id: str | None = None, **fields) -> Envelope:
    facts = {
        "first_name": "Åsa",
        "last_name": "Lindström",
        "email": "asa@example.se",
        "phone": "+46701234567",
        **fields,
    }
    return contracts.envelope(
        "registry.person.created", person_id=person_id or new_id(), kind="person", fields=facts
    )


def _person_updated(person_id: str, **changed) -> Envelope:
    return contracts.envelope(
        "registry.person.updated", person_id=person_id, kind="person", changed=changed
    )


def _person_merged(kept_id: str, removed_id: str) -> Envelope:
    return contracts.envelope("registry.person.merged", kept_id=kept_id, removed_id=removed_id)


def _person_deleted(person_id: str) -> Envelope:
    return contracts.envelope("registry.person.deleted", person_id=person_id)


@pytest.fixture()
def events():
    """Builders of registry events from the registry's committed contracts (contracts/)."""
    return SimpleNamespace(
        person_created=_person_created,
        person_updated=_person_updated,
        person_merged=_person_merged,
        person_deleted=_person_deleted,
    )
