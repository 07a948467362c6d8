"""State findings for a session with 100,000 answers from 12 States, against the respondent
aggregation on the same data, in the same run (issue 11 target: at most 2x its time).

    python -m bench.state_results [--answers 100000] [--runs 10] [--questionnaire definitions]

Seeds one agenda session (by default the definitions questionnaire: the Palermo checklist matrix,
single and multiple choice, about 60 answer rows per response) until the database holds the
requested number of answers; a head of delegation clears a position for 3 States. Then prints the
respondent aggregation (`session_results`), the State findings on top of it (`session_positions`:
the States present, cleared positions and gap profiles read in SQL, positions from the per-country
counts), their ratio, and the cost of the privacy view of the State findings.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bench.seeding import seed_answers
from db.engine import make_engine, read_session, write_session
from db.migrate import upgrade
from db.models import Answer, ClearedPosition
from gapmap.aggregation import session_results
from gapmap.positions import counts_by, session_positions
from gapmap.privacy import Audience, visible_states
from gapmap.reference import bangkok_2024_states


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--questionnaire", default="definitions")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gapmap-bench-"))
    engine = make_engine(f"sqlite:///{folder}/bench.sqlite3")
    upgrade(engine)
    started = time.perf_counter()
    ids = seed_answers(engine, args.answers, questionnaire_key=args.questionnaire)
    session_id = ids["session"]
    with read_session(engine) as db:
        answers = db.execute(select(func.count()).select_from(Answer)).scalar_one()
    results = session_results(engine, session_id)
    state_questions = [q for q in results.questionnaire.questions if counts_by(q) == "state"]
    matrix = next((q for q in state_questions if q.type == "matrix"), None)
    if matrix is not None:
        with write_session(engine) as db:
            for country in bangkok_2024_states()[:3]:
                db.add(ClearedPosition(agenda_session_id=session_id, country=country, question_id=matrix.id,
                                       item=matrix.rows[0].id, position=matrix.scale[0].id, note="bench"))
    print(f"seeded {answers:,} answers from {len(bangkok_2024_states())} States in "
          f"{time.perf_counter() - started:.1f} s ({args.questionnaire}: {len(results.questions)} questions, "
          f"{len(state_questions)} counted by State)")

    respondent = timed(lambda: session_results(engine, session_id), args.runs)
    with_states = timed(lambda: session_positions(engine, session_id, session_results(engine, session_id)),
                        args.runs)
    found = session_positions(engine, session_id, results)
    states_only = timed(lambda: session_positions(engine, session_id, results), args.runs)
    privacy = timed(lambda: visible_states(found, Audience(k=3, name_countries=True)), args.runs)
    r, s = statistics.median(respondent), statistics.median(with_states)
    print(f"respondent aggregation (session_results):        p50 {r:7.1f} ms   max {max(respondent):7.1f} ms")
    print(f"aggregation + State findings (session_positions): p50 {s:7.1f} ms   max {max(with_states):7.1f} ms")
    print(f"  of which the State findings alone:               p50 {statistics.median(states_only):7.1f} ms")
    print(f"  privacy view of the State findings:              p50 {statistics.median(privacy):7.1f} ms")
    print(f"ratio (aggregation + States) / aggregation: {s / r:.2f}x (target <= 2x)")
    findings = sum(len(f.findings) + len(f.gaps) for f in found.values())
    print(f"{findings} findings over {len(found)} state questions")
    return 0 if s / r <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
