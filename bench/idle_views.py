"""What the staff's open live views cost while nothing happens, and how fast a submission reaches them
(issue 16: an idle dashboard or projector ≤ 5 ms of server CPU per tick; a change on every open view
within ≤ 1 s median, ≤ 2 s p95).

    python -m bench.idle_views [--each 2] [--idle 60] [--trials 10]

Starts the real app (`bench.timed_server`, which logs the server time of every script run) on the
demo event and, signed in as an organiser in headless Chromium, opens `--each` pages of every staff
view that follows the room: the projector and the presenter console (showing the open session's
free-text question, whose slide counts its answers), Run sessions, Participation and Live results.
For each view alone it prints, over `--idle` quiet seconds: script runs per minute, the server's CPU
per second and per tick (a pulse ask, or a fragment run where no pulse route is served). Then, with
every view open at once, it submits `--trials` times through the service layer (`gapmap.responding`)
and prints how long each view took to show the new count: median and p95.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from bench.live_latency import ENV, chromium_path, cpu_seconds, demo_app, server_pid, summary

ORGANISER = ENV["GAPMAP_ORGANISER_PASSCODE"]
TEXT_QUESTION = "lab_10"  # the open demo session's long-text question: its slide counts the answers
VALUE = "[data-testid='stMetric'] [data-testid='stMetricValue']"
#: Per view: the sidebar link, what shows the page is drawn, and a JavaScript expression (with `SESSION`,
#: the open session's id) for the count it shows: the submissions, or the answers on the text slide.
VIEWS = {
    "projector": ("Projector", ".st-key-slide .gm-count",
                  "(/(\\d+) answers?,/.exec(document.querySelector('.st-key-slide .gm-count')?.textContent"
                  " || '') || [])[1]"),
    "presenter": ("Presenter console", ".st-key-preview .gm-count",
                  "(/(\\d+) answers?,/.exec(document.querySelector('.st-key-preview .gm-count')?.textContent"
                  " || '') || [])[1]"),
    "sessions": ("Run sessions", ".st-key-session-SESSION [data-testid='stCaptionContainer']",
                 "(/(\\d+) submitted/.exec(document.querySelector(\".st-key-session-SESSION "
                 "[data-testid='stCaptionContainer']\")?.textContent || '') || [])[1]"),
    "participation": ("Participation", "[data-testid='stDataFrame'] table",
                      "(/^(\\d+) of/.exec([...document.querySelectorAll(\"[data-testid='stDataFrame'] tr\")]"
                      ".filter(r => /^All countries/.test(r.textContent)).map(r => r.children[1]?.textContent)"
                      "[0] || '') || [])[1]"),
    "dashboard": ("Live results", VALUE, f"document.querySelector(\"{VALUE}\")?.textContent"),
}
#: How often each view asks (the pulse route's timer, or the fallback fragment's).
EVERY = 1.0


def count_js(view: str, session_id: int) -> str:
    return VIEWS[view][2].replace("SESSION", str(session_id))


def open_view(browser, base: str, view: str, session_id: int):
    """A new page signed in as the organiser, on `view`, drawn."""
    from tests.browser_support import IDLE

    link, ready, _ = VIEWS[view]
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    page.goto(base)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_text("Organiser", exact=True).click()
    page.locator(".st-key-sign-in-passcode input").fill(ORGANISER)
    page.locator(".st-key-sign-in-submit button").click()
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    page.wait_for_selector(ready.replace("SESSION", str(session_id)), state="attached", timeout=60_000)
    page.wait_for_function(f"() => ({count_js(view, session_id)}) != null", timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    return page


def text_slide(engine, event, session_id: int) -> int:
    """The index of the text question's slide in the projector's deck (as `ui.slides.session_deck`
    builds it, without Streamlit's caches)."""
    from gapmap.aggregation import Scope, session_results
    from gapmap.charts import figures_for
    from gapmap.positions import session_positions
    from gapmap.presenter import deck
    from gapmap.privacy import audience_for, visible, visible_states
    from gapmap.state_charts import state_figures_for

    audience = audience_for(event, role="organiser", projector=True)
    results = session_results(engine, session_id)
    view = visible(results, audience)
    states = visible_states(session_positions(engine, session_id, results, Scope(None, None)), audience) or {}
    figures = {q.id: state_figures_for(states[q.id], big=True) if q.id in states else figures_for(q, audience, big=True)
               for q in view.questions}
    return next(n for n, slide in enumerate(deck(view, figures))
                if slide.question_id == TEXT_QUESTION and slide.kind == "text")


def runs_logged(log) -> list[float]:
    return [float(line.split()[0]) for line in log.read_text().splitlines() if line.strip()]


def idle(view: str, pages: list, pid: int, log, seconds: float, baseline: float = 0.0) -> float:
    """Print what `pages` (all of one view) cost the server over `seconds` of quiet, and above
    `baseline` (the server's CPU in ms/s with as many start pages open); returns the CPU in ms/s."""
    time.sleep(3)  # the last page's first runs are over
    log.write_text("")
    started_cpu, started = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    cpu = (cpu_seconds(pid) - started_cpu) * 1000 / (elapsed := time.monotonic() - started)
    if not view:
        print(f"  {'start page':13s} ×{len(pages)}, {elapsed:.0f} s idle: server CPU {cpu:5.1f} ms/s (open pages that "
              "ask nothing: the baseline)")
        return cpu
    runs = runs_logged(log)
    ticks = max(len(runs), len(pages) * elapsed / EVERY, 1) / elapsed  # a pulse ask or a fragment run per page per s
    print(f"  {view:13s} ×{len(pages)}, {elapsed:.0f} s idle: {len(runs) * 60 / elapsed:6.1f} script runs/min "
          f"(server time p50 {statistics.median(runs) if runs else 0:4.1f} ms); server CPU {cpu:5.1f} ms/s, "
          f"{cpu / ticks:5.2f} ms per tick, {max(cpu - baseline, 0) / ticks:5.2f} above the baseline")
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--each", type=int, default=2, help="pages open per view")
    parser.add_argument("--idle", type=float, default=60, help="quiet seconds measured per view")
    parser.add_argument("--trials", type=int, default=10, help="submissions timed with every view open")
    args = parser.parse_args()
    chromium = chromium_path()
    if not chromium:
        return 1
    from gapmap import presenter, responding

    with demo_app(chromium) as (base, browser, warm, engine, event, session, log):
        country = event.countries[0]

        def submit(token: str) -> None:
            """One more delegate of `country` submits the same answers (after the first, the deck keeps its slides)."""
            delegate = responding.join(engine, event_id=event.id, country=country, sector="other")
            copy = responding.open_session(engine, delegate, session.id)
            responding.submit(engine, delegate, copy, {"lab_01": "dont_know",
                                                       TEXT_QUESTION: "Clearer guidance for labour inspectors."},
                              token=token)

        submit("bench-idle-first")
        presenter.show(engine, event.id, agenda_session_id=session.id, view="question",
                       slide_index=text_slide(engine, event, session.id), actor="bench")
        pid = server_pid()
        print(f"the open session '{session.title}' on every view; {args.each} page(s) per view, "
              f"each asking every {EVERY:.0f} s")

        print(f"each view alone, quiet for {args.idle:.0f} s:")
        quiet = [warm] + [browser.new_page() for _ in range(args.each - 1)]  # the start page: nothing to follow
        for page in quiet[1:]:
            page.goto(base)
            page.wait_for_selector(".st-key-join-code", timeout=60_000)
        baseline = idle("", quiet, pid, log, args.idle / 2)
        for page in quiet:
            page.context.close()
        for view in VIEWS:
            pages = [open_view(browser, base, view, session.id) for _ in range(args.each)]
            idle(view, pages, pid, log, args.idle, baseline)
            for page in pages:
                page.context.close()

        pages = {view: [open_view(browser, base, view, session.id) for _ in range(args.each)] for view in VIEWS}
        every = [page for opened in pages.values() for page in opened]
        idle("all at once", every, pid, log, args.idle / 2, baseline)

        rng = random.Random(16)
        delays: dict[str, list[float]] = {view: [] for view in VIEWS}
        for trial in range(args.trials):
            time.sleep(rng.uniform(1.5, 3.5))  # a random phase against the timers
            watched = {view: [] for view in VIEWS}
            for view, opened in pages.items():  # each page notes the moment it shows one more itself
                for page in opened:
                    before = page.evaluate(f"() => {count_js(view, session.id)}")
                    if before is None:
                        print(f"  trial {trial + 1}: a {view} page shows no count")
                        continue
                    before = int(before)
                    watched[view].append(page)
                    page.evaluate("""([count, expected]) => {
                        if (window.__watching) window.__watching.disconnect()
                        window.__shownAt = null
                        window.__watching = new MutationObserver(() => {
                          if (window.__shownAt === null && Number(eval(count)) >= expected) {
                            window.__shownAt = Date.now()
                          }
                        })
                        window.__watching.observe(document.body,
                                                  { childList: true, subtree: true, characterData: true })
                      }""", [count_js(view, session.id), before + 1])
            submit(f"bench-idle-{trial}")
            committed = time.time()
            deadline = time.monotonic() + 15
            for view, opened in watched.items():
                for page in opened:
                    while (at := page.evaluate("window.__shownAt")) is None and time.monotonic() < deadline:
                        time.sleep(0.05)
                    if at is None:
                        print(f"  trial {trial + 1}: a {view} page did not show it within 15 s")
                        continue
                    delays[view].append(max(0.0, at / 1000 - committed))
            print(f"  trial {trial + 1:2d}: " + "  ".join(
                f"{view} {max(delays[view][-len(opened):]) * 1000:5.0f} ms" for view, opened in watched.items()
                if opened and delays[view]))
        print("submit → the view shows the new count (every page of it):")
        for view, seen in delays.items():
            if seen:
                print(f"  {view:13s} {summary(seen)}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
