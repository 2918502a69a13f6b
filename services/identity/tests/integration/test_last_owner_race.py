"""Two owners demoting each other at the same moment: one of them stays owner."""

from __future__ import annotations

import threading

from identity.domain.actor import Actor
from identity.repository.account import UserRepository
from identity.use_cases import accounts, assignments

ROOT = Actor(user_id="root", permissions=frozenset({"*"}))


def test_concurrent_demotions_leave_one_owner(db):
    owners = [
        accounts.create_user(
            db,
            username=f"owner.{n}",
            password="a-long-passphrase-1",
            email=f"o{n}@example.se",
            role_names=["owner"],
        )
        for n in (1, 2)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(user_id):
        barrier.wait()
        try:
            assignments.set_roles(db, ROOT, user_id, [{"role": "manager"}])
            outcomes.append("demoted")
        except assignments.LastOwner:
            outcomes.append("refused")

    threads = [threading.Thread(target=demote, args=(o.id,)) for o in owners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["demoted", "refused"]
    with db.read_only() as session:
        assert UserRepository(session).standing_owners(accounts.utcnow()) == 1
