"""Where a delegate stands on each agenda session: the pure state function, the agenda's order,
and the agenda page drawing them (AppTest)."""
from datetime import date, datetime
from types import SimpleNamespace

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from gapmap import responding, room
from gapmap.agenda import (
    CHANGED,
    CONTINUE,
    DRAFT,
    LATE,
    NOT_STARTED,
    REVIEW,
    START,
    SUBMITTED,
    VIEW,
    AgendaSessionSummary,
    agenda_order,
    my_progress,
)
from gapmap.event_time import clock
from tests.factories import make_event

T0 = datetime(2024, 8, 21, 10, 34, 12)
T1 = datetime(2024, 8, 21, 11, 5, 0)


def row(status="draft", submitted_at=None, draft_saved_at=None, late=False):
    return SimpleNamespace(status=status, submitted_at=submitted_at, draft_saved_at=draft_saved_at, late=late)


@pytest.mark.parametrize("response, state, label, action, time", [
    (None, "open", NOT_STARTED, START, None),
    (None, "scheduled", NOT_STARTED, None, None),
    (None, "closed", NOT_STARTED, None, None),  # nothing of theirs to view
    (row(draft_saved_at=T0), "open", DRAFT, CONTINUE, T0),
    (row(draft_saved_at=T0), "closed", DRAFT, VIEW, T0),
    (row("submitted", T0, T0), "open", SUBMITTED, REVIEW, T0),
    (row("submitted", T0, T0), "closed", SUBMITTED, VIEW, T0),
    (row("submitted", T0, T1), "open", CHANGED, CONTINUE, T1),
    (row("submitted", T0, T1), "closed", CHANGED, VIEW, T1),  # changes not submitted before it closed
    (row(draft_saved_at=T1, late=True), "closed", LATE, VIEW, T1),
    (row("submitted", T0, T1, late=True), "closed", LATE, VIEW, T1),
    (row("submitted", T1, T1, late=True), "closed", SUBMITTED, VIEW, T1),  # reopened, submitted again
    (row(draft_saved_at=T1, late=True), "open", DRAFT, CONTINUE, T1),  # reopened: submittable again
    (row("submitted", T0, T1, late=True), "open", CHANGED, CONTINUE, T1),
    (row("draft"), "open", NOT_STARTED, START, None),  # a row without a saved draft
])
def test_the_state_of_a_session_for_one_delegate(response, state, label, action, time):
    progress = my_progress(response, state)
    assert (progress.label, progress.action, progress.time) == (label, action, time)


def test_the_text_tells_the_time_on_the_events_clock():
    """Stored times are UTC (naive on SQLite); the badge reads the room's clock, the page names the zone."""
    assert my_progress(row("submitted", T0, T0), "open").text == "Submitted ✓ 10:34"
    assert my_progress(row("submitted", T0, T0), "open", "Asia/Bangkok").text == "Submitted ✓ 17:34"
    assert my_progress(row(draft_saved_at=T1), "open", "Asia/Bangkok").text == "Draft saved 18:05"
    assert my_progress(row(draft_saved_at=T1), "open", "Europe/Zurich").text == "Draft saved 13:05"  # summer time
    assert my_progress(row(draft_saved_at=T1, late=True), "closed", "Asia/Kathmandu").text == "Late draft 16:50"
    assert my_progress(None, "open", "Asia/Bangkok").text == "Not started"


def summary(id, day, position, state):
    return AgendaSessionSummary(
        id=id, day=day, day_date=date(2024, 8, 19 + day), position=position, title=f"S{id}",
        questionnaire_key="k", questionnaire_theme="other", questionnaire_title="Q", questionnaire_version=1,
        state=state, results_visible=False, submitted=0, drafts=0)


def test_open_sessions_come_first_then_later_then_closed_each_in_programme_order():
    sessions = [summary(1, 1, 1, "closed"), summary(2, 1, 2, "closed"), summary(3, 2, 2, "open"),
                summary(4, 2, 1, "open"), summary(5, 2, 3, "scheduled"), summary(6, 1, 3, "open")]
    assert [s.id for s in agenda_order(sessions)] == [6, 4, 3, 5, 1, 2]


@pytest.fixture
def event(tmp_path, monkeypatch):
    """An app database (no demo) with an event of three sessions: closed, open and scheduled."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    monkeypatch.setenv("GAPMAP_SEED_DEMO", "0")
    st.cache_resource.clear()
    AppTest.from_file("../app.py", default_timeout=30).run()  # migrates
    engine = make_engine(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    ids = make_event(engine, state="open")
    add = _add_session(engine, ids)
    closed, later = add(1, 2, "closed"), add(2, 1, "scheduled")
    participant = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    yield engine, {"open": ids["session"], "closed": closed, "later": later}, participant
    st.cache_resource.clear()


def _add_session(engine, ids):
    from db.engine import write_session
    from db.models import AgendaSession

    def add(day, position, state):
        with write_session(engine) as s:
            agenda_session = AgendaSession(event_id=ids["event"], day=day, position=position,
                                           title=f"Session {state}", questionnaire_version_id=ids["version"],
                                           state=state)
            s.add(agenda_session)
            s.flush()
            return agenda_session.id
    return add


def agenda_page(participant) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.query_params["p"] = participant.token
    return at.run()


def card(at, session_id):
    return at.get_by_key(f"agenda-{session_id}")


def badge_text(at, session_id) -> str:
    """The markdown of the state badge in a card (st.badge draws as Markdown)."""
    return " ".join(m.value for m in card(at, session_id).markdown if "badge[" in m.value)


def test_the_agenda_draws_sections_in_order_and_each_sessions_state_and_action(event):
    engine, ids, participant = event
    at = agenda_page(participant)
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("####")]
    assert headings == ["#### Open now", "##### Day 1 · Tue 20 Aug", "#### Coming later",
                        "##### Day 2 · Wed 21 Aug", "#### Closed", "##### Day 1 · Tue 20 Aug"]
    assert [b.label for b in at.button if b.key.startswith("answer-")] == [START]
    assert NOT_STARTED in badge_text(at, ids["open"])
    assert at.button(key=f"answer-{ids['open']}").proto.type == "primary"
    assert "Times are in UTC." in [c.value for c in at.caption]

    copy = responding.open_session(engine, participant, ids["open"])
    saved = responding.keep_draft(engine, participant, copy, {"q1": "a"})
    at = agenda_page(participant)
    assert badge_text(at, ids["open"]).endswith(f"{DRAFT} {clock('UTC', saved.at)}]")
    assert at.button(key=f"answer-{ids['open']}").label == CONTINUE

    assert responding.submit(engine, participant, copy, {"q1": "a"}, token="t1").ok
    at = agenda_page(participant)
    assert SUBMITTED in badge_text(at, ids["open"])
    assert at.button(key=f"answer-{ids['open']}").label == REVIEW
    assert at.button(key=f"answer-{ids['open']}").proto.type == "secondary"

    responding.keep_draft(engine, participant, copy, {"q1": "b"})
    at = agenda_page(participant)
    assert CHANGED in badge_text(at, ids["open"])
    assert any("Submit again" in c.value for c in card(at, ids["open"]).caption)
    assert at.button(key=f"answer-{ids['open']}").label == CONTINUE

    room.set_state(engine, ids["open"], "closed", actor="facilitator")
    responding.keep_draft(engine, participant, copy, {"q1": "a", "q2": "after it closed"})
    at = agenda_page(participant)
    assert LATE in badge_text(at, ids["open"])
    assert at.button(key=f"answer-{ids['open']}").label == VIEW
    assert [m.value for m in at.markdown if m.value.startswith("#### ")] == [
        "#### Coming later", "#### Closed"]


def test_the_agenda_button_opens_the_answer_page(event):
    _, ids, participant = event
    at = agenda_page(participant)
    at.button(key=f"answer-{ids['open']}").click().run()
    assert not at.exception
    assert at.get_by_key("submit") is not None


def set_time_zone(engine, event_id, name):
    from db.engine import write_session
    from db.models import Event

    with write_session(engine) as s:
        s.get(Event, event_id).time_zone = name


def test_an_event_in_bangkok_shows_bangkok_times_and_names_the_zone_once(event):
    engine, ids, participant = event
    set_time_zone(engine, participant.event_id, "Asia/Bangkok")
    copy = responding.open_session(engine, participant, ids["open"])
    assert responding.submit(engine, participant, copy, {"q1": "a"}, token="t1").ok
    stored = responding.open_session(engine, participant, ids["open"])
    submitted_at = stored.submitted_at
    at = agenda_page(participant)
    assert not at.exception
    assert badge_text(at, ids["open"]).endswith(f"{SUBMITTED} {clock('Asia/Bangkok', submitted_at)}]")
    assert clock("Asia/Bangkok", submitted_at) != clock("UTC", submitted_at)
    assert [c.value for c in at.caption if "Times are" in c.value] == ["Times are in Bangkok time (UTC+07:00)."]
    assert not any("UTC" in m.value for m in at.markdown if "badge[" in m.value)

    at.button(key=f"answer-{ids['open']}").click().run()  # the answer page tells the same clock
    assert not at.exception
    assert any(f"You submitted at {clock('Asia/Bangkok', submitted_at)} Bangkok time." in m.value
               for m in at.success)
    saved_at = clock("Asia/Bangkok", stored.draft_saved_at, seconds=True)
    assert f"Draft saved at {saved_at} Bangkok time" in [c.value for c in at.caption]
