"""In a real browser: gated pages stay gated on a fresh server; joining by link on a phone."""
import sqlite3
import time

import pytest
from playwright.sync_api import expect

from tests.browser_support import (
    FACILITATOR,
    browser,
    chromium_or_skip,
    join_event,
    running_app,
    sign_in,
    wait_idle,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def chromium():
    return chromium_or_skip()


@pytest.mark.parametrize("path, gated_title", [
    ("sessions", "Run sessions"),
    ("audit_log", "Audit log"),
    ("agenda", "Day 1"),
    ("answer", "Submit my answers"),
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


def join_by_link(page, base):
    page.goto(f"{base}/?code=BKK2024")
    wait_idle(page)
    assert page.get_by_text("Before you start").is_visible()
    join_event(page, base, "BKK2024")


def responses(tmp_path, sql="SELECT status, COUNT(*) FROM response r JOIN participant p ON p.id = r.participant_id "
                             "WHERE NOT p.is_demo GROUP BY status"):
    with sqlite3.connect(tmp_path / "browser.sqlite3") as db:
        return dict(db.execute(sql).fetchall())


def test_a_delegate_on_a_phone_joins_answers_reloads_and_submits_once(chromium, tmp_path):
    with running_app(tmp_path) as base, browser(chromium) as b:
        page = b.new_page(viewport=PHONE)
        join_by_link(page, base)
        assert page.get_by_text("Day 1 · Tue 20 Aug").is_visible()
        assert "p=" in page.url  # the personal link is in the address bar
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.locator(".st-key-answer-5 button").click()  # Day 2: forced labour (open)
        wait_idle(page)
        page.locator(".st-key-q-lab_01").get_by_text("Yes, a standalone criminal offence").click()
        wait_idle(page)
        page.locator(".st-key-q-lab_10 textarea").fill("Clearer referral rules from labour inspection")
        page.locator(".st-key-q-lab_10 textarea").blur()
        wait_idle(page)
        assert page.locator(".st-key-question-lab_10").get_by_text("Saved at").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.reload()  # a dropped connection or a closed tab: everything comes back
        wait_idle(page)
        assert page.locator(".st-key-q-lab_01 input[type=radio]").first.is_checked()
        # a reload may run the page twice (the personal link, then the page): wait for the drawn value
        expect(page.locator(".st-key-q-lab_10 textarea")).to_have_value(
            "Clearer referral rules from labour inspection", timeout=10_000)

        submit = page.locator(".st-key-submit button")
        submit.dblclick()
        wait_idle(page)
        assert page.get_by_text("Submitted.").first.is_visible()
        assert responses(tmp_path) == {"submitted": 1}


def test_a_facilitator_signs_in_and_a_delegate_with_a_staff_url_gets_the_join_steps(chromium, tmp_path):
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
        assert delegate.get_by_text("Before you start").is_visible()
        assert delegate.get_by_role("heading", name="Run sessions").count() == 0


def test_a_submission_appears_on_the_facilitators_open_dashboard_within_five_seconds(chromium, tmp_path):
    with running_app(tmp_path) as base, browser(chromium) as b:
        staff = b.new_context(viewport={"width": 1440, "height": 900}).new_page()
        staff.goto(base)
        wait_idle(staff)
        staff.locator(".st-key-sign-in-passcode input").fill(FACILITATOR)
        staff.locator(".st-key-sign-in-submit button").click()
        wait_idle(staff)
        staff.get_by_role("link", name="Live results").click()
        wait_idle(staff)
        respondents = staff.locator("[data-testid='stMetric']").first.locator("[data-testid='stMetricValue']")
        assert respondents.inner_text() == "28"  # the open session on forced labour, demo data

        delegate = b.new_context(viewport=PHONE).new_page()
        join_by_link(delegate, base)
        delegate.locator(".st-key-answer-5 button").click()
        wait_idle(delegate)
        delegate.locator(".st-key-q-lab_01").get_by_text("Don't know", exact=True).click()
        wait_idle(delegate)
        delegate.locator(".st-key-submit button").click()
        wait_idle(delegate)
        submitted = time.monotonic()

        # no click on the facilitator's page: its results refresh by themselves
        staff.wait_for_function(
            "() => document.querySelector(\"[data-testid='stMetricValue']\")?.innerText === '29'", timeout=5_000)
        assert time.monotonic() - submitted < 5


def test_an_organiser_downloads_the_excel_report_and_it_opens(chromium, tmp_path):
    from openpyxl import load_workbook

    from gapmap.demo_marker import DEMO_MARKER
    from tests.browser_support import ORGANISER

    with running_app(tmp_path) as base, browser(chromium) as b:
        page = b.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True).new_page()
        sign_in(page, base, "organiser", ORGANISER)
        page.get_by_role("link", name="Export").click()
        wait_idle(page)
        page.locator(".st-key-export-xlsx button").click()
        wait_idle(page)
        with page.expect_download(timeout=30_000) as download:
            page.locator(".st-key-export-download button").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.name == "gapmap-BKK2024.xlsx"
        wb = load_workbook(path)
        assert wb.sheetnames[:4] == ["Cover", "Findings", "Summary", "Findings by answer"]
        assert "Raw answers" in wb.sheetnames
        assert wb["Cover"]["A1"].value == DEMO_MARKER  # on every sheet (tests/test_demo_marker.py)
        assert wb["Cover"]["A4"].value == "DEMO DATA"  # the cover's own line, under the marker


def test_an_organiser_downloads_the_rapporteurs_draft_and_word_opens_it(chromium, tmp_path):
    from docx import Document

    from tests.browser_support import ORGANISER

    with running_app(tmp_path) as base, browser(chromium) as b:
        page = b.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True).new_page()
        sign_in(page, base, "organiser", ORGANISER)
        page.get_by_role("link", name="Export").click()
        wait_idle(page)
        page.locator(".st-key-export-brief button").first.click()  # a rerun may briefly hold two
        wait_idle(page)
        with page.expect_download(timeout=30_000) as download:
            page.locator(".st-key-export-download button").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.name == "gapmap-BKK2024-brief-anonymised.docx"  # Chatham House: from the shared report
        document = Document(str(path))
        assert document.paragraphs[0].text.startswith("Regional consultation on the applicability")
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert "Methodology" in headings and "Recommendations (draft, to edit)" in headings


def test_no_page_asks_any_host_but_the_apps_own(chromium, tmp_path):
    """The venue may have no internet: a delegate joining on a phone and a facilitator walking the
    room's pages request nothing from any other host (the page icon once came from Google's fonts)."""
    from urllib.parse import urlsplit

    with running_app(tmp_path) as base, browser(chromium) as b:
        own = urlsplit(base).netloc
        outside = []
        context = b.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
        staff_context = b.new_context(viewport={"width": 1440, "height": 900})
        for ctx in (context, staff_context):
            ctx.on("request", lambda r: urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
                   and urlsplit(r.url).netloc != own and outside.append(r.url))
        phone = context.new_page()
        join_by_link(phone, base)
        staff = staff_context.new_page()
        sign_in(staff, base, "facilitator", FACILITATOR)
        for link in ("Live results", "Participation", "Compare countries", "Presenter console", "Projector"):
            staff.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
            wait_idle(staff)
        staff.goto(f"{base}/join_screen")  # the room's screens have no sidebar: opened by address
        wait_idle(staff)
        staff.wait_for_timeout(1000)
        assert outside == []
