"""A delegate's phone (390 × 844, touch) in a real browser, measured: every control a thumb uses
is at least 44 × 44 px, nothing scrolls sideways and no label is cut; the page follows the room
(a session closed while it is open shows a banner at the top and loses its Submit button, by
itself); nothing is lost without asking (removing a gap, leaving the device); the personal link
is in view with a Copy button. Screenshots go to /tmp/phone-shots/ for a human look."""
from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_support import browser, chromium_or_skip, join_event, running_app, wait_idle
from tests.test_answers import ALL_TYPES, VALUES
from tests.test_browser import PHONE
from ui.session_watch import EVERY, SHARED_SECONDS
from ui.touch import TARGET

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/phone-shots")
CODE = "TOUCH24"
LONG = "Covered partially / only by interpretation, case law or a regulation that is not yet in force"
#: Every question type, with labels as long as the shipped questionnaires' longest.
SPEC = ALL_TYPES.model_dump(mode="json")
for question in SPEC["questions"]:
    question["required"] = True  # marked with a star, never with a literal "**"
    for options in ("options", "scale"):
        if question.get(options) and question["type"] != "likert":
            question[options][0]["label"] = LONG

#: What a thumb taps: radio rows, checkbox rows, pills, buttons, select boxes, text and number
#: fields, expander headers, the "?" help buttons. Hidden inputs (inside the rows) are not targets.
TARGETS_JS = """
() => {
  const main = document.querySelector("[data-testid='stMain']")
  const found = []
  const selector = [
    "[data-testid=stRadioOption]", "[data-testid=stCheckbox] label", "[data-testid=stButtonGroup] button",
    "button", "[data-testid=stSelectbox] [role=group]", "[data-testid=stTextInputRootElement]",
    "[data-testid=stNumberInputContainer]", "textarea", "summary",
  ].join(",")
  for (const el of main.querySelectorAll(selector)) {
    if (el.matches("[data-testid=stSelectbox] [role=group] button")) continue  // inside the select's box
    const box = el.getBoundingClientRect()
    if (box.width === 0 && box.height === 0) continue  // not drawn (a closed expander's content)
    found.push({what: el.getAttribute("data-testid") || el.tagName.toLowerCase(),
                text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 50),
                width: Math.round(box.width), height: Math.round(box.height)})
  }
  return found
}
"""
#: Text that does not fit its box and is clipped ("…or case …").
CUT_JS = """
() => {
  const main = document.querySelector("[data-testid='stMain']")
  const cut = []
  for (const el of main.querySelectorAll("p, label, span, button, div[value]")) {
    const style = getComputedStyle(el)
    if (!el.innerText || !el.innerText.trim()) continue
    const clips = style.textOverflow === "ellipsis" || style.overflowX === "hidden"
    if (clips && el.scrollWidth > el.clientWidth + 1) cut.push(el.innerText.trim().slice(0, 60))
  }
  return cut
}
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from db.engine import make_engine
    from tests.factories import make_event

    chromium = chromium_or_skip()
    folder = tmp_path_factory.mktemp("touch")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with running_app(folder) as base, browser(chromium) as b:
        engine = make_engine(f"sqlite:///{folder / 'browser.sqlite3'}")  # migrated by the server's start
        ids = make_event(engine, code=CODE, questionnaire=SPEC)
        yield base, b, folder, engine, ids
        engine.dispose()


def phone(b, **options):
    return b.new_context(viewport=PHONE, has_touch=True, is_mobile=True, **options).new_page()


def join(page, base) -> str:
    """Join the test event with its link; returns the personal token."""
    join_event(page, base, CODE, tap=True)
    page.locator(".st-key-personal-link").wait_for()
    return page.url.split("p=")[1].split("&")[0]


def small_and_cut(page) -> tuple[list, list, int]:
    targets = page.evaluate(TARGETS_JS)
    small = [t for t in targets if t["height"] < TARGET or t["width"] < TARGET]
    return small, page.evaluate(CUT_JS), page.evaluate("document.documentElement.scrollWidth")


def assert_thumb_sized(page, where: str) -> None:
    small, cut, width = small_and_cut(page)
    page.screenshot(path=str(SHOTS / f"touch-{where}.png"))
    assert not small, f"{where}: under {TARGET} px: {json.dumps(small, indent=1)}"
    assert not cut, f"{where}: cut labels: {cut}"
    assert width <= PHONE["width"], f"{where}: the page scrolls sideways ({width} px)"


def test_every_control_a_delegate_taps_is_thumb_sized_and_no_label_is_cut(app):
    base, b, folder, engine, ids = app
    page = phone(b)
    page.goto(base)
    wait_idle(page)
    assert_thumb_sized(page, "start")
    page.goto(f"{base}/?code={CODE}")
    wait_idle(page)
    assert_thumb_sized(page, "consent")
    token = join(page, base)
    assert_thumb_sized(page, "agenda")

    page.goto(f"{base}/answer?p={token}&s={ids['session']}")
    wait_idle(page)
    page.locator(".st-key-q-gaps-add button").tap()
    wait_idle(page)
    page.locator(".st-key-q-gaps-1-description textarea").fill("No offence of forced criminality")
    page.locator(".st-key-q-gaps-1-law input").tap()  # leaves the description: it is saved
    wait_idle(page)
    page.locator(".st-key-q-gaps-1-remove button").tap()  # something is written: it asks first
    wait_idle(page)
    assert page.locator(".st-key-q-gaps-1-remove-yes button").is_visible()
    assert page.locator(".st-key-q-gaps-1-description textarea").input_value() == "No offence of forced criminality"
    page.locator(".st-key-q-gaps-1-remove-yes").scroll_into_view_if_needed()
    assert_thumb_sized(page, "answer-every-type")
    assert page.get_by_text(LONG).count() >= 2  # a radio row and the matrix's pill, whole
    assert_no_literal_markdown(page, "the answer page")


def assert_no_literal_markdown(page, where: str) -> None:
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "**" not in text and "\\*" not in text, f"{where} shows Markdown as typed"
    assert text.count("*") >= len(SPEC["questions"]), f"{where}: a required question is not marked"


def test_the_organisers_preview_marks_required_questions_without_literal_markdown(app):
    from tests.browser_support import ORGANISER, sign_in

    base, b, folder, engine, ids = app
    page = b.new_page(viewport={"width": 1440, "height": 900})
    sign_in(page, base, "organiser", ORGANISER)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Questionnaires", exact=True).click()
    wait_idle(page)
    box = page.locator(".st-key-library-version input[role=combobox]")
    box.click()
    box.fill(SPEC["title"])
    page.get_by_role("option").filter(has_text=SPEC["title"]).first.click()
    wait_idle(page)
    page.locator(".st-key-library-preview").wait_for()
    for width in ("Laptop", "Phone"):
        page.locator(".st-key-library-width").get_by_text(width, exact=True).click()
        wait_idle(page)
        assert_no_literal_markdown(page, f"the preview ({width})")


def draft(folder, token) -> dict:
    with sqlite3.connect(folder / "browser.sqlite3") as db:
        row = db.execute("SELECT r.draft FROM response r JOIN participant p ON p.id = r.participant_id "
                         "WHERE p.token = ?", (token,)).fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def test_a_session_closed_while_a_delegate_answers_shows_a_banner_and_no_submit_by_itself(app):
    from gapmap import room

    base, b, folder, engine, ids = app
    page = phone(b)
    token = join(page, base)
    page.goto(f"{base}/answer?p={token}&s={ids['session']}")
    wait_idle(page)
    page.locator(".st-key-q-single [data-testid=stRadioOption]").first.tap()
    wait_idle(page)
    assert page.locator(".st-key-submit button").count() == 1
    try:
        room.set_state(engine, ids["session"], "closed", actor="facilitator")
        started = time.monotonic()
        page.locator(".st-key-closed-banner").wait_for(timeout=(EVERY + SHARED_SECONDS + 5) * 1000)
        seen_after = time.monotonic() - started
        wait_idle(page)
        page.screenshot(path=str(SHOTS / "touch-closed-banner.png"))
        assert page.locator(".st-key-submit button").count() == 0
        banner = page.locator(".st-key-closed-banner").bounding_box()
        first = page.locator(".st-key-question-single").bounding_box()
        assert banner["y"] < first["y"]  # at the top, above the questions
        assert page.get_by_text("The facilitator has closed this session").count() == 1  # said once
        assert draft(folder, token).get("single") == "a"  # the draft is kept
        print(f"banner after {seen_after:.1f} s (watch every {EVERY} s)")
    finally:
        room.set_state(engine, ids["session"], "open", actor="facilitator")


def test_leaving_the_device_asks_first_and_shows_the_link_to_keep(app):
    base, b, folder, engine, ids = app
    page = phone(b, permissions=["clipboard-read", "clipboard-write"])
    token = join(page, base)
    card = page.locator(".st-key-personal-link")
    expect(card.locator(".gm-link")).to_have_text(re.compile(rf"\?p={re.escape(token)}$"))  # in view, not collapsed
    copy = card.locator("button.gm-copy")
    assert copy.bounding_box()["height"] >= TARGET
    copy.tap()
    page.get_by_text("Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"?p={token}")

    page.locator(".st-key-sign-out button").tap()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    expect(dialog.locator(".gm-link")).to_have_text(re.compile(rf"\?p={re.escape(token)}$"))  # drawn by its script
    assert "personal link" in dialog.inner_text()
    page.screenshot(path=str(SHOTS / "touch-leave.png"))
    dialog.locator(".st-key-leave-stay button").tap()
    wait_idle(page)
    assert page.locator(".st-key-personal-link").is_visible()  # still in

    page.locator(".st-key-sign-out button").tap()
    page.get_by_role("dialog").locator(".st-key-leave-confirm button").tap()
    wait_idle(page)
    page.locator(".st-key-join-code").wait_for()  # out: the start page
    page.goto(f"{base}/?p={token}")  # and the link brings the seat back
    wait_idle(page)
    page.locator(".st-key-personal-link").wait_for()


def test_the_pulse_a_phone_asks_for_changes_when_a_session_closes(app):
    """What delegates' pages ask every few seconds: a fingerprint of the event's session states from
    the server's own route (no script run), which changes when a session opens or closes."""
    from urllib.request import urlopen

    from gapmap import room

    base, b, folder, engine, ids = app
    url = f"{base}/pulse/event/{ids['event']}"

    def pulse() -> str:
        with urlopen(url, timeout=10) as answer:
            assert answer.headers["Cache-Control"] == "no-store"
            return json.load(answer)["v"]

    time.sleep(SHARED_SECONDS + 0.2)  # what the server shares is the open session now (an earlier test closed it)
    before = pulse()
    try:
        room.set_state(engine, ids["session"], "closed", actor="facilitator")
        time.sleep(SHARED_SECONDS + 0.2)
        assert pulse() != before
    finally:
        room.set_state(engine, ids["session"], "open", actor="facilitator")
    time.sleep(SHARED_SECONDS + 0.2)
    assert pulse() == before


def test_the_results_pulse_a_dashboard_asks_for_changes_with_a_submission(app):
    """Live results ask `/pulse/results/<session>` every second (no script run on the server) and
    redraw when it changes: here, when a delegate submits."""
    from urllib.request import urlopen

    from gapmap import responding
    from ui.results import FINGERPRINT_SECONDS

    base, b, folder, engine, ids = app

    def pulse() -> str:
        with urlopen(f"{base}/pulse/results/{ids['session']}", timeout=10) as answer:
            return json.load(answer)["v"]

    time.sleep(FINGERPRINT_SECONDS + 0.3)  # the shared fingerprint is of the data as it is now
    before = pulse()
    delegate = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    copy = responding.open_session(engine, delegate, ids["session"])
    assert responding.submit(engine, delegate, copy, VALUES, token="pulse-test").ok
    time.sleep(FINGERPRINT_SECONDS + 0.3)
    assert pulse() != before
