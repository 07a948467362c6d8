"""Server time of a delegate's page rerun: one widget change on a 40-question questionnaire with
a saved draft (issue 3 target: under 50 ms on this machine).

    python -m bench.delegate_rerun [--changes 40]

Starts the real app (bench.timed_server logs the server time of every script run), opens the
answer page in headless chromium, then changes one answer again and again. Prints the server time
of those reruns (each question is a fragment, so a change reruns that question and saves the
draft) and of full page runs (opening the page, submitting).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.timed_server import timed_app
from db.engine import make_engine
from db.migrate import upgrade
from gapmap import responding
from gapmap.demo import synthetic_values
from questionnaires.loader import load_builtin, validate
from tests.browser_support import CHROMIUM_ARGS, IDLE
from tests.factories import make_event


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(len(ordered) * p)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="gapmap-bench-"))
    url = f"sqlite:///{folder}/bench.sqlite3"
    engine = make_engine(url)
    upgrade(engine)
    pool = [q for qn in load_builtin() if qn.key in ("technology", "forced_labour", "prosecution", "data")
            for q in qn.questions]
    spec = {"key": "bench40", "title": "Forty questions", "theme": "other",
            "questions": [q.model_dump(mode="json") for q in pool[:40]]}
    questionnaire = validate(spec)
    ids = make_event(engine, code="BENCH40", questionnaire=spec)
    participant = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    copy = responding.open_session(engine, participant, ids["session"])
    responding.keep_draft(engine, participant, copy, synthetic_values(questionnaire, "THA", random.Random(1)))
    radio = next(q for q in questionnaire.questions if q.type == "single_choice")

    log = folder / "runs.log"
    env = dict(os.environ, DATABASE_URL=url, GAPMAP_SEED_DEMO="0",
               GAPMAP_FACILITATOR_PASSCODE="bench-facilitator", GAPMAP_ORGANISER_PASSCODE="bench-organiser")
    with timed_app(env, args.port, log) as base:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            # The first run after a server start goes through Streamlit's legacy pages/ shim, which
            # reports a deep link as "page not found" (once per server); warm it up first.
            page.goto(base)
            page.wait_for_selector(IDLE, timeout=60_000)
            page.goto(f"{base}/answer?p={participant.token}&s={ids['session']}")
            page.wait_for_selector(IDLE, timeout=60_000)
            page.wait_for_selector(f".st-key-q-{radio.id}", timeout=60_000)
            log.write_text("")  # only the runs from here on
            labels = [o.label for o in radio.options]
            for n in range(args.changes):
                before = len(log.read_text().splitlines())
                page.locator(f".st-key-q-{radio.id}").get_by_text(labels[n % len(labels)], exact=True).click()
                deadline = time.monotonic() + 10
                while len(log.read_text().splitlines()) == before and time.monotonic() < deadline:
                    time.sleep(0.02)
                page.wait_for_selector(IDLE)
            page.reload()
            page.wait_for_selector(f".st-key-q-{radio.id}", timeout=60_000)
            page.wait_for_selector(IDLE)
            time.sleep(0.5)
            browser.close()

    runs = [line.split()[:2] for line in log.read_text().splitlines()]
    fragment = [float(ms) for ms, kind in runs if kind == "fragment"]
    full = [float(ms) for ms, kind in runs if kind == "full"]
    print(f"40 questions, saved draft, phone-size chromium; {args.changes} answer changes, then a reload")
    if fragment:
        print(f"answer change (question fragment + draft save): n={len(fragment)}"
              f"  p50 {statistics.median(fragment):6.1f} ms"
              f"  p95 {percentile(fragment, 0.95):6.1f} ms  max {max(fragment):6.1f} ms")
    if full:
        print(f"full page run (open / reload):                   n={len(full)}  p50 {statistics.median(full):6.1f} ms"
              f"  max {max(full):6.1f} ms")
    return 0 if fragment else 1


if __name__ == "__main__":
    sys.exit(main())
