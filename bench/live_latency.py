"""Submit → the facilitator's open dashboard, without a click (issue 12 target: median ≤ 1 s,
p95 ≤ 2 s), and what an idle live view costs the server (issue 16 target: ≤ 5 ms of CPU per tick).

    python -m bench.live_latency [--trials 12] [--idle 30]

Starts the real app (`bench.timed_server`, which logs the server time of every script run) on
the demo event, opens Live results in headless Chromium signed in as a facilitator (the open
session on forced labour), and from this process joins delegates and submits through the
service layer (`gapmap.responding`). Prints, per trial, the time from the submission's commit
until the dashboard shows the new respondent count; then the server's CPU over an idle period
with 1 and with 5 dashboards open, per second and per tick (a fragment run), and what one
submission costs with 5 dashboards open.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

FOLDER = Path(tempfile.mkdtemp(prefix="gapmap-live-"))
FACILITATOR = "bench-facilitator"
ENV = dict(os.environ, DATABASE_URL=f"sqlite:///{FOLDER}/live.sqlite3", GAPMAP_FACILITATOR_PASSCODE=FACILITATOR,
           GAPMAP_ORGANISER_PASSCODE="bench-organiser")
VALUE = "[data-testid='stMetric'] [data-testid='stMetricValue']"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def server_pid() -> int:
    """The app server: this process's child running bench.timed_server."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().split(b"\0")
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if ppid == os.getpid() and b"bench.timed_server" in cmd:
                return int(entry.name)
    raise RuntimeError("the app server was not found")


def chromium_path() -> str | None:
    """Debian's chromium for the benchmarks that drive a browser (None, and says how to get it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        print("no chromium on PATH: apt-get install -y chromium")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def demo_app(chromium: str):
    """The real app (`bench.timed_server`, logging its script runs to FOLDER/runs.log) on the demo
    event, and headless Chromium: yields (base, browser, a first page on the start page, engine,
    the demo event, its open session, the run log)."""
    os.environ.update(ENV)
    from playwright.sync_api import sync_playwright

    from bench.timed_server import timed_app
    from db.engine import make_engine
    from gapmap.agenda import event_agenda, events
    from tests.browser_support import CHROMIUM_ARGS

    log = FOLDER / "runs.log"
    with timed_app(ENV, free_port(), log) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        warm = browser.new_page()
        warm.goto(base)  # the first page load migrates and seeds the demo
        warm.wait_for_selector(".st-key-join-code", timeout=60_000)
        engine = make_engine()
        event = next(e for e in events(engine) if e.code == "BKK2024")
        session = next(s for s in event_agenda(engine, event.id)[1] if s.state == "open")
        yield base, browser, warm, engine, event, session, log


def signed_in(browser, base: str, link: str, viewport: dict | None = None):
    """A new browser page signed in as the facilitator, on the sidebar page `link`."""
    from tests.browser_support import IDLE

    page = browser.new_context(viewport=viewport or {"width": 1440, "height": 900}).new_page()
    page.goto(base)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.locator(".st-key-sign-in-passcode input").fill(FACILITATOR)
    page.locator(".st-key-sign-in-submit button").click()
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    return page


def open_dashboard(browser, base: str):
    from tests.browser_support import IDLE

    page = signed_in(browser, base, "Live results")
    page.wait_for_selector(VALUE, timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    return page


def shown(page) -> int:
    return int(page.locator(VALUE).first.inner_text())


def summary(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"n={len(ordered)}  median {statistics.median(ordered) * 1000:5.0f} ms   p95 {p95 * 1000:5.0f} ms   "
            f"max {ordered[-1] * 1000:5.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--idle", type=float, default=30, help="seconds of idle measured per dashboard count")
    args = parser.parse_args()
    chromium = chromium_path()
    if not chromium:
        return 1
    os.environ.update(ENV)

    from playwright.sync_api import sync_playwright

    from bench.timed_server import timed_app
    from db.engine import make_engine
    from gapmap import responding
    from gapmap.agenda import event_agenda, events
    from tests.browser_support import CHROMIUM_ARGS, IDLE
    from ui.results import WATCH_SECONDS

    log = FOLDER / "runs.log"
    with timed_app(ENV, free_port(), log) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        first = open_dashboard(browser, base)  # the first page load also migrates and seeds the demo
        engine = make_engine()
        event = next(e for e in events(engine) if e.code == "BKK2024")
        session = next(s for s in event_agenda(engine, event.id)[1] if s.state == "open")  # the dashboard's default
        pid = server_pid()
        print(f"dashboard open on '{session.title}' ({shown(first)} respondents); "
              f"{args.trials} submissions from outside the browser")

        rng = random.Random(12)
        delays, drawn = [], []
        for trial in range(args.trials):
            time.sleep(rng.uniform(1.5, 3.5))  # a random phase against the refresh timers
            before = shown(first)
            delegate = responding.join(engine, event_id=event.id, country=rng.choice(event.countries), sector="other")
            copy = responding.open_session(engine, delegate, session.id)
            responding.submit(engine, delegate, copy, {"lab_01": "dont_know"}, token=f"bench-{trial}")
            committed = time.monotonic()
            first.wait_for_function(
                f"() => document.querySelector(\"{VALUE}\")?.innerText === '{before + 1}'", timeout=15_000)
            delays.append(time.monotonic() - committed)
            first.wait_for_selector(IDLE, timeout=15_000)  # the run that drew it has finished: charts too
            drawn.append(time.monotonic() - committed)
            print(f"  trial {trial + 1:2d}: count shown after {delays[-1] * 1000:5.0f} ms, "
                  f"charts redrawn after {drawn[-1] * 1000:5.0f} ms")
        print(f"submit → open dashboard shows the count: {summary(delays)}")
        print(f"submit → open dashboard has redrawn:     {summary(drawn)}")

        pages = [first]
        for viewers in (1, 5):
            while len(pages) < viewers:
                pages.append(open_dashboard(browser, base))
            time.sleep(3)  # the last page's first runs are over
            log.write_text("")
            started_cpu, started = cpu_seconds(pid), time.monotonic()
            time.sleep(args.idle)
            cpu = cpu_seconds(pid) - started_cpu
            elapsed = time.monotonic() - started
            runs = [float(ms) for ms, kind in (line.split()[:2] for line in log.read_text().splitlines())
                    if kind == "fragment"]
            # Under server.py each dashboard's browser asks the pulse route every WATCH_SECONDS (no
            # script run); under app.py a watcher fragment ticks instead (one logged run per tick).
            ticks = max(len(runs), viewers * elapsed / WATCH_SECONDS, 1)
            print(f"idle, {viewers} dashboard{'s' if viewers > 1 else ''} open, {elapsed:.0f} s: server CPU "
                  f"{cpu * 1000 / elapsed:6.1f} ms/s; {len(runs)} fragment runs ({len(runs) / elapsed:4.1f}/s), "
                  f"{cpu * 1000 / ticks:5.1f} ms CPU per tick or pulse ask; server time per fragment run p50 "
                  f"{statistics.median(runs) if runs else 0:5.1f} ms, max {max(runs, default=0):6.1f} ms")

        # one data change with 5 dashboards open: how many aggregations and heavy runs it causes
        log.write_text("")
        before = shown(first)
        delegate = responding.join(engine, event_id=event.id, country=event.countries[0], sector="other")
        copy = responding.open_session(engine, delegate, session.id)
        responding.submit(engine, delegate, copy, {"lab_01": "dont_know"}, token="bench-change")
        committed = time.monotonic()
        for page in pages:
            page.wait_for_function(
                f"() => document.querySelector(\"{VALUE}\")?.innerText === '{before + 1}'", timeout=15_000)
        reached = time.monotonic() - committed
        time.sleep(2)
        runs = sorted(float(ms) for ms, kind in (line.split()[:2] for line in log.read_text().splitlines())
                      if kind == "fragment")
        heavy = [ms for ms in runs if ms > 20]
        print(f"one submission, 5 dashboards: all showed it after {reached * 1000:.0f} ms; "
              f"{len(heavy)} results redraws (server time p50 {statistics.median(heavy) if heavy else 0:.0f} ms), "
              f"{len(runs) - len(heavy)} watcher ticks meanwhile")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
