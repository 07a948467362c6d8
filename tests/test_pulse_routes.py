"""`ui.pulse_routes` without a server: a slide this process moved is answered at once (the page that
moved it would otherwise see the slide before and redraw once more for nothing), another process's
move within SHARED_SECONDS; a session opened here moves the staff routes at once too; ids that name
nothing are not found. The routes through the real server: tests/test_browser_pulse.py."""
from __future__ import annotations

import time

import pytest

from gapmap import presenter, room
from tests.factories import make_event
from ui import pulse_routes, resources
from ui.pulse_routes import PARTICIPATION, SCREEN, SESSIONS, SHARED_SECONDS


@pytest.fixture
def engine(sqlite_engine, monkeypatch):
    monkeypatch.setattr(resources, "engine", lambda: sqlite_engine)
    return sqlite_engine


def test_a_slide_moved_by_this_process_is_answered_at_once(engine):
    event = make_event(engine, code="MOVED24")["event"]
    before = pulse_routes.answer(SCREEN, event)
    presenter.show(engine, event, slide_index=1, actor="facilitator")  # as another process would
    assert pulse_routes.answer(SCREEN, event) == before  # shared: read again within SHARED_SECONDS
    pulse_routes.screen_moved()  # as this process's projector or console does after moving it
    moved = pulse_routes.answer(SCREEN, event)
    assert moved[0] and moved != before
    presenter.show(engine, event, slide_index=2, actor="facilitator")
    time.sleep(SHARED_SECONDS + 0.1)
    assert pulse_routes.answer(SCREEN, event) not in (before, moved)


def test_a_session_state_changed_here_moves_the_staff_routes_at_once(engine):
    ids = make_event(engine, code="STATE24", state="scheduled")
    before = {route: pulse_routes.answer(route, ids["event"]) for route in (SESSIONS, PARTICIPATION)}
    room.set_state(engine, ids["session"], "open", actor="facilitator")
    after = {route: pulse_routes.answer(route, ids["event"]) for route in (SESSIONS, PARTICIPATION)}
    assert all(after[route] != before[route] and after[route][0] for route in after)


def test_ids_that_name_nothing_are_not_found_and_are_not_remembered(engine):
    ids = make_event(engine, code="KNOWN24")
    for route in pulse_routes.ROUTES:
        following = ids["session" if route == "pulse/results" else "event"] + 1  # the next one made
        for key in (0, 10**12, following):
            assert pulse_routes.answer(route, key) == (False, None), (route, key)
    later = make_event(engine, code="LATER24")  # an id asked for before it existed is found once it does
    assert (later["event"], later["session"]) == (ids["event"] + 1, ids["session"] + 1)
    for route in pulse_routes.ROUTES:
        assert pulse_routes.answer(route, later["session" if route == "pulse/results" else "event"])[0], route
