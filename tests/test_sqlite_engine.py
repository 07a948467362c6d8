"""SQLite settings are really applied, and concurrent writers queue instead of failing."""
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text
from sqlmodel import func, select

from db.engine import make_engine, read_session, write_session
from db.models import Answer, Response
from db.responses import AnswerIn, save_response
from tests.factories import make_event, make_participants


def test_pragmas_are_applied_on_every_connection(sqlite_engine):
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30_000


def test_the_default_database_is_created_under_data(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("db.engine.DEFAULT_DATA_DIR", tmp_path / "data")
    engine = make_engine()
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert (tmp_path / "data" / "gapmap.sqlite3").exists()


def test_a_write_session_holds_the_write_lock_from_its_start(sqlite_engine):
    path = sqlite_engine.url.database
    with write_session(sqlite_engine) as db:
        db.exec(select(func.count()).select_from(Response)).one()  # a read only...
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            raise AssertionError("a second writer got in: the session did not BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc)
        finally:
            other.close()


def test_a_briefly_locked_database_makes_a_write_wait_not_fail(sqlite_engine):
    ids = make_event(sqlite_engine)
    (pid,) = make_participants(sqlite_engine, ids["event"], 1)
    blocker = sqlite3.connect(sqlite_engine.url.database, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock...
    threading.Timer(0.5, blocker.commit).start()  # ...for half a second
    started = time.monotonic()
    with write_session(sqlite_engine) as s:
        save_response(db=s, participant_id=pid, agenda_session_id=ids["session"],
                      questionnaire_version_id=ids["version"], answers=[AnswerIn("q1", option="a")], submit=True)
    assert time.monotonic() - started >= 0.4  # it waited for the lock
    blocker.close()
    with read_session(sqlite_engine) as s:
        assert s.exec(select(func.count()).select_from(Response)).one() == 1


def test_fifty_threads_writing_at_once_lose_nothing(sqlite_engine):
    ids = make_event(sqlite_engine)
    participants = make_participants(sqlite_engine, ids["event"], 50)

    def submit(pid: int) -> int:
        answers = [AnswerIn("q1", option="a")] + [AnswerIn("q2", item=f"i{n}", text=f"t{n}") for n in range(39)]
        with write_session(sqlite_engine) as s:
            return save_response(db=s, participant_id=pid, agenda_session_id=ids["session"],
                                 questionnaire_version_id=ids["version"], answers=answers, submit=True,
                                 idempotency_token=f"tok-{pid}").id

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(submit, participants))  # re-raises any "database is locked"
    assert len(set(results)) == 50
    with read_session(sqlite_engine) as s:
        assert s.exec(select(func.count()).select_from(Response)).one() == 50
        assert s.exec(select(func.count()).select_from(Answer)).one() == 50 * 40


def test_two_processes_worth_of_engines_share_the_file_safely(tmp_path):
    """Two engines on one file (as two app processes would have) interleave writes without error."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    from db.migrate import upgrade

    first, second = make_engine(url), make_engine(url)
    upgrade(first)
    ids = make_event(first)
    participants = make_participants(first, ids["event"], 20)

    def submit(args):
        engine, pid = args
        with write_session(engine) as s:
            save_response(db=s, participant_id=pid, agenda_session_id=ids["session"],
                          questionnaire_version_id=ids["version"], answers=[AnswerIn("q1", option="b")],
                          submit=True)

    jobs = [((first if i % 2 else second), pid) for i, pid in enumerate(participants)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(submit, jobs))
    with read_session(first) as s:
        assert s.exec(select(func.count()).select_from(Response)).one() == 20
