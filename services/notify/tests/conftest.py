"""A fresh notify service on PostgreSQL per test run; tables emptied between tests."""

import sys
from pathlib import Path

import pytest

from foyer_testing.fixtures import service_fixtures
from notify import create_app
from notify.models import Base
from notify.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "notify" / "migrations"
# Tests run with --import-mode=importlib: notify_testing beside this file needs the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

settings, app, db, client, as_staff = service_fixtures(
    "notify", create_app, Settings, Base, MIGRATIONS
)


@pytest.fixture(name="sink")
def sink_fixture():
    """A real SMTP server (aiosmtpd) the test sends to: (its handler, its port)."""
    from notify.sinks import mail

    handler = mail.MailSink()
    controller = mail.start(handler)
    yield handler, controller.port
    controller.stop()
