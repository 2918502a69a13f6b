"""Fixtures for the messaging tests: one PostgreSQL database, a clean outbox per test, threads."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

# Tests run with --import-mode=importlib, so the helper modules next to them need this.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def messaging_db(pg_database):
    from messaging_support import metadata

    from foyer_shared.db import Database

    db = Database(pg_database("messaging"))
    metadata.create_all(db.engine)
    yield db
    db.dispose()


@pytest.fixture
def db(messaging_db):
    """The shared database, emptied so one test's outbox rows never reach another's relay."""
    from messaging_support import metadata

    from foyer_testing import truncate_all

    truncate_all(messaging_db, metadata)
    return messaging_db


@pytest.fixture
def start_loop():
    """Run loop(stop) in a thread for the test; stopped and joined at teardown."""
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def start(loop) -> threading.Thread:
        thread = threading.Thread(target=loop, args=(stop,), daemon=True)
        thread.start()
        threads.append(thread)
        return thread

    yield start
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
        assert not thread.is_alive(), "a loop ignored the stop event"
