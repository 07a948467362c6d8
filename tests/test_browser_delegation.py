"""In a real browser: three delegates of one State answer on their phones, a facilitator names the
head on the Participation page, the head sees the split on a phone and clears the position, and the
facilitator's open Live results move from "split" to the cleared position without a click."""
import sqlite3
from pathlib import Path

import pytest

from db.engine import make_engine
from db.migrate import upgrade
from tests.browser_support import (
    FACILITATOR,
    browser,
    choose,
    chromium_or_skip,
    join_event,
    running_app,
    sign_in,
    wait_idle,
)
from tests.factories import make_event

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/shots-d")
SPEC = {
    "key": "online_recruitment", "title": "Online recruitment", "theme": "technology",
    "questions": [
        {"id": "rec", "type": "single_choice", "text": "Does your law cover recruitment online?",
         "options": [{"id": "expressly", "label": "Covered expressly"}, {"id": "partly", "label": "Partly"},
                     {"id": "no", "label": "Not covered"}]},
        {"id": "yrs", "type": "number", "text": "Maximum penalty (years)", "min": 0, "max": 100},
    ],
}
DELEGATES = [("Prosecution", "Covered expressly"), ("Labour", "Partly"), ("Law enforcement", "Partly")]


@pytest.fixture(scope="module")
def chromium():
    return chromium_or_skip()


def prepared(tmp_path) -> dict:
    """The server's own SQLite file, migrated, with an open session of one event (no demo)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.sqlite3'}")
    upgrade(engine)
    ids = make_event(engine, code="HEADS24", countries=("THA", "KHM"), questionnaire=SPEC)
    engine.dispose()
    return ids


def join_and_answer(page, base, session_id, sector, answer):
    join_event(page, base, "HEADS24", sector=sector, tap=True)
    page.locator(f".st-key-answer-{session_id} button").tap()
    wait_idle(page)
    page.locator(".st-key-q-rec").get_by_text(answer, exact=True).tap()
    wait_idle(page)
    page.locator(".st-key-submit button").tap()
    wait_idle(page)
    assert page.get_by_text("Submitted.").first.is_visible()


def test_the_head_sees_the_split_on_a_phone_and_clears_the_position(chromium, tmp_path):
    ids = prepared(tmp_path)
    with running_app(tmp_path, GAPMAP_SEED_DEMO="0") as base, browser(chromium) as b:
        phones = [b.new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page() for _ in DELEGATES]
        for phone, (sector, answer) in zip(phones, DELEGATES):
            join_and_answer(phone, base, ids["session"], sector, answer)

        staff = b.new_context(viewport={"width": 1440, "height": 900}).new_page()
        sign_in(staff, base, "facilitator", FACILITATOR)
        staff.get_by_role("link", name="Participation").click()
        wait_idle(staff)
        choose(staff, f"head-{ids['event']}-THA", "Delegate 1 · Prosecution")
        assert staff.get_by_text("Delegate 1 · Prosecution is now head of the delegation of Thailand.").is_visible()

        # the facilitator's Live results, open on the session (By State): one delegation, split
        staff.get_by_role("link", name="Live results").click()
        wait_idle(staff)
        result = staff.locator(".st-key-result-rec")
        result.get_by_text("1 delegation was split.").wait_for(timeout=15_000)
        result.get_by_text("Partly (0)").wait_for(timeout=15_000)  # the legend counts States per answer

        head = phones[0]
        head.locator(".st-key-back button").tap()  # from the answer page back to the agenda
        wait_idle(head)
        head.locator(".st-key-delegation-view button").tap()
        wait_idle(head)
        question = head.locator(".st-key-position-rec")
        assert question.get_by_text("Split").is_visible()
        assert question.get_by_text("Covered expressly 1 · Partly 2").is_visible()
        assert head.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        head.screenshot(path=str(SHOTS / "delegation-split.png"), full_page=True)

        question.locator("[role=radiogroup]").get_by_text("Partly", exact=True).tap()
        question.locator("input[type=text]").fill("Penal Code s. 312/1")
        question.locator(f".st-key-clear-button-{ids['session']}-rec button").tap()
        wait_idle(head)
        assert question.get_by_text("Cleared: your State's position is saved.").is_visible()
        assert question.get_by_text("Note: Penal Code s. 312/1").is_visible()
        head.screenshot(path=str(SHOTS / "delegation-cleared.png"), full_page=True)

        # without a click, the dashboard's next refresh counts the cleared position, not a split
        result.get_by_text("No delegation was split.").wait_for(timeout=15_000)
        result.get_by_text("Partly (1)").wait_for(timeout=15_000)

    with sqlite3.connect(tmp_path / "browser.sqlite3") as db:
        assert db.execute("SELECT country, question_id, item, position, note FROM cleared_position").fetchall() == [
            ("THA", "rec", "", "partly", "Penal Code s. 312/1")]
        assert db.execute("SELECT actor FROM audit_log WHERE action = 'head_named'").fetchall() == [("facilitator",)]
