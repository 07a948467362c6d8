"""Staff sessions (a sign-in that survives a reload) and the running event, as services and in
the app: defaults, remembering the event, revocation, expiry, forged ids."""
from datetime import date, timedelta

import pytest
from sqlmodel import select

from db import audit
from db.engine import read_session
from db.models import Event, StaffSession, utcnow
from gapmap import staff_sessions
from gapmap.running_event import running_event, set_running
from tests.app_support import start_app, stop_app
from tests.factories import make_event


def test_a_session_resumes_until_it_is_revoked(sqlite_engine):
    token = staff_sessions.start(sqlite_engine, "facilitator")
    grant = staff_sessions.resume(sqlite_engine, token)
    assert grant is not None and grant.role == "facilitator" and grant.event_id is None
    with read_session(sqlite_engine) as db:
        stored = db.exec(select(StaffSession)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64  # only a digest is kept
    staff_sessions.end(sqlite_engine, token)
    assert staff_sessions.resume(sqlite_engine, token) is None
    assert staff_sessions.known(sqlite_engine, token)
    with read_session(sqlite_engine) as db:
        assert [e.action for e in audit.entries(db=db, actions=["sign_out"])] == ["sign_out"]


def test_forged_empty_and_odd_ids_give_nothing(sqlite_engine):
    staff_sessions.start(sqlite_engine, "organiser")
    for forged in ("", None, "x" * 5000, "' OR 1=1 --", "\x00"):
        assert staff_sessions.resume(sqlite_engine, forged) is None
        assert not staff_sessions.known(sqlite_engine, forged)
        assert staff_sessions.bind_cookie(sqlite_engine, forged) is None
    with pytest.raises(ValueError):
        staff_sessions.start(sqlite_engine, "delegate")


def test_an_expired_session_gives_nothing(sqlite_engine):
    token = staff_sessions.start(sqlite_engine, "facilitator", hours=1)
    assert staff_sessions.resume(sqlite_engine, token, now=utcnow() + timedelta(minutes=59)) is not None
    assert staff_sessions.resume(sqlite_engine, token, now=utcnow() + timedelta(hours=1, seconds=1)) is None


def test_the_cookie_is_handed_over_once_and_only_soon_after_sign_in(sqlite_engine):
    token = staff_sessions.start(sqlite_engine, "facilitator")
    assert staff_sessions.cookie_pending(sqlite_engine, token)  # the page keeps asking until it is taken
    assert staff_sessions.bind_cookie(sqlite_engine, token) is not None
    assert not staff_sessions.cookie_pending(sqlite_engine, token)
    assert staff_sessions.bind_cookie(sqlite_engine, token) is None  # a second hand-off is refused
    late = staff_sessions.start(sqlite_engine, "facilitator")
    too_late = utcnow() + timedelta(seconds=staff_sessions.HANDOFF_SECONDS + 1)
    assert staff_sessions.bind_cookie(sqlite_engine, late, now=too_late) is None


def test_a_session_lasts_the_running_events_days():
    now = utcnow()
    event = Event(code="LONG2026", title="t", start_date=now.date(), end_date=now.date())
    assert staff_sessions.expiry(now, None, None) == now + timedelta(hours=staff_sessions.MIN_HOURS)
    event.end_date = now.date() + timedelta(days=3)
    end = staff_sessions.expiry(now, event, None)
    assert end.date() == now.date() + timedelta(days=5)  # midnight after the day that follows the last day
    event.end_date = date(2030, 1, 1)
    assert staff_sessions.expiry(now, event, None) == now + timedelta(days=staff_sessions.MAX_DAYS)
    assert staff_sessions.expiry(now, event, 2) == now + timedelta(hours=2)


def test_the_lifetime_setting_is_checked():
    assert staff_sessions.configured_hours({}) is None
    assert staff_sessions.configured_hours({staff_sessions.HOURS_ENV: " 72 "}) == 72
    for bad in ("three days", "0", "-1", "100000"):
        with pytest.raises(ValueError, match=staff_sessions.HOURS_ENV):
            staff_sessions.configured_hours({staff_sessions.HOURS_ENV: bad})


def test_revoking_all_ends_every_live_session_and_is_audited(sqlite_engine):
    tokens = [staff_sessions.start(sqlite_engine, role) for role in ("facilitator", "organiser", "facilitator")]
    staff_sessions.end(sqlite_engine, tokens[2])
    assert staff_sessions.active_count(sqlite_engine) == 2
    assert staff_sessions.revoke_all(sqlite_engine, actor="organiser") == 2
    assert all(staff_sessions.resume(sqlite_engine, t) is None for t in tokens)
    with read_session(sqlite_engine) as db:
        entry = audit.entries(db=db, actions=["staff_sessions_revoked"])[0]
    assert entry.actor == "organiser" and entry.detail == {"count": 2}


def test_the_last_running_event_mark_wins_and_both_are_audited(sqlite_engine):
    first = make_event(sqlite_engine, code="FIRST2026")["event"]
    second = make_event(sqlite_engine, code="SECOND2026")["event"]
    assert running_event(sqlite_engine) is None
    set_running(sqlite_engine, first, actor="organiser")
    set_running(sqlite_engine, second, actor="organiser")
    assert running_event(sqlite_engine).code == "SECOND2026"
    with read_session(sqlite_engine) as db:
        marks = audit.entries(db=db, actions=["running_event_set"])
    assert sorted(m.event_id for m in marks) == sorted([first, second])


def test_the_chosen_event_is_remembered_on_the_session(sqlite_engine):
    event = make_event(sqlite_engine, code="MINE2026")["event"]
    token = staff_sessions.start(sqlite_engine, "facilitator")
    staff_sessions.remember_event(sqlite_engine, token, event)
    assert staff_sessions.resume(sqlite_engine, token).event_id == event


# --- In the app (AppTest) ---------------------------------------------------------------------

@pytest.fixture
def organiser(tmp_path, monkeypatch):
    yield start_app(tmp_path, monkeypatch, "organiser")
    stop_app()


def _header_event(at) -> str:
    return at.selectbox(key="room-event").value


def test_staff_pages_open_on_the_running_event_not_the_newest(tmp_path, monkeypatch):
    _, engine = start_app(tmp_path, monkeypatch)
    try:
        demo = running_event(engine)
        assert demo is not None and demo.is_demo  # a fresh install runs its demo event
        make_event(engine, code="NEWER2027")  # created after the demo: the newest
        at, _ = start_app(tmp_path, monkeypatch, "facilitator")
        at.switch_page("pages/facilitator/sessions.py").run()
        assert not at.exception, at.exception
        assert _header_event(at) == demo.id
    finally:
        stop_app()


def test_a_new_staff_browser_opens_on_the_running_event(tmp_path, monkeypatch):
    _, engine = start_app(tmp_path, monkeypatch)
    try:
        newer = make_event(engine, code="NEWER2027")["event"]
        set_running(engine, newer, actor="organiser")
        at, _ = start_app(tmp_path, monkeypatch, "facilitator")  # a new browser on the same database
        at.switch_page("pages/facilitator/sessions.py").run()
        assert not at.exception, at.exception
        assert _header_event(at) == newer
    finally:
        stop_app()


def test_choosing_an_event_is_remembered_by_the_staff_session(organiser):
    at, engine = organiser
    other = make_event(engine, code="OTHER2026")["event"]
    at.switch_page("pages/facilitator/sessions.py").run()
    at.selectbox(key="room-event").set_value(other).run()
    assert not at.exception, at.exception
    token = at.session_state["gapmap_staff_session"]
    assert staff_sessions.resume(engine, token).event_id == other
    at.switch_page("pages/facilitator/participation.py").run()
    assert _header_event(at) == other


def test_an_organiser_marks_the_running_event_from_the_header(organiser):
    at, engine = organiser
    other = make_event(engine, code="OTHER2026")["event"]
    at.switch_page("pages/facilitator/sessions.py").run()
    at.selectbox(key="room-event").set_value(other).run()
    at.button(key="mark-running").click().run()
    assert not at.exception, at.exception
    assert running_event(engine).id == other


def test_a_revoked_session_is_signed_out_at_its_next_interaction(organiser):
    at, engine = organiser
    at.switch_page("pages/facilitator/sessions.py").run()
    staff_sessions.revoke_all(engine, actor="organiser")  # from another organiser's browser
    at.run()
    assert not at.exception, at.exception
    assert "gapmap_role" not in at.session_state
    assert any("Your sign-in has ended" in m.value for m in [*at.info, *at.warning, *at.markdown, *at.error])


def test_an_archived_running_event_is_said_and_the_list_offered(organiser):
    at, engine = organiser
    from gapmap.event_setup import set_archived

    demo = running_event(engine)
    set_archived(engine, demo.id, True, actor="organiser")
    at.switch_page("pages/facilitator/sessions.py").run()
    assert not at.exception, at.exception
    assert any("is archived" in w.value for w in at.warning)
    assert at.selectbox(key="room-event").options  # the list to choose another from


def test_the_organiser_ends_every_staff_sign_in(organiser):
    at, engine = organiser
    staff_sessions.start(engine, "facilitator")
    at.switch_page("pages/organiser/events.py").run()
    at.button(key="revoke-staff").click().run()
    assert staff_sessions.active_count(engine) == 0
    assert any("Your sign-in has ended" in m.value for m in [*at.info, *at.warning, *at.markdown, *at.error])
