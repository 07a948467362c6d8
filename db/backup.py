"""A consistent copy of the SQLite database while the app runs (PostgreSQL: use pg_dump)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine


def backup_sqlite(engine: Engine, target_path) -> Path:
    """Copy the engine's SQLite database to `target_path` with SQLite's online backup API.

    The copy is a consistent snapshot even while others write (WAL), and a single file (no -wal
    file beside it). Refuses (ValueError) a non-SQLite engine, an in-memory database, a missing
    database file and an existing target: a backup never overwrites anything.
    """
    if engine.dialect.name != "sqlite":
        raise ValueError(
            f"backup_sqlite copies SQLite databases only; this is {engine.dialect.name}: "
            "use pg_dump for PostgreSQL."
        )
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ValueError("backup_sqlite needs a SQLite database file, not an in-memory database.")
    source_path = Path(database)
    if not source_path.is_file():
        raise ValueError(f"There is no database file at {source_path}.")
    target = Path(target_path)
    if target.resolve() == source_path.resolve():
        raise ValueError("The backup cannot be written over the database itself.")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "xb"):  # claims the name atomically: never overwrite
            pass
    except FileExistsError:
        raise ValueError(f"{target} exists already; a backup never overwrites a file.") from None
    try:
        source = sqlite3.connect(source_path, timeout=30)
        try:
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dest.close()
        finally:
            source.close()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
