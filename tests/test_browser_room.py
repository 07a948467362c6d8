"""In a real browser at 1440×900, the facilitators' room: the participation board shows the open
sessions first and whole; Run sessions takes in a submission by itself and says, before closing,
how many drafts are still open. One server for the module."""
import sqlite3

import pytest

from db.engine import make_engine
from gapmap import responding
from tests.browser_support import FACILITATOR, browser, chromium_or_skip, running_app, sign_in, wait_idle

pytestmark = pytest.mark.browser

SCREEN = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """(base URL, database file, browser) with the demo event, shared by this module's tests."""
    chromium = chromium_or_skip()
    folder = tmp_path_factory.mktemp("room")
    with running_app(folder) as base, browser(chromium) as b:
        yield base, folder / "browser.sqlite3", b


@pytest.fixture
def staff(room):
    """A facilitator's page at 1440×900, signed in (the first page load also seeds the demo)."""
    base, _, b = room
    context = b.new_context(viewport=SCREEN)
    page = context.new_page()
    sign_in(page, base, "facilitator", FACILITATOR)
    yield page
    context.close()


def open_page(page, name):
    page.get_by_role("link", name=name).click()
    wait_idle(page)


def query(db, sql, *args):
    with sqlite3.connect(db) as c:
        return c.execute(sql, args).fetchall()


def first_open_session(db):
    """(id, title, event id) of the demo's first open session, the one the pages open on."""
    return query(db, "SELECT s.id, s.title, s.event_id FROM agenda_session s WHERE s.state = 'open' "
                     "ORDER BY s.day, s.position LIMIT 1")[0]


def test_the_participation_board_shows_the_open_sessions_first_and_whole(room, staff):
    _, db, _ = room
    open_page(staff, "Participation")
    grid = staff.locator("[data-testid='stDataFrame']")
    box = grid.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= SCREEN["width"]
    assert box["y"] + box["height"] <= SCREEN["height"]  # 12 States and the totals, no scrolling down
    assert staff.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]
    # The grid draws on a canvas; its accessible table names the columns it has drawn, left to right.
    header = grid.locator("[role=columnheader]")
    header.nth(5).wait_for(state="attached")
    headers = header.all_inner_texts()
    open_titles = [f"● D{day}.{position} {title}" for day, position, title in query(
        db, "SELECT day, position, title FROM agenda_session WHERE state = 'open' ORDER BY day, position")]
    assert headers[:len(open_titles) + 1] == ["Country · joined", *open_titles]  # the open sessions first
    # a closed session is drawn after them, so the pinned open columns lie whole inside the grid
    assert headers[len(open_titles) + 1].startswith("■ D1.4")  # the latest closed first; the past scrolls


def test_run_sessions_takes_in_a_submission_without_a_click(room, staff):
    _, db, _ = room
    open_page(staff, "Run sessions")
    session_id, _, event_id = first_open_session(db)
    (submitted,), = query(db, "SELECT COUNT(*) FROM response WHERE agenda_session_id = ? AND status = 'submitted'",
                          session_id)
    card = staff.locator(f".st-key-session-{session_id}")
    assert card.get_by_text(f"{submitted} submitted", exact=False).is_visible()

    engine = make_engine(f"sqlite:///{db}")
    delegate = responding.join(engine, event_id=event_id, country="THA", sector="other")
    copy = responding.open_session(engine, delegate, session_id)
    responding.submit(engine, delegate, copy, {"lab_01": "dont_know"}, token="room-browser-1")
    engine.dispose()

    # no click: the watcher sees the new count and redraws the list
    card.get_by_text(f"{submitted + 1} submitted", exact=False).wait_for(timeout=10_000)


def test_closing_asks_and_says_how_many_drafts_are_still_open(room, staff):
    _, db, _ = room
    open_page(staff, "Run sessions")
    session_id, title, event_id = first_open_session(db)
    (drafts,), = query(db, "SELECT COUNT(*) FROM response WHERE agenda_session_id = ? AND status = 'draft'",
                       session_id)
    assert drafts > 1  # the demo leaves about one delegate in five on a draft
    staff.locator(f".st-key-session-{session_id}").get_by_role("button", name="Close").click()
    popover = staff.locator("[data-testid='stPopoverBody']")
    popover.get_by_text(f"{drafts} delegates still have a draft open").wait_for(timeout=5_000)
    assert title in popover.inner_text()
    assert popover.get_by_text("each is kept as a late draft").is_visible()

    engine = make_engine(f"sqlite:///{db}")  # meanwhile, one more delegate starts typing
    delegate = responding.join(engine, event_id=event_id, country="KHM", sector="other")
    responding.keep_draft(engine, delegate, responding.open_session(engine, delegate, session_id),
                          {"lab_01": "dont_know"})
    engine.dispose()
    popover.get_by_text(f"{drafts + 1} delegates still have a draft open").wait_for(timeout=10_000)
    popover.get_by_role("button", name="Close the session").click()
    wait_idle(staff)
    assert query(db, "SELECT state FROM agenda_session WHERE id = ?", session_id) == [("closed",)]
