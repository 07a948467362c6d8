"""A projector left open all day: does the server's memory grow? (issue 12: an 8-hour projector
may cost no more than a few MB).

    python -m bench.projector_soak [--minutes 10] [--sample 30]

Starts the real app on the demo event, opens the Projector in headless Chromium signed in as a
facilitator, and for `--minutes` keeps the room busy the way a workshop does: the slide moves every
5 s (as the presenter console does), a delegate submits every 20 s (the live views redraw), and the
join screen is shown once a minute. Samples the server's resident memory (VmRSS) every `--sample`
seconds after a 2-minute warm-up, fits a line through the samples and prints the growth per hour
and what it would be after 8 hours. The warm-up is excluded: caches and the first figures fill it.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from bench.live_latency import ENV, FOLDER, chromium_path, free_port, server_pid, signed_in

WARM_UP = 120


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def slope_per_hour(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB), in MB per hour."""
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_m = sum(m for _, m in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples) or 1.0
    return sum((t - mean_t) * (m - mean_m) for t, m in samples) / var * 3600


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--sample", type=float, default=30)
    parser.add_argument("--no-submissions", action="store_true",
                        help="only move slides: memory that grows then is not the data growing")
    args = parser.parse_args()
    chromium = chromium_path()
    if not chromium:
        return 1
    import os

    os.environ.update(ENV)
    from playwright.sync_api import sync_playwright

    from bench.timed_server import timed_app
    from db.engine import make_engine
    from gapmap import presenter, responding
    from gapmap.agenda import event_agenda, events
    from tests.browser_support import CHROMIUM_ARGS, IDLE

    with timed_app(ENV, free_port(), FOLDER / "runs.log") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = signed_in(browser, base, "Projector", {"width": 1920, "height": 1080})
        page.wait_for_selector(IDLE, timeout=60_000)
        engine = make_engine()
        event = next(e for e in events(engine) if e.code == "BKK2024")
        session = next(s for s in event_agenda(engine, event.id)[1] if s.state == "open")
        presenter.show(engine, event.id, agenda_session_id=session.id, actor="facilitator")
        pid = server_pid()
        rng = random.Random(8)
        started = time.monotonic()
        samples: list[tuple[float, float]] = []
        next_sample = WARM_UP
        submitted = 0
        print(f"projector open on '{session.title}'; {args.minutes:g} minutes, memory sampled every "
              f"{args.sample:g} s after a {WARM_UP} s warm-up (server RSS at start {rss_mb(pid):.1f} MB)")
        while (elapsed := time.monotonic() - started) < args.minutes * 60:
            tick = int(elapsed)
            if tick % 60 == 30:
                presenter.show(engine, event.id, view="join", actor="facilitator")
            else:
                presenter.step(engine, event.id, 1, count=40, actor="facilitator")
            if tick % 20 < 5 and not args.no_submissions:
                delegate = responding.join(engine, event_id=event.id, country=rng.choice(event.countries),
                                           sector="other")
                copy = responding.open_session(engine, delegate, session.id)
                responding.submit(engine, delegate, copy, {"lab_01": "dont_know"}, token=f"soak-{submitted}")
                submitted += 1
            if elapsed >= next_sample:
                samples.append((elapsed, rss_mb(pid)))
                print(f"  {elapsed / 60:5.1f} min: server RSS {samples[-1][1]:7.1f} MB")
                next_sample += args.sample
            time.sleep(5)
        browser.close()
    if len(samples) < 3:
        print("too short to fit a line: use --minutes 5 or more")
        return 1
    per_hour = slope_per_hour(samples)
    later = slope_per_hour(samples[len(samples) // 2:])  # once every cache holds its one version
    print(f"{submitted} submissions, {len(samples)} samples; RSS {samples[0][1]:.1f} -> {samples[-1][1]:.1f} MB "
          f"after warm-up; growth over all samples {per_hour:+.1f} MB/hour, over the second half "
          f"{later:+.1f} MB/hour (about {later * 8:+.1f} MB over 8 hours)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
