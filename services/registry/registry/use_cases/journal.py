"""The confidential journal (issue 23 §5): written and read with its permissions, every read
in the read log, texts never in events, logs or other services' exports."""

from __future__ import annotations

from foyer_shared.db import new_id, utcnow
from foyer_shared.text import check_text
from registry.domain import InvalidInput
from registry.domain.journal_crypto import JournalUnavailable, Keyring, Sealed
from registry.models.journal import JournalEntry
from registry.use_cases import Actor, access, persons, read_log
from registry.use_cases.unit_of_work import UnitOfWork

TEXT_MAX = 20_000


def write_entry(
    uow: UnitOfWork, actor: Actor, keys: Keyring | None, person_id: str, text: str
) -> dict:
    keys = _keys(keys)
    try:
        text = check_text(text or "", multi_line=True).strip()
    except ValueError as exc:
        raise InvalidInput.one("text", str(exc)) from exc
    if not text or len(text) > TEXT_MAX:
        raise InvalidInput.one("text", f"write 1 to {TEXT_MAX:,} characters")
    entry = JournalEntry(id=new_id(), person_id=person_id, author=actor.user_id or "")
    entry.written_at = utcnow()
    sealed = keys.seal(text, _associated(entry))
    entry.key_id, entry.wrapped_key, entry.ciphertext = (
        sealed.key_id,
        sealed.wrapped_key,
        sealed.ciphertext,
    )
    with uow.transaction():
        persons.load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id, access.EDIT)
        uow.journal.add(entry)
    return _shown(entry, text)


def read_entries(
    uow: UnitOfWork, actor: Actor, keys: Keyring | None, person_id: str, reads=None
) -> list[dict]:
    """Every entry, oldest first; the read goes into the read log."""
    keys = _keys(keys)
    with uow.read_only():
        persons.load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id)
        entries = uow.journal.of_person(person_id)
    read_log.noted(reads, actor, person_id, what="journal")
    return [_shown(e, keys.open(_sealed(e), _associated(e))) for e in entries]


def texts_for_export(uow: UnitOfWork, keys: Keyring | None, person_id: str) -> list[dict]:
    """The person's own copy (GDPR export download): decrypted there, never stored so."""
    if keys is None:
        return []
    with uow.read_only():
        entries = uow.journal.of_person(person_id)
    return [_shown(e, keys.open(_sealed(e), _associated(e))) for e in entries]


def rewrap(uow: UnitOfWork, keys: Keyring, batch: int = 500) -> int:
    """After a rotation: every entry's data key re-wrapped by the active KEK (texts stay as
    they are); returns how many. Run until it answers 0, then the old KEK can be removed."""
    with uow.transaction():
        entries = uow.journal.not_wrapped_by(keys.active, batch)
        for entry in entries:
            sealed = keys.rewrap(_sealed(entry), _associated(entry))
            entry.key_id, entry.wrapped_key = sealed.key_id, sealed.wrapped_key
    return len(entries)


def _keys(keys: Keyring | None) -> Keyring:
    if keys is None:
        raise JournalUnavailable("the journal is not configured (FOYER_JOURNAL_KEYS_FILE)")
    return keys


def _associated(entry: JournalEntry) -> bytes:
    return f"{entry.id}:{entry.person_id}".encode()


def _sealed(entry: JournalEntry) -> Sealed:
    return Sealed(entry.key_id, bytes(entry.wrapped_key), bytes(entry.ciphertext))


def _shown(entry: JournalEntry, text: str) -> dict:
    return {"id": entry.id, "author": entry.author, "written_at": entry.written_at, "text": text}
