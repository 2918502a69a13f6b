"""An assignment starting or ending with time is announced, so cached decisions are dropped."""

from __future__ import annotations

import threading
from datetime import timedelta

from identity_testing import account

from foyer_shared.db import utcnow
from foyer_testing import wait_until
from identity.domain.actor import Actor
from identity.use_cases import assignments, boundaries

ROOT = Actor(user_id="root", permissions=frozenset({"*"}))


def test_a_boundary_inside_the_window_is_announced_once(db, api):
    user = account(db, "coach.bo", ["member"], "a-long-passphrase-1", email="bo@example.se")
    start = utcnow() + timedelta(seconds=30)
    assignments.set_roles(
        db, ROOT, user.id, [{"role": "trainer", "valid_from": start}, {"role": "member"}]
    )
    before = len(api.events("identity.user.roles_changed"))
    assert boundaries.announce(db, start - timedelta(seconds=10), start - timedelta(seconds=1)) == 0
    assert boundaries.announce(db, start - timedelta(seconds=1), start) == 1
    assert boundaries.announce(db, start, start + timedelta(seconds=5)) == 0
    announced = api.events("identity.user.roles_changed")[before:]
    assert [e["data"]["user_id"] for e in announced] == [user.id]


def test_the_watch_loop_announces_an_assignment_that_just_ended(db, api):
    user = account(db, "coach.bo", ["member"], "a-long-passphrase-1", email="bo@example.se")
    end = utcnow() + timedelta(seconds=0.3)
    assignments.set_roles(db, ROOT, user.id, [{"role": "trainer", "valid_until": end}])
    before = len(api.events("identity.user.roles_changed"))
    stop = threading.Event()
    thread = threading.Thread(
        target=boundaries.BoundaryWatch(db, every_seconds=0.1).run, args=(stop,), daemon=True
    )
    thread.start()
    try:
        wait_until(
            lambda: len(api.events("identity.user.roles_changed")) > before,
            timeout=10,
            message="the assignment that ended announced",
        )
    finally:
        stop.set()
        thread.join(timeout=5)
    assert len(api.events("identity.user.roles_changed")) == before + 1
