"""Writes the read log after the read (issue 23 §4): a person GET only appends to a list.

A thread of the process writes what gathered every `flush_seconds` (1 s) in one statement,
so the read pays for a list append, not an INSERT and a commit. What a process holds when it
dies is lost (at most that second of reads); a database that is away keeps them in memory
up to `MAX_HELD`, then the oldest go, with a warning.
"""

from __future__ import annotations

import atexit
import logging
import threading

from sqlalchemy.exc import IntegrityError

from foyer_shared.db import Database, utcnow
from registry.repository.reads import Reads

log = logging.getLogger(__name__)
MAX_HELD = 100_000


class ReadLogWriter:
    def __init__(self, db: Database, flush_seconds: float = 1.0):
        self._db = db
        self._flush_seconds = flush_seconds
        self._held: list[dict] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def note(self, viewer: str, person_id: str, what: str = "card") -> None:
        """Called by the read: cheap, never touches the database."""
        row = {"person_id": person_id, "viewer": viewer, "read_at": utcnow(), "what": what}
        with self._lock:
            self._held.append(row)
            if len(self._held) > MAX_HELD:
                del self._held[: len(self._held) - MAX_HELD]
                log.warning("read log: database away; the oldest reads were dropped")
            if self._thread is None:  # started by the first read, not at import or app start
                self._thread = threading.Thread(target=self._run, name="read-log", daemon=True)
                self._thread.start()
                atexit.register(self.flush)

    def flush(self) -> None:
        """Writes what is held now (the listing calls it, so a reader sees their own reads)."""
        with self._lock:
            rows, self._held = self._held, []
        if not rows:
            return
        try:
            try:
                with self._db.transaction() as session:
                    Reads(session).add_many(rows)
            except IntegrityError:  # a person erased a moment after the read
                with self._db.transaction() as session:
                    Reads(session).add_alive(rows)
        except Exception:  # noqa: BLE001 - kept for the next round; the reads went on
            log.warning(
                "read log: writing %s reads failed; kept for later", len(rows), exc_info=True
            )
            with self._lock:
                self._held[:0] = rows

    def _run(self) -> None:
        while True:
            self._wake.wait(self._flush_seconds)
            self.flush()
