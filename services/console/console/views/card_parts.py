"""Sections of the person card drawn from other APIs: notify's communication log, the
registry's likely duplicates, its read log, the person's documents, consents and journal. Each
is asked only when the user holds its permission."""

from __future__ import annotations

import json

from flask import current_app, request

from console import api, users
from console.access import can
from console.client import ApiError

LOG_READ = "notify.messages.read"
DUPLICATES_READ = "registry.duplicates.read"
READS_READ = "registry.reads.read"
DOCUMENTS_READ = "registry.documents.read"
JOURNAL_READ = "registry.journal.read"
# Naming the staff behind a user id (who viewed, who wrote) needs identity's accounts.
ACCOUNTS_READ = "identity.users.read"


def communication_log(person_id: str) -> dict | None:
    """{"messages", "pagination"} of one page (`?log_page=`), newest first; None without the
    permission. Notify not answering leaves the section saying so rather than breaking the card."""
    if not can(LOG_READ):
        return None
    page = max(1, request.args.get("log_page", 1, type=int) or 1)
    size = current_app.extensions["console"].settings.page_size
    try:
        response = api.get(
            f"/api/notify/persons/{person_id}/messages",
            params={"page": page, "page_size": size},
        )
    except api.ApiError as refused:
        if refused.status not in (403, 404, 503):
            raise
        return {"messages": [], "pagination": None, "unavailable": refused.status == 503}
    pagination = json.loads(response.headers.get("X-Pagination") or "null")
    return {"messages": response.json(), "pagination": pagination, "unavailable": False}


def duplicates(person_id: str) -> list | None:
    """The registry's suspected duplicates of the person, strongest first; None without the
    permission."""
    if not can(DUPLICATES_READ):
        return None
    found = api.optional(f"/api/registry/persons/{person_id}/duplicates", [])
    return sorted(found, key=lambda d: -(d.get("score") or 0))


def reads(person_id: str) -> list | None:
    """The newest page of who viewed the card and when (the registry's read log, Pohodlne's
    "Záznamy"); None without the permission."""
    if not can(READS_READ):
        return None
    size = current_app.extensions["console"].settings.page_size
    return api.optional(f"/api/registry/persons/{person_id}/reads", [], params={"page_size": size})


def documents(person_id: str) -> list | None:
    """The person's documents, oldest first (Pohodlne's "Dokumenty"); None without the
    permission."""
    if not can(DOCUMENTS_READ):
        return None
    return api.optional(f"/api/registry/persons/{person_id}/documents", [])


def consents(person_id: str) -> dict | None:
    """{"current": the latest answer per purpose, "history": every answer, oldest first}; None
    when the registry refuses (anyone reading the card may read its consents)."""
    return api.optional(f"/api/registry/persons/{person_id}/consents")


def journal(person_id: str) -> dict | None:
    """{"entries", "unavailable"}: the confidential journal, oldest first; None without the
    permission. The registry answers 503 when its keys are not configured: said, not broken."""
    if not can(JOURNAL_READ):
        return None
    try:
        entries = api.json("GET", f"/api/registry/persons/{person_id}/journal")
    except ApiError as refused:
        if refused.status in (403, 404):
            return None
        if refused.status != 503:
            raise
        return {"entries": [], "unavailable": True}
    return {"entries": entries or [], "unavailable": False}


def staff_names(*user_ids) -> dict[str, str]:
    """{user id: username} for the ids the card shows, when the user may read accounts."""
    return users.usernames(user_ids) if can(ACCOUNTS_READ) else {}
