"""What delegates' open pages cost while nobody touches them, and how fast they follow the room.

    python -m bench.delegate_idle [--phones 1 10 30] [--idle 30]

Each delegate page (agenda, answer page) asks the server's pulse route every
`ui.session_watch.EVERY` seconds whether a session opened, closed or showed its results. This starts the real
app (`bench.timed_server`) on the demo event, opens N phones (headless Chromium, 390 × 844) on
the answer page of an open session, and prints the server's CPU per second and per ask while
they sit idle; then a facilitator closes the session and it prints how long each phone took to
show the closed banner (issue 13: within one refresh interval, without a touch).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench.live_latency import chromium_path, cpu_seconds, demo_app, server_pid, summary


def open_phone(browser, base: str, token: str, session_id: int):
    from tests.browser_support import IDLE

    page = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True).new_page()
    page.goto(f"{base}/answer?p={token}&s={session_id}")
    page.wait_for_selector(".st-key-submit", timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    return page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--idle", type=float, default=30, help="seconds of idle measured per phone count")
    args = parser.parse_args()
    chromium = chromium_path()
    if not chromium:
        return 1
    from gapmap import responding, room
    from ui.session_watch import EVERY

    with demo_app(chromium) as (base, browser, warm, engine, event, session, log):
        pid = server_pid()
        print(f"phones on the answer page of '{session.title}'; each asks every {EVERY} s")
        pages = []
        for phones in args.phones:
            while len(pages) < phones:
                delegate = responding.join(engine, event_id=event.id, country=event.countries[len(pages) % 12],
                                           sector="other")
                pages.append(open_phone(browser, base, delegate.token, session.id))
            time.sleep(EVERY + 1)  # the last page's first runs are over
            log.write_text("")
            started_cpu, started = cpu_seconds(pid), time.monotonic()
            time.sleep(args.idle)
            cpu = cpu_seconds(pid) - started_cpu
            elapsed = time.monotonic() - started
            runs = [float(ms) for ms, kind in (line.split()[:2] for line in log.read_text().splitlines())]
            asks = phones * elapsed / EVERY  # each phone asks the pulse route once per EVERY seconds
            print(f"idle, {phones:3d} phone{'s' if phones > 1 else ' '} open, {elapsed:.0f} s: server CPU "
                  f"{cpu * 1000 / elapsed:6.1f} ms/s; ~{asks / elapsed:4.1f} pulse asks/s, "
                  f"{cpu * 1000 / max(asks, 1):5.2f} ms CPU per ask; {len(runs)} script runs meanwhile")

        # Each page notes the moment the banner appears itself (a busy browser would delay a poll from here).
        for page in pages:
            page.evaluate("""() => { window.__bannerAt = null; new MutationObserver((_, seen) => {
                if (!document.querySelector('.st-key-closed-banner')) return
                window.__bannerAt = Date.now(); seen.disconnect()
              }).observe(document.body, { childList: true, subtree: true }) }""")
        log.write_text("")
        room.set_state(engine, session.id, "closed", actor="bench")
        closed = time.time()
        time.sleep(EVERY * 3)
        seen = [page.evaluate("window.__bannerAt") for page in pages]
        missing = sum(at is None for at in seen)
        if missing:
            print(f"{missing} phones did not show the banner within {EVERY * 3} s")
        seen = [at / 1000 - closed for at in seen if at is not None]
        print(f"session closed → banner on {len(seen)} phones: {summary(seen)}")
        runs = sorted(float(line.split()[0]) for line in log.read_text().splitlines())
        if runs:
            print(f"  the server redrew {len(runs)} pages: {sum(runs) / 1000:.1f} s of script time in all, "
                  f"p50 {statistics.median(runs):.0f} ms, max {runs[-1]:.0f} ms (the phones' browsers share "
                  "this machine's 2 cores: in a room each phone draws on its own)")
        room.set_state(engine, session.id, "open", actor="bench")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
