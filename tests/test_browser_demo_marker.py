"""The demo marker in a real browser (Playwright + Debian's chromium), on the demo event: every staff
page and the delegate's pages show "Synthetic demo data — not the States' answers" once, inside the
screen at 390 px and at 1440 px (in one or two lines on the phone); the staff pages keep it in view
as they scroll, and the room's screens show it as a badge in the corner.

One server and one browser for the module."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gapmap.demo_marker import DEMO_MARKER
from tests.browser_support import ORGANISER, browser, chromium_or_skip, join_event, running_app, sign_in, wait_idle
from tests.test_browser_staff import staff_cookie

pytestmark = pytest.mark.browser

SIZES = {390: {"width": 390, "height": 844}, 1440: {"width": 1440, "height": 900}}
MARKER = ".gm-demo-marker"
ROOM_SCREENS = ("/projector", "/join_screen")

#: The marker's box, how many lines its sentence takes, and whether the page's header hides it.
MEASURE = """() => {
  const marker = document.querySelector('.gm-demo-marker');
  const box = marker.getBoundingClientRect();
  const sentence = marker.querySelector('span:last-child');
  const lines = new Set([...sentence.getClientRects()].map(r => Math.round(r.top))).size;
  const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {top: box.top, bottom: box.bottom, left: box.left, right: box.right, lines,
          covered: !(atCentre && marker.contains(atCentre))};
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    chromium = chromium_or_skip()
    folder = tmp_path_factory.mktemp("marker")
    with running_app(folder) as base, browser(chromium) as b:
        yield base, b


def shows_the_marker(page, where: str, width: int, *, corner: bool = False) -> dict:
    """The page shows the marker once, whole, inside the screen and not covered by anything."""
    marker = page.locator(MARKER)
    # Waited for, not counted once: a live page (the presenter console) may be redrawing just then.
    expect(marker, f"{where} at {width} px: one marker").to_have_count(1, timeout=15_000)
    assert DEMO_MARKER in marker.inner_text(), where
    seen = page.evaluate(MEASURE)
    size = SIZES[width]
    assert 0 <= seen["top"] and seen["bottom"] <= size["height"], (where, width, seen)
    assert 0 <= seen["left"] and seen["right"] <= size["width"] + 0.5, (where, width, seen)
    assert not seen["covered"], (where, width, seen)
    assert seen["lines"] <= (1 if corner else 2), (where, width, seen)  # a phone: one or two lines
    if corner:
        assert seen["top"] == 0 and seen["right"] >= size["width"] - 1, (where, seen)  # the top right corner
    return seen


@pytest.mark.parametrize("width", sorted(SIZES))
def test_every_staff_page_of_the_demo_shows_the_marker(app, width):
    base, b = app
    context = b.new_context(viewport=SIZES[1440])
    page = context.new_page()
    sign_in(page, base, "organiser", ORGANISER)
    staff_cookie(context, page)  # the pages below are new page loads, signed in by the cookie
    links = page.locator("[data-testid='stSidebarNav'] a")
    urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(urls) >= 13, urls  # every organiser page, the room's screens included
    page.set_viewport_size(SIZES[width])
    for url in urls:
        page.goto(url)
        wait_idle(page)
        shows_the_marker(page, url, width, corner=url.endswith(ROOM_SCREENS))
        if url.endswith("/dashboard"):  # scrolled to the bottom of the results, it is still in view
            page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]'); "
                          "m.scrollTo(0, m.scrollHeight); }")
            page.wait_for_timeout(300)
            assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") > 200
            shows_the_marker(page, f"{url} scrolled", width)
    context.close()


@pytest.mark.parametrize("width", sorted(SIZES))
def test_a_delegates_pages_of_the_demo_show_the_marker(app, width):
    base, b = app
    phone = width == 390
    context = b.new_context(viewport=SIZES[width], has_touch=phone, is_mobile=phone)
    page = context.new_page()
    page.goto(f"{base}/?code=BKK2024")  # the notice before joining
    wait_idle(page)
    shows_the_marker(page, "the start page", width)
    join_event(page, base, "BKK2024")
    # the agenda scrolls itself to the top (Streamlit keeps the join form's scroll): measure it settled
    page.wait_for_function("() => (document.querySelector('[data-testid=stMain]')?.scrollTop ?? 0) === 0 "
                           "&& window.scrollY === 0", timeout=10_000)
    shows_the_marker(page, "the agenda", width)
    page.get_by_role("button", name="Answer").first.click()
    wait_idle(page)
    assert page.get_by_role("button", name="Submit my answers").count() == 1
    shows_the_marker(page, "the answer page", width)
    context.close()
