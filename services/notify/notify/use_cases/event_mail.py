"""Mail that identity's and imports' events ask for: activation, reset, e-mail change, import.

Each runs in the consumer's transaction (handlers.py); the link in an activation or reset event
goes into the message body only, never into a log line or an event.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from notify.domain.states import EMAIL
from notify.models import Account, Contact
from notify.use_cases.composing import compose, suppressed, when


def _contact(session: Session, person_id: str | None) -> Contact | None:
    return session.get(Contact, person_id) if person_id else None


def activation_requested(session: Session, data: dict) -> None:
    """`bulk_id`: the link was issued for a bulk activation (use_cases/bulk_activation.py)."""
    contact = _contact(session, data.get("person_id"))
    context = {
        "username": data["username"],
        "link": data["link"],
        "expires_at": when(data["expires_at"]),
    }
    compose(
        session,
        "account_activation",
        contact,
        context,
        [EMAIL],
        person_id=data.get("person_id"),
        email=data["email"],
        bulk_id=data.get("bulk_id"),
    )


def password_reset_requested(session: Session, data: dict) -> None:
    account = session.get(Account, data["user_id"])
    person_id = account.person_id if account is not None else None
    context = {
        "username": account.username if account is not None and account.username else "",
        "link": data["link"],
        "expires_at": when(data["expires_at"]),
    }
    compose(
        session,
        "password_reset",
        _contact(session, person_id),
        context,
        [EMAIL],
        person_id=person_id,
        email=data["email"],
    )


def email_change_requested(session: Session, data: dict) -> None:
    """The confirmation goes to the new address (data["email"]), never to the card's."""
    context = {
        "username": data["username"],
        "new_email": data["email"],
        "link": data["link"],
        "expires_at": when(data["expires_at"]),
    }
    compose(
        session,
        "email_change",
        _contact(session, data.get("person_id")),
        context,
        [EMAIL],
        person_id=data.get("person_id"),
        email=data["email"],
    )


def import_finished(session: Session, data: dict, public_url: str, succeeded: bool) -> None:
    """To the uploader: counts, and the link to the rows with errors when there are any."""
    account = session.get(Account, data.get("created_by") or "")
    person_id = account.person_id if account is not None else None
    contact = _contact(session, person_id)
    if contact is None:
        suppressed(session, "import_finished", person_id, "the uploader is not known to notify")
        return
    counts = data.get("counts") or {}
    link = f"{public_url.rstrip('/')}/api/imports/jobs/{data['job_id']}/errors.csv"
    context = {
        "job_id": data["job_id"],
        "kind": data.get("kind") or "",
        "succeeded": succeeded,
        "reason": data.get("reason"),
        "counts": counts,
        "error_file_link": link if counts.get("errors") else None,
    }
    compose(session, "import_finished", contact, context, [EMAIL])


def accounts_created(session: Session, data: dict) -> None:
    """Remember which accounts an import's run created (bulk activation asks for them)."""
    for outcome in data.get("outcomes") or []:
        if outcome.get("outcome") != "created" or not outcome.get("user_id"):
            continue
        account = session.get(Account, outcome["user_id"]) or Account(user_id=outcome["user_id"])
        account.person_id = outcome.get("person_id")
        account.username = outcome.get("username")
        account.import_job_id = data.get("job_id")
        session.add(account)
