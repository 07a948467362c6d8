"""State findings for a session with 100,000 answers from 12 States, against the respondent
aggregation on the same data, in the same run (issue 11 target: at most 2x its time).

    python -m bench.state_results [--answers 100000] [--runs 10] [--questionnaire definitions]

Seeds one agenda session (by default the definitions questionnaire: the Palermo checklist matrix,
single and multiple choice, about 60 answer rows per response) until the database holds the
requested number of answers; a head of delegation clears a position for 3 States. Then prints the
respondent aggregation (`session_results`), the State findings on top of it (`session_positions`:
the States present, cleared positions and gap profiles read in SQL, positions from the per-country
counts), their ratio, the cost of the privacy view of the State findings, and how many State
computations 20 dashboards cause through the app's shared cache while positions are cleared.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bench.seeding import seed_answers
from bench.timing import timed
from db.engine import make_engine, read_session, write_session
from db.migrate import upgrade
from db.models import Answer, ClearedPosition
from gapmap.aggregation import session_results
from gapmap.positions import counts_by, session_positions
from gapmap.privacy import Audience, visible_states
from gapmap.reference import bangkok_2024_states


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
    computed = shared_viewers(engine, session_id)
    print(f"20 live viewers by State, 3 data changes: {computed} State computations (at most 1 per change)")
    return 0 if s / r <= 2 and computed <= 3 else 1


def shared_viewers(engine, session_id: int, viewers: int = 20, changes: int = 3) -> int:
    """How often `session_positions` runs when 20 dashboards read the State findings through the
    app's shared cache (`ui.results.visible_positions`) while a head clears a position 3 times."""
    import os
    import threading

    os.environ["DATABASE_URL"] = str(engine.url)
    import ui.results as shared
    from ui import resources

    resources.engine.clear()
    calls = []
    original = shared.session_positions

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    shared.session_positions = counting
    audience = Audience(k=3, name_countries=True)
    for change in range(changes):
        with write_session(engine) as db:  # a head clears (or changes) a position: the data changed
            db.add(ClearedPosition(agenda_session_id=session_id, country="MDV", question_id=f"bench-{change}",
                                   position="x"))
        barrier = threading.Barrier(viewers)

        def dashboard() -> None:
            barrier.wait()
            shared.visible_positions(session_id, audience)

        threads = [threading.Thread(target=dashboard) for _ in range(viewers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(shared.REFRESH_SECONDS)  # the next refresh interval
    shared.session_positions = original
    return len(calls)


if __name__ == "__main__":
    raise SystemExit(main())
