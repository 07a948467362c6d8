"""The app in AppTest: start page, joining, sign-in, role-gated navigation, session control."""
import pytest
import streamlit as st
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from db import audit
from db.engine import make_engine, read_session
from db.models import AgendaSession

FACILITATOR = "facilitator-passcode-1"
ORGANISER = "organiser-passcode-22"


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The app on a fresh SQLite file, with known passcodes."""
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("GAPMAP_FACILITATOR_PASSCODE", FACILITATOR)
    monkeypatch.setenv("GAPMAP_ORGANISER_PASSCODE", ORGANISER)
    st.cache_resource.clear()
    at = AppTest.from_file("../app.py", default_timeout=30)
    yield at
    st.cache_resource.clear()


def engine_of(tmp_path):
    return make_engine(f"sqlite:///{tmp_path / 'app.sqlite3'}")


def sign_in(at, role, passcode):
    at.radio(key="sign-in-role").set_value(role)
    at.text_input(key="sign-in-passcode").set_value(passcode)
    at.button(key="sign-in-submit").click().run()
    return at


def test_start_page_runs_and_offers_join_and_sign_in(app):
    app.run()
    assert not app.exception
    assert app.text_input(key="join-code") and app.text_input(key="sign-in-passcode")
    assert app.title[0].value == "GapMap"


@pytest.mark.parametrize("typed, message", [
    ("", "Enter the join code"),
    ("B!", "4 to 12 letters and digits"),
    ("NOPE2099", "No event uses the code NOPE2099"),
])
def test_bad_join_codes_get_a_clear_message(app, typed, message):
    app.run()
    app.text_input(key="join-code").set_value(typed)
    app.button(key="join-submit").click().run()
    assert not app.exception
    assert message in app.error[0].value
    assert "gapmap_role" not in app.session_state
    assert app.text_input(key="join-code")  # still on the start page


def join_as_delegate(at, country="THA", sector="prosecution"):
    """From the notice step: consent, country, sector, Start."""
    at.selectbox(key="join-country").set_value(country)
    at.selectbox(key="join-sector").set_value(sector)
    at.checkbox(key="join-consent").check()
    at.button(key="join-start").click().run()
    return at


def test_a_typed_code_leads_to_the_privacy_notice_then_the_agenda(app):
    app.run()
    app.text_input(key="join-code").set_value(" bkk-2024 ")
    app.button(key="join-submit").click().run()
    assert not app.exception
    assert "Chatham House Rule" in app.get_by_key("privacy-notice").markdown[1].value
    assert "gapmap_role" not in app.session_state  # not in before agreeing
    join_as_delegate(app)
    assert not app.exception
    assert app.session_state["gapmap_role"] == "delegate"
    token = app.session_state["gapmap_token"]
    assert app.query_params["p"] == token  # a reload keeps the delegate in
    assert "answering for **Thailand**" in app.caption[0].value
    # the open sessions first (all of Day 2 in the demo), then the closed ones (Day 1)
    assert [m.value for m in app.markdown if m.value.startswith("#### ")] == ["#### Open now", "#### Closed"]
    assert [m.value for m in app.markdown if m.value.startswith("##### Day")] == [
        "##### Day 2 · Wed 21 Aug", "##### Day 1 · Tue 20 Aug"]


def test_joining_needs_consent_country_and_sector(app):
    app.query_params["code"] = "BKK2024"
    app.run()
    app.selectbox(key="join-country").set_value("THA")
    app.button(key="join-start").click().run()
    assert [e.value for e in app.error] == ["Choose your country and sector (or “Prefer not to say”).",
                                            "Please confirm that you agree to the notice."]
    app.checkbox(key="join-consent").check().run()  # fixed: its message goes, without pressing Start again
    assert [e.value for e in app.error] == ["Choose your country and sector (or “Prefer not to say”)."]
    app.button(key="join-start").click().run()
    assert "Choose your country and sector" in app.error[0].value
    assert "gapmap_role" not in app.session_state
    app.selectbox(key="join-sector").set_value("prosecution").run()
    assert not app.error
    app.button(key="join-start").click().run()
    assert app.session_state["gapmap_role"] == "delegate"


def test_the_notice_says_each_thing_once(app):
    app.query_params["code"] = "BKK2024"
    app.run()
    notice = " ".join(m.value for m in app.get_by_key("privacy-notice").markdown) + " ".join(
        t.value for t in app.get_by_key("privacy-notice").text)
    for phrase in ("Chatham House Rule", "name, e-mail or agency", "case details"):
        assert notice.count(phrase) == 1, phrase


def test_the_country_list_is_the_events_countries(app):
    app.query_params["code"] = "BKK2024"
    app.run()
    assert app.selectbox(key="join-country").options == [
        "Cambodia", "India", "Indonesia", "Lao PDR", "Malaysia", "Maldives", "Nepal", "Philippines",
        "Sri Lanka", "Thailand", "Timor-Leste", "Viet Nam"]


def test_a_personal_link_resumes_and_a_forged_one_gets_a_message(app):
    app.query_params["code"] = "BKK2024"
    app.run()
    join_as_delegate(app)
    token = app.session_state["gapmap_token"]
    fresh = AppTest.from_file("../app.py", default_timeout=30)
    fresh.query_params["p"] = token
    fresh.run()
    assert not fresh.exception and fresh.session_state["gapmap_token"] == token
    forged = AppTest.from_file("../app.py", default_timeout=30)
    forged.query_params["p"] = "forged-token"
    forged.run()
    assert not forged.exception
    assert "not valid any more" in forged.warning[0].value
    assert forged.text_input(key="join-code")


def test_a_delegate_cannot_reach_staff_pages(app):
    app.query_params["code"] = "BKK2024"
    app.run()
    join_as_delegate(app)
    for page in ("pages/facilitator/sessions.py", "pages/organiser/audit_log.py"):
        with pytest.raises(ValueError):
            app.switch_page(page)  # not in the delegate's navigation at all


def test_a_staff_page_checks_the_role_itself(app):
    """Defence in depth: even if navigation let it through, the page stops a delegate."""
    app.run()  # prepares the database
    at = AppTest.from_file("../pages/facilitator/sessions.py", default_timeout=30)
    at.session_state["gapmap_role"] = "delegate"
    at.run()
    assert not at.exception
    assert "not available" in at.warning[0].value
    assert not at.button


def test_wrong_passcode_is_refused_and_logged(app, tmp_path):
    app.run()
    sign_in(app, "facilitator", "wrong")
    assert not app.exception
    assert "not right" in app.error[0].value
    assert "gapmap_role" not in app.session_state
    with read_session(engine_of(tmp_path)) as s:
        assert [e.action for e in audit.entries(db=s, actors=["facilitator"])] == ["sign_in_failed"]


def test_facilitator_signs_in_and_opens_and_closes_a_session(app, tmp_path):
    app.run()
    sign_in(app, "facilitator", FACILITATOR)
    assert not app.exception
    assert app.title[0].value == "Run sessions"
    with read_session(engine_of(tmp_path)) as s:
        first = s.exec(select(AgendaSession).order_by(AgendaSession.day, AgendaSession.position)).first()
    assert first.state == "closed"
    app.button(key=f"state-{first.id}").click().run()  # Reopen
    assert not app.exception
    with read_session(engine_of(tmp_path)) as s:
        assert s.get(AgendaSession, first.id).state == "open"
        log = audit.entries(db=s, actors=["facilitator"])
    assert [e.action for e in log][:2] == ["session_reopened", "sign_in"]
    app.button(key=f"state-{first.id}").click().run()  # Close again
    with read_session(engine_of(tmp_path)) as s:
        assert s.get(AgendaSession, first.id).state == "closed"


def test_facilitator_has_no_organiser_pages(app):
    app.run()
    sign_in(app, "facilitator", FACILITATOR)
    with pytest.raises(ValueError):
        app.switch_page("pages/organiser/audit_log.py")


def test_organiser_reads_the_audit_log(app):
    app.run()
    sign_in(app, "organiser", ORGANISER)
    app.switch_page("pages/organiser/audit_log.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert "demo_seeded" in set(table["Action"]) and "sign_in" in set(table["Action"])
    app.multiselect(key="audit-actions").set_value(["sign_in"]).run()
    assert set(app.dataframe[0].value["Action"]) == {"sign_in"}


def test_signing_out_returns_to_the_start_page(app):
    app.run()
    sign_in(app, "organiser", ORGANISER)
    app.button(key="sign-out").click().run()
    assert not app.exception
    assert "gapmap_role" not in app.session_state
    assert app.text_input(key="join-code")


def test_the_agenda_shows_the_personal_link_and_draws_its_qr_code_only_when_asked(app):
    app.query_params["code"] = "BKK2024"
    app.run()
    join_as_delegate(app)
    token = app.session_state["gapmap_token"]
    card = app.get_by_key("personal-link")
    shown = [e.proto.json for e in card if type(e).__name__ == "UnknownElement"]  # the Copy component
    assert any(f"?p={token}" in data for data in shown)  # in view, not in a collapsed box
    assert not list(card.code)  # not st.code: it makes every phone download a syntax highlighter
    def images() -> int:
        return sum(type(e).__name__ == "Image" for e in app.get_by_key("personal-link"))

    assert images() == 0  # no QR code made on every run of the agenda
    app.button(key="personal-link-qr").click().run()
    assert images() == 1
    app.button(key="personal-link-qr").click().run()
    assert images() == 0
