"""A delegate's phone (390 × 844, touch) in a real browser: the agenda opens at its top with the
open sessions first and says where the delegate stands; Submit refuses an empty questionnaire and
brings the first missing answer into view. Screenshots go to /tmp/phone-shots/ for a human look."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.browser_support import browser, chromium_or_skip, join_event, running_app, wait_idle
from tests.test_browser import PHONE, join_by_link

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/phone-shots")
MAIN = "[data-testid='stMain']"
REQUIRED_CODE = "REQ2024"
REQUIRED_QUESTION = "Does national law criminalise recruitment into scam centres?"
#: A long page: the required questions sit far above the Submit button.
REQUIRED_SPEC = {
    "key": "required_phone", "title": "Required on a phone", "theme": "other",
    "questions": [
        {"id": "first", "type": "long_text", "text": "Anything to add before we start?"},
        {"id": "law", "type": "single_choice", "text": REQUIRED_QUESTION, "required": True,
         "options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"},
                     {"id": "dk", "label": "Don't know"}]},
        *({"id": f"note{n}", "type": "long_text", "text": f"Note {n} on practice"} for n in range(1, 7)),
        {"id": "lawyers", "type": "single_choice", "text": "Is legal aid available?", "required": True,
         "options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]},
        {"id": "last", "type": "long_text", "text": "Last words"},
    ],
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One server for the module, with the demo event and a small event whose questions are required."""
    from db.engine import make_engine
    from tests.factories import make_event

    chromium = chromium_or_skip()
    folder = tmp_path_factory.mktemp("phone")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with running_app(folder) as base, browser(chromium) as b:
        engine = make_engine(f"sqlite:///{folder / 'browser.sqlite3'}")  # migrated by the server's start
        make_event(engine, code=REQUIRED_CODE, questionnaire=REQUIRED_SPEC)
        engine.dispose()
        yield base, b, folder


def phone(b):
    return b.new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()


def scroll_top(page) -> float:
    return page.evaluate(f"document.querySelector(\"{MAIN}\").scrollTop")


def in_viewport(locator) -> bool:
    """The element's top is on the screen (below Streamlit's header) and it is not above it."""
    box = locator.bounding_box()
    return box is not None and 40 <= box["y"] < PHONE["height"] - 40


def card(page, session_id):
    return page.locator(f".st-key-agenda-{session_id}")


def submitted_count(folder, token) -> int:
    with sqlite3.connect(folder / "browser.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM response r JOIN participant p ON p.id = r.participant_id "
                          "WHERE p.token = ? AND r.status = 'submitted'", (token,)).fetchone()[0]


def token_of(page) -> str:
    return page.url.split("p=")[1].split("&")[0]


def test_the_agenda_opens_at_the_top_with_the_open_sessions_first_and_says_where_i_stand(app):
    base, b, _ = app
    page = phone(b)
    join_by_link(page, base)  # the join form was scrolled ~850 px down when Start was tapped
    page.wait_for_function(f"() => document.querySelector(\"{MAIN}\").scrollTop === 0", timeout=3_000)
    assert scroll_top(page) == 0
    cards = page.locator("[class*='st-key-agenda-']")
    assert cards.first.get_attribute("class").split("st-key-agenda-")[1].split()[0] == "5"  # open, day 2
    assert in_viewport(page.get_by_role("heading", name="Open now"))
    assert in_viewport(card(page, 5).get_by_role("button", name="Start answering"))
    assert card(page, 5).get_by_text("Not started").is_visible()
    headings = page.locator("h4").all_inner_texts()
    assert [h for h in headings if h in ("Open now", "Coming later", "Closed")] == ["Open now", "Closed"]
    assert card(page, 1).get_by_role("button").count() == 0  # closed, nothing of mine to view
    assert page.get_by_text("Times are in Bangkok time (UTC+07:00).").count() == 1  # the demo is in Bangkok
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=SHOTS / "agenda.png")

    card(page, 5).get_by_role("button", name="Start answering").click()
    wait_idle(page)
    page.locator(".st-key-q-lab_01").get_by_text("Don't know", exact=True).click()
    wait_idle(page)
    page.locator(".st-key-back button").click()
    wait_idle(page)
    assert card(page, 5).get_by_text("Draft saved").is_visible()
    assert re.search(r"Draft saved \d\d:\d\d$", card(page, 5).get_by_text("Draft saved").inner_text())

    card(page, 5).get_by_role("button", name="Continue answering").click()
    wait_idle(page)
    assert scroll_top(page) == 0
    page.locator(".st-key-submit button").click()
    wait_idle(page)
    page.locator(".st-key-back button").click()
    wait_idle(page)
    submitted = card(page, 5).get_by_text("Submitted ✓")
    assert submitted.is_visible() and re.search(r"Submitted ✓ \d\d:\d\d$", submitted.inner_text())
    assert card(page, 5).get_by_role("button", name="Review or change answers").is_visible()
    page.screenshot(path=SHOTS / "agenda-submitted.png")


def test_an_empty_questionnaire_cannot_be_submitted_and_the_message_is_in_view(app):
    base, b, folder = app
    page = phone(b)
    join_by_link(page, base)
    card(page, 6).get_by_role("button", name="Start answering").click()
    wait_idle(page)
    page.locator(".st-key-submit button").tap()
    wait_idle(page)
    message = page.get_by_text("Answer at least one question before submitting.")
    assert message.count() == 1 and in_viewport(message), (message.bounding_box(), scroll_top(page))
    assert page.get_by_text("Submitted.").count() == 0
    assert submitted_count(folder, token_of(page)) == 0
    page.screenshot(path=SHOTS / "answer-empty-submit.png")


def test_a_missing_required_answer_is_named_and_brought_into_view(app):
    base, b, folder = app
    page = phone(b)
    join_event(page, base, REQUIRED_CODE)
    page.get_by_role("button", name="Start answering").click()
    wait_idle(page)
    page.locator(".st-key-q-last textarea").fill("Thank you")
    page.locator(".st-key-q-last textarea").blur()
    wait_idle(page)
    submit = page.locator(".st-key-submit button")
    submit.scroll_into_view_if_needed()
    assert not in_viewport(page.locator(".st-key-question-law"))
    submit.tap()
    wait_idle(page)
    page.wait_for_timeout(500)  # the scroll runs once the page is drawn
    law = page.locator(".st-key-question-law")
    assert in_viewport(law), law.bounding_box()
    assert law.get_by_text("This question needs an answer.").is_visible()
    summary = page.locator(".st-key-submit-problem").inner_text()
    assert REQUIRED_QUESTION in summary and "needs an answer" in summary and "1 more question" in summary
    assert submitted_count(folder, token_of(page)) == 0
    page.screenshot(path=SHOTS / "answer-required-missing.png")
    page.evaluate(f"document.querySelector(\"{MAIN}\").scrollTo(0, 0)")
    page.screenshot(path=SHOTS / "answer-required-summary.png")

    law.get_by_text("Yes", exact=True).click()
    wait_idle(page)
    page.locator(".st-key-question-lawyers").get_by_text("No", exact=True).click()
    wait_idle(page)
    page.locator(".st-key-submit button").tap()
    wait_idle(page)
    assert page.get_by_text("Submitted.").first.is_visible()
    assert submitted_count(folder, token_of(page)) == 1
