"""The unit of work a use case runs in: the repositories of one transaction, and its outbox.

A use case opens `uow.transaction()` (commit when the block ends, roll back when it raises) or
`uow.read_only()`, reaches the database only through `uow.persons`, `uow.groups`, ... and
publishes with `uow.publish`, whose outbox row commits with the change or not at all. The unit
tests give the use cases an in-memory fake of this interface (tests/registry_fakes/).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.orm import Session

from foyer_shared.contracts.declaration import Message
from foyer_shared.db import Database
from registry import events
from registry.repository.changes import ChangeLog
from registry.repository.consents import Consents
from registry.repository.documents import Documents
from registry.repository.families import Families
from registry.repository.fields import FieldValues
from registry.repository.groups import Groups
from registry.repository.journal import Journal
from registry.repository.links import Links
from registry.repository.lookups import Lookups
from registry.repository.persons import Persons
from registry.repository.reads import Reads
from registry.repository.requirements import Requirements


class UnitOfWork:
    """The interface: what a use case may ask of the transaction it runs in."""

    persons: Persons
    groups: Groups
    families: Families
    fields: FieldValues
    links: Links
    changes: ChangeLog
    requirements: Requirements
    consents: Consents
    reads: Reads
    journal: Journal
    documents: Documents
    lookups: Lookups

    def transaction(self) -> contextlib.AbstractContextManager[UnitOfWork]:
        raise NotImplementedError

    def read_only(self) -> contextlib.AbstractContextManager[UnitOfWork]:
        raise NotImplementedError

    def flush(self) -> None:
        """Write what the use case changed so far (queries after it see it); no commit."""
        raise NotImplementedError

    def committed(self) -> contextlib.AbstractContextManager[UnitOfWork]:
        """Within a transaction: a read-only unit of work on the register as committed now,
        without what this transaction changed (another connection)."""
        raise NotImplementedError

    def publish(self, message: Message, data: dict) -> None:
        """An event of this service's events.py, sent once the transaction commits."""
        raise NotImplementedError

    def vacuum_persons(self) -> None:
        """VACUUM (ANALYZE) the persons table, outside any transaction: after a rewrite, whose
        new table has no visibility map, index-only scans read every row again."""
        raise NotImplementedError


class SqlUnitOfWork(UnitOfWork):
    """On the service's database: a session per transaction, the outbox table in it."""

    def __init__(self, db: Database | None):
        self._db = db
        self._session: Session | None = None

    @classmethod
    def joining(cls, session: Session) -> SqlUnitOfWork:
        """A unit of work inside a transaction someone else opened and commits (an event
        handler's, an import batch's, a merge's): `transaction()` neither commits nor rolls back."""
        uow = cls(None)
        uow._bind(session)
        return uow

    def transaction(self) -> contextlib.AbstractContextManager[SqlUnitOfWork]:
        return self._opened("transaction")

    def read_only(self) -> contextlib.AbstractContextManager[SqlUnitOfWork]:
        return self._opened("read_only")

    def flush(self) -> None:
        self._session.flush()

    @contextlib.contextmanager
    def committed(self) -> Iterator[SqlUnitOfWork]:
        # DEFERRED: on SQLite this transaction holds the write lock, a reader must not wait.
        engine = self._session.get_bind().execution_options(sqlite_begin="DEFERRED")
        with Session(engine) as session:
            yield SqlUnitOfWork.joining(session)

    def publish(self, message: Message, data: dict) -> None:
        events.outbox.event(self._session, message, data)

    def vacuum_persons(self) -> None:
        if self._db.is_sqlite:
            return
        with self._db.engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.execute(text("VACUUM (ANALYZE) persons"))

    @contextlib.contextmanager
    def _opened(self, kind: str) -> Iterator[SqlUnitOfWork]:
        """A session from Database.transaction or .read_only, the repositories bound to it."""
        if self._db is None:  # joined: whoever opened the transaction ends it
            yield self
            return
        if self._session is not None:
            raise RuntimeError("this unit of work is open already; a use case opens it once")
        with getattr(self._db, kind)() as session:
            self._bind(session)
            try:
                yield self
            finally:
                self._bind(None)  # the session is closed: nothing may use it any more

    def _bind(self, session: Session | None) -> None:
        self._session = session
        for name, repository in _REPOSITORIES.items():
            setattr(self, name, None if session is None else repository(session))


_REPOSITORIES = {
    "persons": Persons,
    "groups": Groups,
    "families": Families,
    "fields": FieldValues,
    "links": Links,
    "changes": ChangeLog,
    "requirements": Requirements,
    "consents": Consents,
    "reads": Reads,
    "journal": Journal,
    "documents": Documents,
    "lookups": Lookups,
}
