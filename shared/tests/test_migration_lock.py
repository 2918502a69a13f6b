"""Pods that start together migrate in turn (foyer_shared.migrations.migration_lock)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from foyer_shared.migrations import migration_lock


def test_a_second_migration_waits_for_the_first(pg_database):
    url = pg_database("migration_lock")
    entered = threading.Event()

    def second() -> None:
        with migration_lock(url):
            entered.set()

    with migration_lock(url):
        thread = threading.Thread(target=second, daemon=True)
        thread.start()
        assert not entered.wait(0.5), "the lock let a second migration in"
    assert entered.wait(10), "the lock was not released"
    thread.join(timeout=10)


def test_sqlite_needs_no_lock(tmp_path):
    with migration_lock(f"sqlite:///{tmp_path / 'x.db'}"):
        pass


@pytest.mark.timeout(180)
def test_two_pods_migrating_one_fresh_database_at_once_both_succeed(pg_database):
    """What two replicas' init containers do on the first deploy."""
    env = {**os.environ, "DATABASE_URL": pg_database("migration_race"), "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "crm", "migrate"]
    runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, error = run.communicate(timeout=150)
        assert run.returncode == 0, error.decode()[-2000:]
