"""N concurrent writers (threads), each submitting one 40-answer response; prints figures.

    python -m bench.concurrent_writes                      # SQLite in a temporary file
    python -m bench.concurrent_writes --writers 200 --rounds 3
    python -m bench.concurrent_writes --url postgresql+psycopg://postgres@127.0.0.1:5432/test

Target (issue 2, 2-core machine): 200 simultaneous writers, 0 lost, p95 < 150 ms and
> 400 responses/s on SQLite. Latency is measured per submission, from the call until commit,
so it includes queueing for the write lock. The PostgreSQL run drops and recreates the schema.

Two arrival patterns are printed: "burst" releases all writers at the same instant (the worst
case: with one writer at a time, the last of 200 waits for the 199 before it, so its latency is
about 200 x the cost of one write), and "1s window" spreads the same writers uniformly over one
second, as a room pressing Submit after the facilitator's call does.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text
from sqlmodel import func, select

from db.engine import make_engine, read_session, write_session
from db.migrate import upgrade
from db.models import Answer, Response
from db.responses import AnswerIn, create_participant, save_response
from tests.factories import make_event

ANSWERS = [AnswerIn("q1", option="a")] + [AnswerIn("q2", item=f"i{n}", text=f"answer {n}") for n in range(39)]


def prepare(url: str | None):
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='gapmap-bench-')}/bench.sqlite3"
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def run_round(engine, writers: int, round_no: int, window: float = 0.0) -> dict:
    ids = make_event(engine, code=f"BENCH{round_no}")
    with write_session(engine) as s:
        participants = [create_participant(db=s, event_id=ids["event"], country="THA").id for _ in range(writers)]
    barrier = threading.Barrier(writers)
    latencies: list[float] = []
    errors: list[str] = []

    def submit(pid: int) -> None:
        barrier.wait()
        if window:
            time.sleep(window * (pid % writers) / writers)
        started = time.perf_counter()
        try:
            with write_session(engine) as s:
                save_response(db=s, participant_id=pid, agenda_session_id=ids["session"],
                              questionnaire_version_id=ids["version"], answers=ANSWERS, submit=True,
                              idempotency_token=f"r{round_no}-{pid}")
            latencies.append(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 - counted as lost, reported below
            errors.append(f"{type(exc).__name__}: {exc}"[:200])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=writers) as pool:
        list(pool.map(submit, participants))
    elapsed = time.perf_counter() - started
    with read_session(engine) as s:
        stored = s.exec(select(func.count()).select_from(Response)
                        .where(Response.agenda_session_id == ids["session"])).one()
        answers = s.exec(select(func.count()).select_from(Answer).join(Response)
                         .where(Response.agenda_session_id == ids["session"])).one()
    ordered = sorted(latencies)
    return {
        "writers": writers,
        "responses_per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else float("nan"),
        "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000 if ordered else float("nan"),
        "max_ms": ordered[-1] * 1000 if ordered else float("nan"),
        "lost": writers - stored,
        "answers_ok": answers == stored * len(ANSWERS),
        "errors": errors[:3],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--writers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    engine = prepare(args.url)
    print(f"engine: {engine.dialect.name}; {args.writers} writers x 40 answers; {args.rounds} rounds per pattern")
    print(f"{'pattern':>10} {'round':>5} {'resp/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'lost':>5}  answers")
    failed = False
    round_no = 0
    for pattern, window in (("burst", 0.0), ("1s window", 1.0)):
        for n in range(1, args.rounds + 1):
            round_no += 1
            r = run_round(engine, args.writers, round_no, window)
            rate = f"{r['responses_per_s']:>8.0f}" if not window else f"{'(paced)':>8}"
            print(f"{pattern:>10} {n:>5} {rate} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['max_ms']:>8.1f} "
                  f"{r['lost']:>5}  {'complete' if r['answers_ok'] else 'INCOMPLETE'}")
            for e in r["errors"]:
                print(f"      error: {e}")
            failed |= bool(r["lost"]) or not r["answers_ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
