"""Presenter mode in a real browser (Playwright + Debian's chromium), on the demo event: the room's
screen shows the slide only, every slide of every demo session fits 1920 × 1080 and 1280 × 720
without scrolling, with text of at least 24 px at 1080 px; keys move slides and the presenter console
follows (and the other way round); the join screen's QR code and code are inside the viewport.

One server, one browser and two signed-in pages (the console and the projector) for the module."""
from __future__ import annotations

import re

import pytest
from sqlmodel import select

from db.engine import make_engine, read_session
from db.models import AgendaSession, Event
from gapmap import presenter
from tests.browser_support import FACILITATOR, IDLE, browser, chromium_or_skip, running_app, sign_in, wait_idle

SIZES = [(1920, 1080), (1280, 720)]
HEAD = ".st-key-slide .gm-head span:last-child"

#: Does the page fit its viewport? No page scroll, no scrolling box inside it, nothing of the slide
#: cut off at its bottom edge, and the smallest text (charts' ticks, legend, titles; the slide's own
#: lines) in px. Text inside bars is left out: Plotly shrinks it to fit its bar.
FIT = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));  // drawn, charts too
  const boxes = '[data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"], ' +
    '[data-testid="stMainBlockContainer"], [data-testid="stVerticalBlock"], .st-key-slide, .gm-wall';
  const scrollers = [...document.querySelectorAll(boxes)].filter(e => {
    const s = getComputedStyle(e);
    return (s.overflowY === 'auto' || s.overflowY === 'scroll') && e.clientHeight > 0
      && e.scrollHeight > e.clientHeight + 1;
  }).map(e => e.getAttribute('data-testid') || e.className.toString().slice(0, 40));
  const slide = document.querySelector('.st-key-slide');
  let cut = 0, smallest = 1000;
  if (slide) {
    const box = slide.getBoundingClientRect();
    for (const e of slide.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.height > 0 && r.width > 0) cut = Math.max(cut, r.bottom - Math.min(box.bottom, innerHeight));
    }
    const texts = slide.querySelectorAll('.gm-head span, .gm-title, .gm-caption, .gm-card, .gm-count, .gm-note, ' +
      '.xtick text, .ytick text, .legendtext, .g-xtitle text, .g-ytitle text, .gtitle');
    for (const t of texts) {
      if (t.textContent.trim()) smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize));
    }
  }
  const visible = sel => [...document.querySelectorAll(sel)].some(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  });
  return {page: document.scrollingElement.scrollHeight - innerHeight, scrollers, cut, smallest,
          chrome: ['[data-testid="stSidebar"]', '[data-testid="stSidebarCollapsedControl"]', '[data-testid="stHeader"]',
                   '[data-testid="stToolbar"]', '[data-testid="stMain"] button', '[data-testid="stMain"] input']
                  .filter(visible)};
}"""


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    chromium = chromium_or_skip()
    tmp = tmp_path_factory.mktemp("projector")
    with running_app(tmp, GAPMAP_PUBLIC_URL="http://192.168.1.20:8501") as base, browser(chromium) as b:
        engine = make_engine(f"sqlite:///{tmp / 'browser.sqlite3'}")
        console = b.new_context(viewport={"width": 1440, "height": 900}).new_page()
        sign_in(console, base, "facilitator", FACILITATOR)
        console.get_by_role("link", name="Presenter console").click()
        wait_idle(console)
        projector = b.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        sign_in(projector, base, "facilitator", FACILITATOR)
        projector.get_by_role("link", name="Projector").click()
        projector.wait_for_selector(HEAD)
        wait_idle(projector)
        with read_session(engine) as db:
            event = db.exec(select(Event)).one()
            sessions = db.exec(select(AgendaSession).where(AgendaSession.event_id == event.id)
                               .order_by(AgendaSession.day, AgendaSession.position)).all()
        yield engine, event, sessions, console, projector


def where(page) -> tuple[int, int]:
    """The slide a screen shows: (number from 1, slides in the deck)."""
    number, count = re.search(r"(\d+)/(\d+)$", page.inner_text(HEAD)).groups()
    return int(number), int(count)


def shows(page, number: int, timeout: float = 15_000) -> None:
    """Wait until the screen shows slide `number` and its script run is over (a liveness bound, not a
    speed target: two browser files and the app share 2 cores in CI; speed is the benchmarks' job)."""
    page.wait_for_function(f"() => /\\s{number}\\/\\d+$/.test(document.querySelector('{HEAD}')?.textContent || '')",
                           timeout=timeout)
    page.wait_for_selector(IDLE)


def marked(console) -> int:
    """The slide the console's list marks as on the screen (from 1)."""
    keys = console.locator(".st-key-slide-list [data-testid='stBaseButton-primary']").first
    return int(keys.locator("xpath=ancestor::*[contains(@class,'st-key-slide-')][1]")
               .get_attribute("class").split("st-key-slide-")[1].split()[0]) + 1


def test_the_room_sees_the_slide_only(room):
    *_, projector = room
    fit = projector.evaluate(FIT)
    assert fit["chrome"] == [], fit  # no sidebar, header, toolbar, button or picker
    assert projector.locator(".st-key-slide").bounding_box()["width"] >= 1900  # full-bleed


def test_keys_move_the_slide_and_the_console_follows(room):
    engine, event, sessions, console, projector = room
    presenter.show(engine, event.id, agenda_session_id=sessions[4].id, slide_index=0, view="question",
                   actor="facilitator")
    shows(projector, 1)
    for key, expected in [("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("PageUp", 3), ("ArrowLeft", 2)]:
        projector.keyboard.press(key)
        shows(projector, expected)
        assert presenter.current(engine, event.id).slide_index == expected - 1
    console.wait_for_function(  # the list marks slide 2 (its button key counts from 0)
        "() => document.querySelector(\".st-key-slide-1 [data-testid='stBaseButton-primary']\")",
        timeout=15_000)  # within a second or two alone (bench.live_latency); CI runs two test files at once
    assert marked(console) == 2
    console.keyboard.press("ArrowRight")  # keys on the console move the projector too
    shows(projector, 3)
    console.get_by_role("button", name="Next", exact=True).click()
    shows(projector, 4)
    console.locator(".st-key-room-session input").focus()
    console.keyboard.press("ArrowRight")  # typing in a field moves nothing
    console.keyboard.press("Escape")
    wait_idle(console)
    assert presenter.current(engine, event.id).slide_index == 3


def test_every_slide_of_every_demo_session_fits_both_screens(room):
    engine, event, sessions, _, projector = room
    checked = {}
    for width, height in SIZES:
        projector.set_viewport_size({"width": width, "height": height})
        projector.wait_for_function(  # the page reported its new size and drew the slide for it
            "() => document.querySelector('.st-key-slide')?.getBoundingClientRect().height === innerHeight")
        for agenda_session in sessions:
            # The console's choice of session (its second slide), then ← on the projector: slide 1 at once.
            presenter.show(engine, event.id, agenda_session_id=agenda_session.id, slide_index=1, view="question",
                           actor="facilitator")
            projector.keyboard.press("ArrowLeft")
            projector.wait_for_function(
                "title => { const h = document.querySelector('.st-key-slide .gm-head');"
                " return h && h.firstChild.textContent === title && / 1\\/\\d+$/.test(h.lastChild.textContent) }",
                arg=agenda_session.title, timeout=10_000)
            projector.wait_for_selector(IDLE)
            _, count = where(projector)
            for number in range(1, count + 1):
                if number > 1:
                    projector.keyboard.press("ArrowRight")
                    shows(projector, number)
                fit = projector.evaluate(FIT)
                slide = f"{agenda_session.title} slide {number}/{count} at {width}×{height}"
                assert fit["page"] <= 1 and fit["scrollers"] == [], f"{slide} scrolls: {fit}"
                assert fit["cut"] <= 1, f"{slide} is cut off by {fit['cut']} px"
                assert fit["chrome"] == [], f"{slide} shows {fit['chrome']}"
                if height == 1080:
                    assert fit["smallest"] >= 24, f"{slide} has text of {fit['smallest']} px"
                checked[(width, height)] = checked.get((width, height), 0) + 1
    assert checked[SIZES[0]] == checked[SIZES[1]] > 100  # every slide of the 8 sessions, at both sizes
    print(f"slides checked per size: {checked}")


def test_the_join_screen_shows_qr_and_code_inside_the_viewport(room):
    engine, event, _, console, projector = room
    presenter.show(engine, event.id, view="join", actor="facilitator")
    projector.wait_for_selector(".gm-join-code", timeout=5_000)
    pages = [("projector", projector)]
    console.get_by_role("link", name="Join screen").click()  # the join screen page itself
    console.wait_for_selector(".gm-join-code")
    pages.append(("join screen", console))
    for name, page in pages:
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(400)
            wait_idle(page)
            for element in (".st-key-join-card img", ".gm-join-code", ".gm-join-link"):
                box = page.locator(element).bounding_box()
                assert box and box["x"] >= 0 and box["y"] >= 0, (name, element, width, box)
                assert box["x"] + box["width"] <= width + 1 and box["y"] + box["height"] <= height + 1, \
                    (name, element, width, box)
            assert page.locator(".st-key-join-card img").bounding_box()["height"] >= 0.5 * height  # a large QR
            assert page.evaluate("() => document.scrollingElement.scrollHeight - innerHeight") <= 1
            assert not page.locator("[data-testid='stSidebar']").is_visible()
