"""The facilitators' room in AppTest: session control, join screen, live results, projector,
participation, moderation and comparison, on the demo event."""
import re

import pytest
import streamlit as st
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from db import audit
from db.engine import read_session
from db.models import AgendaSession, Moderation
from tests.app_support import open_page, start_app, stop_app


def test_revealing_results_to_delegates_is_logged(room):
    at, engine = room
    with read_session(engine) as s:
        first = s.exec(select(AgendaSession).order_by(AgendaSession.id)).first()
    at.toggle(key=f"visible-{first.id}").set_value(True).run()
    with read_session(engine) as s:
        assert s.get(AgendaSession, first.id).results_visible is True
        assert audit.entries(db=s, actions=["results_shown"])[0].detail["agenda_session_id"] == first.id


def test_the_join_screen_shows_the_qr_link_and_code(room):
    at, _ = room
    open_page(at, "pages/facilitator/join_screen.py")
    assert at.get("image")  # the QR code
    shown = " ".join(m.value for m in at.markdown)
    assert "https://gapmap.example.org/?code=BKK2024" in shown and "BKK2024" in shown


def test_live_results_draw_a_chart_for_every_answered_question(room):
    at, _ = room
    open_page(at, "pages/facilitator/dashboard.py")
    assert [m.value for m in at.metric][:2] == ["28", "12"]  # the open session "forced labour": 28 submitted
    assert len(at.get("plotly_chart")) >= 10
    assert any("Chatham House" in c.value for c in at.caption)  # the demo names no country to facilitators


def test_a_sector_filter_with_too_few_respondents_hides_the_results(room):
    at, _ = room
    open_page(at, "pages/facilitator/dashboard.py")
    at.multiselect(key="room-sectors").set_value(["judiciary"]).run()
    assert not at.exception
    assert not at.get("plotly_chart")
    # nobody in the demo is a judge: the page says the filter matches nobody (not "no answers yet")
    assert at.info[0].value.startswith(("Fewer than 3 respondents", "No submitted answer matches these filters"))


# The projector's slides and their privacy: tests/test_presenter.py (the console drives the screen).


# --- findings by State (DESIGN.md §5a) ----------------------------------------------------------

ISO3 = ["KHM", "IND", "IDN", "LAO", "MYS", "MDV", "NPL", "PHL", "LKA", "THA", "TLS", "VNM"]


def chart_specs(at) -> str:
    return " ".join(chart.proto.spec for chart in at.get("plotly_chart"))


def test_live_results_count_states_by_default_and_switch_to_respondents(room):
    at, _ = room
    open_page(at, "pages/facilitator/dashboard.py")
    assert at.button_group(key="room-unit").value == "By State"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["States present"] == "12" and metrics["Respondents (submitted)"] == "28"
    specs = chart_specs(at)
    assert "of 12 States" in specs and "n = 12 States present" in specs
    assert not any(f'"{code}"' in specs for code in ISO3)  # Chatham House: counts of States, none named
    captions = [c.value for c in at.caption]
    assert any("Counts respondents" in c for c in captions)  # the Likert views keep counting respondents
    assert any(re.search(r"\d+ delegations? (were|was) split", c) for c in captions)
    at.button_group(key="room-unit").set_value("By respondent").run()
    assert not at.exception, at.exception
    assert "States present" not in [m.label for m in at.metric]
    assert "of 12 States" not in chart_specs(at) and "n = 28 respondents" in chart_specs(at)
    assert not any("Counts respondents" in c.value for c in at.caption)


def test_compare_countries_by_state_and_by_respondent(room):
    at, _ = room
    open_page(at, "pages/facilitator/compare.py")
    assert at.button_group(key="compare-unit").value == "By State"
    tables = [d.value for d in at.dataframe]
    convergence = next(t for t in tables if "Position held most" in t.columns)
    assert convergence["States holding it"].str.fullmatch(r"\d+ of \d+ States").all()
    gaps = next(t for t in tables if "States citing it" in t.columns)
    assert "Which States" not in gaps.columns  # Chatham House: no State named to facilitators
    assert list(gaps["States citing it"]) == sorted(gaps["States citing it"], reverse=True)
    assert gaps["Measured against"].str.len().gt(5).all(), "each gap type names its standard (gap typology)"
    from gapmap.typology import ACTION_LABELS
    assert set(gaps["Recommended action"]) <= set(ACTION_LABELS.values())  # gapmap.synthesis, as in the brief
    at.button_group(key="compare-unit").set_value("By respondent").run()
    assert not at.exception, at.exception
    assert not any("Position held most" in d.value.columns for d in at.dataframe)
    assert any("choose “By State”" in i.value for i in at.info)  # convergence compares States only


def test_the_participation_board(room):
    at, _ = room
    open_page(at, "pages/facilitator/participation.py")
    table = at.dataframe[0].value
    assert len(table) == 13 and table.iloc[-1, 0] == "All countries"  # 12 countries and the totals


def test_moderation_hides_an_answer_and_logs_it(room):
    at, engine = room
    open_page(at, "pages/facilitator/moderation.py")
    toggle = next(t for t in at.toggle if t.key.startswith("hide-"))
    answer_id = int(toggle.key.split("-")[1])
    toggle.set_value(True).run()
    assert not at.exception
    with read_session(engine) as s:
        assert s.exec(select(Moderation).where(Moderation.answer_id == answer_id)).one().hidden
        assert audit.entries(db=s, actions=["text_moderated"])[0].detail["hidden"] is True


def test_compare_countries_runs_for_the_whole_event(room):
    at, _ = room
    open_page(at, "pages/facilitator/compare.py")
    assert len(at.get("plotly_chart")) > 5
    assert any("Chatham House" in i.value for i in at.info)  # no country profiles for facilitators here


def test_delegates_have_none_of_the_room_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'd.sqlite3'}")
    st.cache_resource.clear()
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["code"] = "BKK2024"
    at.run()
    at.selectbox(key="join-country").set_value("THA")
    at.selectbox(key="join-sector").set_value("other")
    at.checkbox(key="join-consent").check()
    at.button(key="join-start").click().run()
    for page in ("dashboard", "projector", "join_screen", "participation", "moderation", "compare"):
        with pytest.raises(ValueError):
            at.switch_page(f"pages/facilitator/{page}.py")
    st.cache_resource.clear()


def test_the_organiser_exports_a_workbook_from_the_export_page(tmp_path, monkeypatch):
    at, _ = start_app(tmp_path, monkeypatch, "organiser")
    at.switch_page("pages/organiser/export.py").run()
    assert not at.exception
    at.toggle(key="export-anonymise").set_value(True).run()
    at.button(key="export-xlsx").click().run()
    assert not at.exception
    assert at.get("download_button")[0].proto.label == "Download gapmap-BKK2024-anonymised.xlsx"
    assert at.dataframe[0].value.iloc[0]["What"] == "xlsx"  # the recent exports list
    stop_app()


def test_the_organiser_downloads_the_state_positions_but_not_in_anonymised_mode(tmp_path, monkeypatch):
    at, _ = start_app(tmp_path, monkeypatch, "organiser")
    at.switch_page("pages/organiser/export.py").run()
    at.button(key="export-positions").click().run()
    assert not at.exception
    assert at.get("download_button")[0].proto.label == "Download gapmap-BKK2024-positions.csv"
    at.toggle(key="export-anonymise").set_value(True).run()
    assert at.button(key="export-positions").disabled  # positions name States: organisers' full exports only
    stop_app()


def test_closing_a_session_is_asked_once_more(room):
    at, engine = room
    with read_session(engine) as s:
        open_now = s.exec(select(AgendaSession).where(AgendaSession.state == "open")).first()
    confirm = at.button(key=f"state-{open_now.id}")
    assert confirm.label == "Close the session"  # inside the "Close" popover, not the first click
    confirm.click().run()
    with read_session(engine) as s:
        assert s.get(AgendaSession, open_now.id).state == "closed"


def test_state_findings_are_computed_once_for_every_audience(room, monkeypatch):
    """The facilitator, the projector and delegates share one State computation per data change;
    only the privacy view differs per audience."""
    import ui.results as shared
    from gapmap.privacy import Audience

    _, engine = room
    with read_session(engine) as s:
        open_now = s.exec(select(AgendaSession).where(AgendaSession.state == "open")).first()
    calls = []
    original = shared.session_positions
    monkeypatch.setattr(shared, "session_positions", lambda *a, **k: calls.append(1) or original(*a, **k))
    st.cache_resource.clear()
    named = shared.visible_positions(open_now.id, Audience(k=3, name_countries=True))
    unnamed = shared.visible_positions(open_now.id, Audience(k=3, name_countries=False, projector=True))
    assert len(calls) == 1
    assert any(f.positions for r in named.values() for f in r.findings)
    assert not any(f.positions for r in unnamed.values() for f in r.findings)
