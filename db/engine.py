"""The one engine factory, and sessions for reading and for writing.

`DATABASE_URL` chooses the database; the default is a SQLite file under the app's own `data/`
folder. On SQLite every connection gets WAL, foreign keys and a busy timeout; a write session
takes the process-wide write lock and starts with `BEGIN IMMEDIATE`, so concurrent writers queue
instead of failing with "database is locked" (readers are never blocked in WAL mode).
PostgreSQL is reached through psycopg 3 (`postgresql+psycopg://...`).
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

APP_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = APP_DIR / "data"
SQLITE_BUSY_TIMEOUT_MS = 30_000

_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


def default_url() -> str:
    return f"sqlite:///{DEFAULT_DATA_DIR / 'gapmap.sqlite3'}"


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or default_url()


def normalise_url(url: str) -> str:
    """Accept the common spellings of a PostgreSQL URL and use psycopg 3 for all of them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    """Create an engine for `url` (default: `DATABASE_URL` or the bundled SQLite file)."""
    url = normalise_url(url or database_url())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        pool_size=20,
        max_overflow=40,
        pool_timeout=60,
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below issue BEGIN, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _write_lock(engine: Engine) -> threading.Lock | None:
    if not is_sqlite(engine):
        return None
    key = str(engine.url)
    with _write_locks_guard:
        return _write_locks.setdefault(key, threading.Lock())


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading; never blocks writers on SQLite (WAL)."""
    with Session(engine, expire_on_commit=False) as db:
        yield db


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session for one write transaction: committed on success, rolled back on error.

    On SQLite, writers of this process queue on one lock, then `BEGIN IMMEDIATE` takes the
    database's write lock up front (other processes wait up to the busy timeout), so a write
    never fails half-way with "database is locked".
    """
    lock = _write_lock(engine)
    bound = engine.execution_options(sqlite_begin="IMMEDIATE") if lock else engine
    if lock:
        lock.acquire()
    try:
        with Session(bound, expire_on_commit=False) as db:
            try:
                yield db
                db.commit()
            except BaseException:
                db.rollback()
                raise
    finally:
        if lock:
            lock.release()
