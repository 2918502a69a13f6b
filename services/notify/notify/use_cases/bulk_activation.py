"""Bulk activation after an import (Zoezi): one request, an activation link to every pending
account the import created, and its progress.

Only identity issues activation links, so notify asks it (identity.request_activations, in
chunks) for the accounts it knows the import created (identity.accounts.created). identity
publishes identity.user.activation_requested with the run's `bulk_id` for every link it
issued, which becomes a message of the run like any activation mail, and then
identity.activations.issued counting what it issued and what it skipped (not pending, no
e-mail). Progress is counted from the run's row and its messages.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from notify import events
from notify.domain.errors import Invalid, NotFound
from notify.domain.states import QUEUED, SENDING, STATES
from notify.models import Account, ActivationRun, Message

CHUNK = 500  # accounts per command: one import of 10,000 makes 20 modest transactions in identity


def start(db: Database, import_job_id: str, requested_by: str | None) -> dict:
    with db.transaction() as session:
        user_ids = list(
            session.scalars(
                select(Account.user_id)
                .where(Account.import_job_id == import_job_id)
                .order_by(Account.user_id)
            )
        )
        if not user_ids:
            raise Invalid(
                f"notify knows no account created by the import job {import_job_id}",
                "import_job_id",
            )
        run = ActivationRun(
            import_job_id=import_job_id,
            requested_by=requested_by,
            accounts=len(user_ids),
            issued=0,
            skipped=0,
        )
        session.add(run)
        session.flush()
        for first in range(0, len(user_ids), CHUNK):
            events.request_activations(
                session, run.id, user_ids[first : first + CHUNK], requested_by
            )
        return _progress(session, run)


def progress(db: Database, run_id: str) -> dict:
    with db.read_only() as session:
        run = session.get(ActivationRun, run_id)
        if run is None:
            raise NotFound(f"no bulk activation {run_id}")
        return _progress(session, run)


def links_issued(session: Session, data: dict) -> None:
    """identity's answer for one chunk (the inbox makes it count once)."""
    run = session.get(ActivationRun, data["bulk_id"], with_for_update=True)
    if run is None:
        return  # not ours (another notify database on the same broker)
    run.issued += data["issued"]
    run.skipped += len(data["skipped"])


def _progress(session: Session, run: ActivationRun) -> dict:
    counts = dict(
        session.execute(
            select(Message.state, func.count())
            .where(Message.bulk_id == run.id)
            .group_by(Message.state)
        ).all()
    )
    answered = run.issued + run.skipped >= run.accounts
    waiting = counts.get(QUEUED, 0) + counts.get(SENDING, 0)
    done = answered and sum(counts.values()) >= run.issued and not waiting
    return {
        "id": run.id,
        "import_job_id": run.import_job_id,
        "requested_by": run.requested_by,
        "created_at": run.created_at,
        "state": "done" if done else ("sending" if answered else "issuing links"),
        "accounts": run.accounts,
        "links_issued": run.issued,
        "skipped": run.skipped,
        "messages": {state: counts.get(state, 0) for state in STATES},
    }
