"""The staff's live views follow the room through the server's pulse routes (`ui.pulse_routes`), with
no script run while nothing changes: each route answers a fingerprint that moves exactly when its
view's data does (a slide moves, a delegate joins, a response is submitted), the same fingerprint the
page computes from what it drew, and 404 for an id that names nothing; an open projector follows the
presenter console's slide and a new submission without a reload, and sits idle in between.

One real server (`streamlit run server.py`) for the module; the browser test drives Debian's chromium."""
from __future__ import annotations

import json
import re
import time
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

from db.engine import make_engine
from gapmap import presenter
from gapmap.aggregation import data_version
from gapmap.participation import board_fingerprint, session_counts
from tests.browser_support import FACILITATOR, IDLE, browser, chromium_or_skip, running_app, sign_in, wait_idle
from tests.factories import answer, make_event, make_participants
from ui.pulse import fingerprint
from ui.pulse_routes import PARTICIPATION, SCREEN, SESSIONS, SHARED_SECONDS, screen_state

pytestmark = pytest.mark.browser  # one server per module, with the other server-starting tests

HEAD = ".st-key-slide .gm-head span:last-child"
COUNT = ".st-key-slide .gm-count"
#: What a script run looks like from the page: Streamlit marks the app running while it draws.
RUNS_JS = """() => new Promise(done => {
  const app = document.querySelector("[data-testid='stApp']")
  let runs = 0
  const seen = new MutationObserver(() => { if (app.dataset.testScriptState === 'running') runs += 1 })
  seen.observe(app, { attributes: true, attributeFilter: ['data-test-script-state'] })
  setTimeout(() => { seen.disconnect(); done(runs) }, 4000)
})"""


def text_answer(engine, ids, text: str, country: str = "THA") -> None:
    answer(engine, ids, {"q1": "a", "q2": text}, country=country)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pulse")
    with running_app(folder, GAPMAP_SEED_DEMO="0") as base:
        engine = make_engine(f"sqlite:///{folder / 'browser.sqlite3'}")  # migrated by the server's start
        ids = make_event(engine, code="PULSE24")
        for n, country in enumerate(("THA", "KHM", "THA")):  # k respondents: the projector shows their answers
            text_answer(engine, ids, f"Answer number {'one two three'.split()[n]}", country)
        yield base, engine, ids
        engine.dispose()


def ask(base: str, route: str, key: int) -> tuple[int, str | None]:
    """(status, fingerprint) of a pulse route, as a page's browser asks it."""
    try:
        with urlopen(f"{base}/{route}/{key}", timeout=10) as answered:
            assert answered.headers["Cache-Control"] == "no-store"
            return answered.status, json.load(answered)["v"]
    except HTTPError as refused:
        return refused.code, json.load(refused)["v"]


def settled() -> None:
    """Long enough for the shared reads to be of the data as it is now."""
    time.sleep(SHARED_SECONDS + 0.3)


def test_each_staff_route_answers_what_its_page_drew_and_moves_only_with_its_data(app):
    base, engine, ids = app
    event = ids["event"]
    routes = (SCREEN, SESSIONS, PARTICIPATION)

    def answers() -> dict[str, str]:
        found = {route: ask(base, route, event) for route in routes}
        assert {status for status, _ in found.values()} == {200}, found
        return {route: v for route, (_, v) in found.items()}

    def drawn() -> dict[str, str]:
        """What each page computes from what it drew (the routes must agree, or pages would rerun forever)."""
        showing = presenter.current(engine, event)
        return {SCREEN: fingerprint(screen_state(showing, data_version(engine, showing.agenda_session_id))),
                SESSIONS: fingerprint(session_counts(engine, event)),
                PARTICIPATION: fingerprint(board_fingerprint(engine, event))}

    settled()
    before = answers()
    assert before == drawn()
    assert all(re.fullmatch(r"[0-9a-f]{16}", v) for v in before.values())  # opaque: nothing readable
    settled()
    assert answers() == before  # nothing changed: the same answers

    presenter.show(engine, event, agenda_session_id=ids["session"], view="question", slide_index=1,
                   actor="facilitator")  # the presenter moves a slide: the screen only
    settled()
    moved = answers()
    assert moved[SCREEN] != before[SCREEN] and moved == drawn()
    assert (moved[SESSIONS], moved[PARTICIPATION]) == (before[SESSIONS], before[PARTICIPATION])

    make_participants(engine, event, 1, country="THA")  # a delegate joins: the board only
    settled()
    joined = answers()
    assert joined[PARTICIPATION] != moved[PARTICIPATION] and joined == drawn()
    assert (joined[SCREEN], joined[SESSIONS]) == (moved[SCREEN], moved[SESSIONS])

    text_answer(engine, ids, "Answer number four")  # a submission: every view
    settled()
    submitted = answers()
    assert all(submitted[route] != joined[route] for route in routes), (joined, submitted)
    assert submitted == drawn()
    settled()
    assert answers() == submitted


def test_an_id_that_names_nothing_is_not_found(app):
    base, engine, ids = app
    for route in (SCREEN, SESSIONS, PARTICIPATION, "pulse/event"):
        for key in (ids["event"] + 1000, 0, 2**31, 10**30):
            assert ask(base, route, key) == (404, None), (route, key)
        assert ask(base, route, ids["event"])[0] == 200
    assert ask(base, "pulse/results", ids["session"] + 1000) == (404, None)
    assert ask(base, "pulse/results", ids["session"])[0] == 200


def test_an_open_projector_follows_the_console_and_new_answers_and_sits_idle_between(app):
    chromium = chromium_or_skip()
    base, engine, ids = app
    presenter.show(engine, ids["event"], agenda_session_id=ids["session"], view="question", slide_index=0,
                   actor="facilitator")
    with browser(chromium) as b:
        projector = b.new_context(viewport={"width": 1280, "height": 720}).new_page()
        sign_in(projector, base, "facilitator", FACILITATOR)
        projector.get_by_role("link", name="Projector").click()
        expect(projector.locator(HEAD)).to_have_text(re.compile(r"\s1/\d+$"), timeout=15_000)
        console = b.new_context(viewport={"width": 1440, "height": 900}).new_page()
        sign_in(console, base, "facilitator", FACILITATOR)
        console.get_by_role("link", name="Presenter console").click()
        wait_idle(console)

        console.get_by_role("button", name="Next", exact=True).click()  # the text question's slide
        expect(projector.locator(HEAD)).to_have_text(re.compile(r"\s2/\d+$"), timeout=15_000)
        shown = int(re.search(r"(\d+) answers", projector.locator(COUNT).inner_text()).group(1))

        projector.wait_for_selector(IDLE)
        projector.wait_for_timeout(2_000)  # the last change's pulse has been answered
        assert projector.evaluate(RUNS_JS) == 0  # idle: the browser asks, the server runs no script

        text_answer(engine, ids, "Answer number five", country="KHM")
        expect(projector.locator(COUNT)).to_have_text(re.compile(rf"^{shown + 1} answers"), timeout=15_000)
        expect(projector.locator(".st-key-slide .gm-card").first).to_have_text("Answer number five")
        expect(console.locator(".st-key-preview .gm-count")).to_have_text(re.compile(rf"^{shown + 1} answers"),
                                                                         timeout=15_000)


#: The moments (ms, the page's clock) the live results' first metric changed its text.
CHANGES_JS = """() => {
  window.__changes = []
  const watch = () => {
    const value = document.querySelector("[data-testid='stMetricValue']")
    if (value && value.textContent !== window.__last) {
      window.__last = value.textContent
      window.__changes.push(Date.now())
    }
  }
  window.__last = document.querySelector("[data-testid='stMetricValue']").textContent
  new MutationObserver(watch).observe(document.body, { subtree: true, childList: true, characterData: true })
}"""


def test_live_results_redraw_at_once_after_a_quiet_spell_then_at_most_once_per_calm(app):
    """While answers pour in, a dashboard redraws every REDRAW_CALM_SECONDS with all that is new,
    not after each one (20 dashboards redrawing after every submission cost more than a core)."""
    from ui.results import REDRAW_CALM_SECONDS

    chromium = chromium_or_skip()
    base, engine, ids = app
    with browser(chromium) as b:
        page = b.new_context(viewport={"width": 1440, "height": 900}).new_page()
        sign_in(page, base, "facilitator", FACILITATOR)
        page.get_by_role("link", name="Live results").click()
        respondents = page.locator("[data-testid='stMetricValue']").first
        expect(respondents).to_have_text(re.compile(r"^\d+$"), timeout=15_000)
        page.wait_for_timeout(REDRAW_CALM_SECONDS * 1000)  # a quiet spell: no calm left from the first drawing
        before = int(respondents.inner_text())
        page.evaluate(CHANGES_JS)
        text_answer(engine, ids, "A first new answer", country="KHM")
        expect(respondents).to_have_text(str(before + 1), timeout=15_000)  # at once (within an ask)
        text_answer(engine, ids, "A second new answer", country="THA")
        expect(respondents).to_have_text(str(before + 2), timeout=15_000)  # … the next one after the calm
        first, second = page.evaluate("() => window.__changes")[:2]
    # A view waits at least 0.75 × the calm (its spread); the two redraws' own drawing may differ a little.
    assert second - first >= 0.75 * REDRAW_CALM_SECONDS * 1000 - 750, (first, second)
