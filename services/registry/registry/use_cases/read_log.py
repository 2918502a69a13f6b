"""The read log (issue 23 §4): a person's card read by someone else is noted; those with the
permission list who read it; old entries go after the configured time."""

from __future__ import annotations

from datetime import timedelta

from foyer_shared.db import utcnow
from registry.use_cases import Actor, access, persons
from registry.use_cases.unit_of_work import UnitOfWork


def noted(reads, actor: Actor, person_id: str, what: str = "card") -> None:
    """After a read of one person: noted unless it is the person's own card (a member reading
    themselves), or the log is off (`reads` None). Costs a list append (read_log_writer.py)."""
    if reads is not None and actor.user_id and actor.person_id != person_id:
        reads.note(actor.user_id, person_id, what)


def list_reads(
    uow: UnitOfWork, actor: Actor, person_id: str, offset: int, limit: int, reads=None
) -> tuple[list, int]:
    """(a page of the person's reads, newest first, total)."""
    if reads is not None:
        reads.flush()  # this process's latest reads, the caller's own included
    with uow.read_only():
        persons.load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id)
        return uow.reads.of_person(person_id, offset, limit)


def forget_old(uow: UnitOfWork, days: float) -> int:
    """Deletes reads older than `days` (the retention; 0 keeps them for ever)."""
    if days <= 0:
        return 0
    with uow.transaction():
        return uow.reads.delete_before(utcnow() - timedelta(days=days))
