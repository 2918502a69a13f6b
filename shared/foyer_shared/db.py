"""Database engine, sessions and the unit of work (SQLAlchemy 2; PostgreSQL or SQLite)."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, String, TypeDecorator, create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    """Ids are UUIDs made in Python, so an event can name a row before the commit.

    Version 7 (RFC 9562): the first 48 bits are the time in milliseconds, the other 74 random.
    Ids made one after another sort together, so a primary-key index grows at its right edge;
    random (version 4) ids touched a random page of every id index for each new row, which
    made a million-person import a fifth slower than the first hundred thousand."""
    raw = bytearray((time.time_ns() // 1_000_000).to_bytes(6, "big") + os.urandom(10))
    raw[6] = (raw[6] & 0x0F) | 0x70  # version 7
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 9562 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def new_ids(count: int) -> list[str]:
    """`count` ids as new_id() makes them, for a batch: one clock read and one read of the
    random source for all of them (a third of new_id()'s time per id; an import makes two per
    person). They share their millisecond and are random within it."""
    millis = (time.time_ns() // 1_000_000).to_bytes(6, "big").hex()
    head = f"{millis[:8]}-{millis[8:]}-7"
    rand = os.urandom(10 * count).hex()
    return [
        f"{head}{rand[i + 1 : i + 4]}-{_VARIANT[rand[i + 4]]}{rand[i + 5 : i + 8]}-"
        f"{rand[i + 8 : i + 20]}"
        for i in range(0, 20 * count, 20)
    ]


# The first hex digit of the variant field: its two top bits are 10 (RFC 9562).
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


class UUIDStr(TypeDecorator):
    """A UUID kept as 36 characters: the same column on PostgreSQL and SQLite."""

    impl = String(36)
    cache_ok = True


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC timestamps on both backends (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime; use foyer_shared.db.utcnow()")
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def _normalise_url(url: str) -> str:
    # Accept plain postgresql:// URLs and use psycopg 3 for them.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, **kwargs) -> Engine:
    url = _normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # One file, one writer: a connection pool's size means nothing to it.
        kwargs.pop("pool_size", None), kwargs.pop("max_overflow", None)
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # SQLAlchemy, not the sqlite3 module, begins transactions (_sqlite_begin): the
            # module begins only before a write, so a SAVEPOINT after reads started the
            # transaction itself and its RELEASE committed everything so far.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # web and worker share the file
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # A unit of work takes the write lock when it begins (IMMEDIATE), so a second
            # writer waits up to the timeout. Begun as a reader, a transaction that writes
            # after another process committed fails at once ("database is locked": its
            # snapshot is stale and waiting cannot help). Read-only sessions stay DEFERRED.
            mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
            connection.exec_driver_sql(f"BEGIN {mode}")

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    return create_engine(url, **kwargs)


class Database:
    """One per process: the engine and the way to open a unit of work."""

    def __init__(self, url: str, **engine_kwargs):
        self.url = _normalise_url(url)
        self.engine = make_engine(self.url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Read-only on PostgreSQL too (BEGIN READ ONLY): they end with a commit (read_only),
        # and a write there fails instead of being kept.
        read_options = {} if self.is_sqlite else {"postgresql_readonly": True}
        self._read_sessions = sessionmaker(
            self.engine.execution_options(sqlite_begin="DEFERRED", **read_options),
            expire_on_commit=False,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """The unit of work: commit if the block succeeds, roll back if it raises."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def read_only(self) -> Iterator[Session]:
        session = self._read_sessions()
        try:
            yield session
            # Ended by a commit, not a rollback: psycopg drops every statement it prepared on
            # the connection when a transaction rolls back, so each read was planned afresh
            # (a search over a sliced register spent 25-35 ms planning, docs/registry.md).
            session.commit()
        finally:
            session.close()  # loaded objects stay readable (no expiry)

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
