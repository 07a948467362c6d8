"""In a real browser: gated pages stay gated on a fresh server; joining by link on a phone."""
import pytest

from tests.browser_support import FACILITATOR, browser, chromium_or_skip, running_app, wait_idle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def chromium():
    return chromium_or_skip()


@pytest.mark.parametrize("path, gated_title", [
    ("sessions", "Run sessions"),
    ("audit_log", "Audit log"),
    ("agenda", "Day 1"),
])
def test_a_gated_page_as_the_first_request_of_a_fresh_server_shows_the_start_page(
    chromium, tmp_path, path, gated_title
):
    with running_app(tmp_path) as base, browser(chromium) as b:
        page = b.new_page()
        page.goto(f"{base}/{path}")
        wait_idle(page)
        assert page.get_by_text("Join as a delegate").is_visible()
        assert page.get_by_text(gated_title).count() == 0


def test_a_delegate_joins_by_link_on_a_phone_and_a_reload_keeps_them_in(chromium, tmp_path):
    with running_app(tmp_path) as base, browser(chromium) as b:
        page = b.new_page(viewport=PHONE)
        page.goto(f"{base}/?code=BKK2024")
        wait_idle(page)
        assert page.get_by_text("Day 1 · Tue 20 Aug").is_visible()
        assert page.get_by_text("demo event").is_visible()
        page.reload()
        wait_idle(page)
        assert page.get_by_text("Day 1 · Tue 20 Aug").is_visible()
        # nothing on the page is wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_facilitator_signs_in_and_a_delegate_with_a_staff_url_gets_the_agenda(chromium, tmp_path):
    with running_app(tmp_path) as base, browser(chromium) as b:
        staff = b.new_page()
        staff.goto(base)
        wait_idle(staff)
        staff.locator(".st-key-sign-in-passcode input").fill(FACILITATOR)
        staff.locator(".st-key-sign-in-submit button").click()
        wait_idle(staff)
        assert staff.get_by_role("heading", name="Run sessions").is_visible()

        delegate = b.new_context().new_page()
        delegate.goto(f"{base}/sessions?code=BKK2024")
        wait_idle(delegate)
        assert delegate.get_by_text("Day 1 · Tue 20 Aug").is_visible()
        assert delegate.get_by_role("heading", name="Run sessions").count() == 0
