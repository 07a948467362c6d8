"""Staff in a real browser through `server.py`: a reload keeps the sign-in on every staff page,
the cookie is HttpOnly and never in the address bar, a forged cookie shows the start page, a
revoked sign-in ends at the next click, and no page of any role asks another host."""
from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser_support import FACILITATOR, ORGANISER, browser, chromium_or_skip, running_app, sign_in, wait_idle
from tests.test_browser import PHONE, join_by_link

SIGNED_OUT = ".st-key-sign-in-submit"
EXCEPTION = "[data-testid='stException']"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    chromium = chromium_or_skip()
    folder = tmp_path_factory.mktemp("staff")
    with running_app(folder) as base, browser(chromium) as b:
        yield base, b, folder / "server.log"


def test_the_cookie_route_refuses_junk_without_a_trace_even_before_the_first_page(app):
    """The server prepares the database when it starts: the route once answered a request that came
    before any page with a 500 and a traceback (no staff_session table yet)."""
    base, _, log = app
    for body in (b'{"token": "forged-id-forged-id-forged-id"}', b"not json", b'{"token": 5}', b"[]"):
        request = urllib.request.Request(f"{base}/auth/staff-cookie", data=body, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403 and b"gapmap_staff" not in str(refused.value.headers).encode()
    assert "Traceback" not in log.read_text()


def watch_outside(context, base, outside):
    own = urlsplit(base).netloc
    context.on("request", lambda r: urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
               and urlsplit(r.url).netloc != own and outside.append(r.url))


def staff_cookie(context, page, seconds: float = 10):
    """The staff cookie, once the signed-in page has handed it over (a moment after sign-in)."""
    for _ in range(int(seconds * 10)):
        found = [c for c in context.cookies() if c["name"] == "gapmap_staff"]
        if found:
            return found[0]
        page.wait_for_timeout(100)
    raise AssertionError("the signed-in page never set the staff cookie")


def signed_in(b, base, role, passcode):
    context = b.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    sign_in(page, base, role, passcode)
    return context, page


def test_every_staff_page_keeps_the_sign_in_across_a_reload_and_asks_no_other_host(app):
    base, b, _ = app
    outside: list[str] = []
    context = b.new_context(viewport={"width": 1440, "height": 900})
    watch_outside(context, base, outside)
    page = context.new_page()
    sign_in(page, base, "organiser", ORGANISER)
    cookie = staff_cookie(context, page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    links = page.locator("[data-testid='stSidebarNav'] a")
    urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(urls) >= 12, urls  # every organiser page, the room's included
    for url in urls:
        page.goto(url)  # a new page load: a new Streamlit session, signed in only by the cookie
        wait_idle(page)
        assert page.locator(SIGNED_OUT).count() == 0, f"{url}: a reload signed the organiser out"
        assert page.locator(EXCEPTION).count() == 0, f"{url}: an exception"
        assert cookie["value"] not in page.url and "staff" not in page.url
    phone_context = b.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    watch_outside(phone_context, base, outside)
    phone = phone_context.new_page()
    join_by_link(phone, base)
    phone.get_by_role("button", name="Answer").first.click()
    wait_idle(phone)
    page.wait_for_timeout(500)
    assert outside == []
    context.close()
    phone_context.close()


def test_a_forged_cookie_shows_the_start_page_without_an_error(app):
    base, b, _ = app
    context = b.new_context()
    host = urlsplit(base).hostname
    context.add_cookies([{"name": "gapmap_staff", "value": "forged-" + "x" * 40, "domain": host, "path": "/"}])
    page = context.new_page()
    page.goto(f"{base}/sessions")
    wait_idle(page)
    assert page.locator(SIGNED_OUT).count() == 1
    assert page.locator(EXCEPTION).count() == 0
    assert "sign-in has ended" not in page.inner_text("body")  # a forged id is not an ended sign-in
    context.close()


def test_a_sign_in_ended_by_an_organiser_signs_an_open_tab_out_at_its_next_click(app):
    base, b, _ = app
    facilitator_context, facilitator = signed_in(b, base, "facilitator", FACILITATOR)
    organiser_context, organiser = signed_in(b, base, "organiser", ORGANISER)
    organiser.get_by_role("link", name="Events").click()
    wait_idle(organiser)
    organiser.get_by_role("button", name="End every staff sign-in").click()
    organiser.locator(".st-key-revoke-staff button").click()
    # the click's run may start after a first idle: wait for its outcome, not for one idle moment
    expect(organiser.locator(SIGNED_OUT)).to_have_count(1, timeout=15_000)  # the organiser's own too
    facilitator.get_by_role("link", name="Participation").click()
    expect(facilitator.locator(SIGNED_OUT)).to_have_count(1, timeout=15_000)
    assert "Your sign-in has ended" in facilitator.inner_text("body")
    facilitator.reload()  # and the old cookie does not bring it back
    wait_idle(facilitator)
    assert facilitator.locator(SIGNED_OUT).count() == 1
    facilitator_context.close()
    organiser_context.close()


def test_sign_out_deletes_the_cookie(app):
    base, b, _ = app
    context, page = signed_in(b, base, "facilitator", FACILITATOR)
    staff_cookie(context, page)
    page.locator(".st-key-sign-out button").click()
    wait_idle(page)
    page.wait_for_timeout(500)
    assert not any(c["name"] == "gapmap_staff" for c in context.cookies())
    page.reload()
    wait_idle(page)
    assert page.locator(SIGNED_OUT).count() == 1
    assert "sign-in has ended" not in page.inner_text("body")
    context.close()
