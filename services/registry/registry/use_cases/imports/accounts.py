"""Asking identity for pending login accounts for the persons an import just created.

Login accounts are identity's; the registry only knows which rows became new persons. The
command leaves in the same transaction as the persons, so either both happen or neither does.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from registry import events


def request_accounts(session: Session, data: dict, outcomes: list[dict]) -> None:
    options = data.get("options") or {}
    if data.get("dry_run") or not options.get("create_pending_accounts"):
        return
    if (data.get("kind") or "customers") != "customers":
        return
    rows = {row.get("row_no"): row for row in data.get("rows") or []}
    wanted = []
    for outcome in outcomes:
        row = rows.get(outcome.get("row_no")) or {}
        if outcome.get("outcome") != "created" or row.get("kind") == "company":
            continue
        wanted.append(
            {
                "person_id": outcome["person_id"],
                "username": row.get("username"),
                "email": row.get("email") or None,
            }
        )
    if wanted:
        events.outbox.command(
            session,
            events.CREATE_ACCOUNTS,
            {
                "job_id": str(data["job_id"]),
                "batch_no": int(data["batch_no"]),
                "accounts": wanted,
            },
        )
