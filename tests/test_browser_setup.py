"""In a real browser, from an empty database: an organiser sets up a consultation with an uploaded
XLSForm, and a delegate joins it with the new code and answers it."""
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from questionnaires.xlsform import read_xlsform
from tests.browser_support import ORGANISER, browser, choose, chromium_or_skip, running_app, sign_in, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    return chromium_or_skip()


def organisers_xlsform(path):
    """An XLSForm as RSO staff would type it in Excel: English and Thai labels, a hint, required."""
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    for row in [
        ["type", "name", "label::English (en)", "label::Thai (th)", "hint::English (en)", "required", "appearance"],
        ["select_one yesno", "covered", "Does national law cover forced criminality in scam centres?",
         "กฎหมายครอบคลุมการบังคับให้กระทำความผิดหรือไม่", "Think of the law as written", "yes", ""],
        ["select_multiple gaps", "gaps", "Which gaps do you see?", "ช่องว่างใดบ้าง", "", "", ""],
        ["integer", "cases", "Cases prosecuted last year", "จำนวนคดี", "", "", ""],
        ["text", "needs", "What would help most?", "อะไรจะช่วยได้มากที่สุด", "", "", "multiline"],
    ]:
        survey.append(row)
    choices = wb.create_sheet("choices")
    for row in [
        ["list_name", "name", "label::English (en)", "label::Thai (th)"],
        ["yesno", "yes", "Yes", "ใช่"], ["yesno", "no", "No", "ไม่ใช่"],
        ["gaps", "definition", "The definition", "คำนิยาม"], ["gaps", "evidence", "Digital evidence", "พยานหลักฐานดิจิทัล"],
    ]:
        choices.append(row)
    settings = wb.create_sheet("settings")
    settings.append(["form_id", "form_title", "default_language"])
    settings.append(["kl_scams", "Cyber-scam centres", "English (en)"])
    wb.save(path)
    return path


def download_bytes(page, button: str, attempts: int = 3) -> bytes:
    """Click a download button and return the file. A click that lands while the page is still
    swapping in the elements of a fragment rerun starts no download (seen about one run in three
    under load); a person clicks again, and so does this helper, at most `attempts` times."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        try:
            with page.expect_download(timeout=10_000) as download:
                page.locator(button).click()
            return Path(download.value.path()).read_bytes()
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            wait_idle(page)
    raise AssertionError("unreachable")


def test_an_organiser_sets_up_a_consultation_from_an_xlsform_and_a_delegate_answers_it(chromium, tmp_path):
    form = organisers_xlsform(tmp_path / "kl_scams.xlsx")
    with running_app(tmp_path, GAPMAP_SEED_DEMO="0") as base, browser(chromium) as b:
        staff = b.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True).new_page()
        sign_in(staff, base, "organiser", ORGANISER)

        # 1. the event (starting today, one day), with a chosen join code
        staff.locator(".st-key-new-event-title input").fill("Kuala Lumpur consultation")
        choose(staff, "new-event-countries", "Thailand (THA) · South-eastern Asia")
        choose(staff, "new-event-countries", "Malaysia (MYS) · South-eastern Asia")
        staff.locator(".st-key-new-event-code input").fill("KL2026")
        staff.locator(".st-key-new-event-submit button").click()
        wait_idle(staff)
        assert staff.get_by_text("Its join code is KL2026").is_visible()

        # 2. the questionnaire, uploaded as an XLSForm
        staff.get_by_role("link", name="Questionnaires").click()
        wait_idle(staff)
        staff.locator(".st-key-library-upload input[type=file]").set_input_files(str(form))
        wait_idle(staff)
        staff.locator(".st-key-library-add button").click()
        wait_idle(staff)
        # the click's run may start after a first idle moment: wait for its outcome, not for one idle moment
        expect(staff.get_by_text("as kl_scams v1 (4 questions)")).to_be_visible(timeout=15_000)
        expect(staff.locator(".st-key-q-covered")).to_be_visible(timeout=15_000)  # previewed as a delegate sees it
        staff.locator(".st-key-q-covered").get_by_text("Yes", exact=True).click()  # trying the preview
        wait_idle(staff)
        back, _ = read_xlsform(download_bytes(staff, ".st-key-library-xlsform button"))  # back out, to edit in Excel
        assert (back.key, back.languages, len(back.questions)) == ("kl_scams", ["en", "th"], 4)

        # 3. a session that uses it, then opened for the room
        staff.get_by_role("link", name="Agenda").click()
        wait_idle(staff)
        choose(staff, "add-1-version", "Cyber-scam centres · kl_scams v1")
        staff.locator(".st-key-add-1-title input").fill("Online recruitment and scam centres")
        staff.locator(".st-key-add-1-submit button").click()
        wait_idle(staff)
        assert staff.get_by_text("Added “Online recruitment and scam centres” to day 1").is_visible()
        assert staff.locator(".st-key-add-1-2-title input").input_value() == ""  # no accidental second add
        staff.get_by_role("link", name="Run sessions").click()
        wait_idle(staff)
        staff.get_by_test_id("stBaseButton-primary").filter(has_text="Open").click()
        wait_idle(staff)

        # 4. a delegate on a phone joins with the new code and answers
        phone = b.new_context(viewport={"width": 390, "height": 844}).new_page()
        phone.goto(base)
        wait_idle(phone)
        phone.locator(".st-key-join-code input").fill("kl2026")
        phone.locator(".st-key-join-submit button").click()
        wait_idle(phone)
        choose(phone, "join-country", "Malaysia")
        choose(phone, "join-sector", "Prosecution")
        phone.locator(".st-key-join-consent label").click()
        phone.locator(".st-key-join-start button").click()
        wait_idle(phone)
        phone.get_by_role("button", name="Answer").first.click()
        wait_idle(phone)
        phone.locator(".st-key-q-covered").get_by_text("No", exact=True).click()
        wait_idle(phone)
        phone.locator(".st-key-question-gaps").get_by_text("Digital evidence").click()
        wait_idle(phone)
        phone.locator(".st-key-q-needs textarea").fill("Faster access to platform data across borders")
        phone.locator(".st-key-q-needs textarea").blur()
        wait_idle(phone)
        phone.locator(".st-key-submit button").click()
        wait_idle(phone)
        assert phone.get_by_text("Submitted.").first.is_visible()

    with sqlite3.connect(tmp_path / "browser.sqlite3") as db:
        stored = db.execute(
            "SELECT p.country, a.question_id, a.option, a.text FROM answer a JOIN response r ON r.id = a.response_id "
            "JOIN participant p ON p.id = r.participant_id JOIN event e ON e.id = p.event_id "
            "WHERE e.code = 'KL2026' AND r.status = 'submitted' ORDER BY a.question_id").fetchall()
    assert stored == [("MYS", "covered", "no", None), ("MYS", "gaps", "evidence", None),
                      ("MYS", "needs", "", "Faster access to platform data across borders")]
