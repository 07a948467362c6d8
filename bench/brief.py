"""The rapporteur's draft (Word): how long it takes for the demo event and for an event with 100,000
answers (issue 15 targets: under 5 s and under 30 s).

    python -m bench.brief [--answers 100000]

Each run builds the brief as the Export page does (`exports.runs.rapporteur_brief`: gather the
report's data, lay out the blocks, write the .docx) on a fresh SQLite database, and prints seconds,
size and peak memory of the process.
"""
from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path


def timed(engine, code: str) -> tuple[float, int]:
    from exports.runs import rapporteur_brief

    started = time.perf_counter()
    made = rapporteur_brief(engine, code, actor="bench")
    return time.perf_counter() - started, len(made.data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    args = parser.parse_args()
    from bench.seeding import seed_answers
    from db.engine import make_engine
    from db.migrate import upgrade
    from gapmap.demo import seed_demo

    folder = Path(tempfile.mkdtemp(prefix="gapmap-bench-brief-"))
    engine = make_engine(f"sqlite:///{folder}/bench.sqlite3")
    upgrade(engine)
    seed_demo(engine)
    seconds, size = timed(engine, "BKK2024")
    print(f"demo event (8 sessions, 34 delegates): {seconds:.2f} s, {size / 1024:,.0f} KB")
    seed_answers(engine, args.answers)
    seconds, size = timed(engine, "BENCH100K")
    print(f"{args.answers:,}+ answers in one session: {seconds:.2f} s, {size / 1024:,.0f} KB")
    print(f"peak memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
