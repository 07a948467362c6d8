"""Organisers edit the agenda: sessions are added, reordered, moved, edited and removed safely."""
import pytest

from db import audit
from db.engine import read_session, write_session
from db.questionnaire_store import store_version
from gapmap import room
from gapmap.agenda import event_agenda
from gapmap.agenda_setup import add_session, move_session, remove_session, update_session
from gapmap.event_setup import SetupError
from questionnaires.loader import validate
from tests.factories import TINY, answer, make_event


def titles(engine, event_id):
    return [(i.day, i.position, i.title) for i in event_agenda(engine, event_id)[1]]


@pytest.fixture
def two_days(engine):
    """An event of two days with sessions A (the factory's "Session one"), B, C on day 1."""
    ids = make_event(engine, state="scheduled")
    for title in ("B", "C"):
        add_session(engine, ids["event"], day=1, title=title, version_id=ids["version"])
    return engine, ids


def test_sessions_are_added_at_the_end_of_their_day(two_days):
    engine, ids = two_days
    agenda_session = add_session(engine, ids["event"], day=2, title="  Wrap-up   session ", version_id=ids["version"])
    assert (agenda_session.day, agenda_session.position, agenda_session.title,
            agenda_session.state) == (2, 1, "Wrap-up session", "scheduled")
    assert titles(engine, ids["event"]) == [(1, 1, "Session one"), (1, 2, "B"), (1, 3, "C"), (2, 1, "Wrap-up session")]


def test_bad_session_input_names_each_field_and_saves_nothing(two_days):
    engine, ids = two_days
    with pytest.raises(SetupError) as caught:
        add_session(engine, ids["event"], day=3, title=" ", version_id=999)
    assert set(caught.value.problems) == {"title", "day", "questionnaire"}
    assert "The event has 2 day(s)" in caught.value.problems["day"]
    assert len(titles(engine, ids["event"])) == 3


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(two_days):
    engine, ids = two_days
    c = event_agenda(engine, ids["event"])[1][2].id
    assert move_session(engine, c, -1)
    assert [t for _, _, t in titles(engine, ids["event"])] == ["Session one", "C", "B"]
    assert move_session(engine, c, -1)
    assert not move_session(engine, c, -1)  # already first
    assert [t for _, _, t in titles(engine, ids["event"])] == ["C", "Session one", "B"]


def test_a_session_moved_to_another_day_leaves_no_gap(two_days):
    engine, ids = two_days
    b = event_agenda(engine, ids["event"])[1][1].id
    assert update_session(engine, b, day=2, title="B", version_id=ids["version"]) == ["day"]
    assert titles(engine, ids["event"]) == [(1, 1, "Session one"), (1, 2, "C"), (2, 1, "B")]


def test_an_answered_session_keeps_its_questionnaire_but_can_be_renamed(two_days):
    engine, ids = two_days
    answer(engine, ids)
    with write_session(engine) as s:
        other, _ = store_version(db=s, questionnaire=validate({**TINY, "key": "other"}))
    room.set_state(engine, ids["session"], "open", actor="facilitator")
    with pytest.raises(SetupError) as caught:
        update_session(engine, ids["session"], day=1, title="Session one", version_id=other.id)
    assert ("1 delegate(s) have already answered this session, so it keeps tiny v1"
            in caught.value.problems["questionnaire"])
    assert update_session(engine, ids["session"], day=1, title="Renamed", version_id=ids["version"]) == ["title"]


def test_an_unanswered_session_can_switch_questionnaire(two_days):
    engine, ids = two_days
    with write_session(engine) as s:
        other, _ = store_version(db=s, questionnaire=validate({**TINY, "key": "other"}))
    assert update_session(engine, ids["session"], day=1, title="Session one", version_id=other.id) == ["questionnaire"]
    assert event_agenda(engine, ids["event"])[1][0].questionnaire_key == "other"


def test_removing_renumbers_and_an_answered_session_cannot_be_removed(two_days):
    engine, ids = two_days
    answer(engine, ids)
    with pytest.raises(SetupError, match="1 delegate\\(s\\) have answered “Session one”"):
        remove_session(engine, ids["session"])
    b = event_agenda(engine, ids["event"])[1][1].id
    remove_session(engine, b)
    assert titles(engine, ids["event"]) == [(1, 1, "Session one"), (1, 2, "C")]


def test_every_agenda_change_is_in_the_audit_log(two_days):
    engine, ids = two_days
    c = event_agenda(engine, ids["event"])[1][2].id
    move_session(engine, c, -1)
    update_session(engine, c, day=2, title="C", version_id=ids["version"])
    remove_session(engine, c)
    with read_session(engine) as s:
        logged = [(e.action, e.actor, e.event_id) for e in audit.entries(db=s)]
    assert logged == [("session_removed", "organiser", ids["event"]), ("session_updated", "organiser", ids["event"]),
                      ("session_moved", "organiser", ids["event"]), ("session_added", "organiser", ids["event"]),
                      ("session_added", "organiser", ids["event"])]


def test_an_opened_session_keeps_its_questionnaire_even_before_anyone_answered(two_days):
    engine, ids = two_days
    with write_session(engine) as s:
        other, _ = store_version(db=s, questionnaire=validate({**TINY, "key": "other"}))
    room.set_state(engine, ids["session"], "open", actor="facilitator")
    with pytest.raises(SetupError) as caught:
        update_session(engine, ids["session"], day=1, title="Session one", version_id=other.id)
    assert "has been opened, so delegates may have it on their screens" in caught.value.problems["questionnaire"]
    with pytest.raises(SetupError, match="is open: delegates may be answering it"):
        remove_session(engine, ids["session"])


def test_a_session_update_logs_what_it_was_and_what_it_became(two_days):
    engine, ids = two_days
    update_session(engine, ids["session"], day=2, title="Opening", version_id=ids["version"])
    with read_session(engine) as s:
        detail = audit.entries(db=s, actions=["session_updated"])[0].detail
    assert detail == {"agenda_session_id": ids["session"], "title": "Session one → Opening", "day": "1 → 2"}


def test_a_session_title_cannot_carry_an_image(two_days):
    engine, ids = two_days
    with pytest.raises(SetupError, match="images, links and HTML are not allowed"):
        add_session(engine, ids["event"], day=1, title="Hi ![x](http://198.51.100.1/p.png)", version_id=ids["version"])
