"""A delegate's journey in plain functions: join, resume, drafts, submit, closed sessions."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event
from sqlmodel import select

from db import audit
from db.engine import read_session
from db.models import Answer, Response
from gapmap import responding, room
from tests.factories import make_event

QUESTIONNAIRE = {
    "key": "tiny", "title": "Tiny", "theme": "other",
    "questions": [
        {"id": "q1", "type": "single_choice", "text": "Pick", "required": True,
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        {"id": "q2", "type": "long_text", "text": "Say more", "max_length": 50},
    ],
}


@pytest.fixture
def seat(engine):
    ids = make_event(engine, questionnaire=QUESTIONNAIRE)
    participant = responding.join(engine, event_id=ids["event"], country="THA", sector="prosecution")
    copy = responding.open_session(engine, participant, ids["session"])
    return engine, ids, participant, copy


def test_joining_checks_country_and_sector(engine):
    ids = make_event(engine)
    with pytest.raises(responding.JoinError, match="participating countries"):
        responding.join(engine, event_id=ids["event"], country="AUS", sector="other")
    with pytest.raises(responding.JoinError, match="sector"):
        responding.join(engine, event_id=ids["event"], country="THA", sector="my agency")
    participant = responding.join(engine, event_id=ids["event"], country="KHM", sector="prefer_not")
    assert len(participant.token) >= 32
    with read_session(engine) as s:
        joined = audit.entries(db=s, actions=["participant_joined"])
    assert [e.detail for e in joined] == [{"country": "KHM"}]  # never the token


def test_a_token_resumes_and_a_forged_one_does_not(seat):
    engine, ids, participant, _ = seat
    found_participant, event = responding.resume(engine, participant.token)
    assert found_participant.id == participant.id and event.id == ids["event"]
    changed = participant.token[:-1] + ("A" if participant.token[-1] != "A" else "B")  # one character off
    for forged in ("", "x" * 500, changed, "' OR 1=1 --"):
        assert responding.resume(engine, forged) is None


def test_a_draft_is_kept_and_comes_back_without_counting_as_an_answer(seat):
    engine, ids, participant, copy = seat
    saved = responding.keep_draft(engine, participant, copy, {"q1": "b", "q2": "half-typed"})
    assert saved.ok and saved.at is not None and not saved.late
    again = responding.open_session(engine, participant, ids["session"])
    assert again.values == {"q1": "b", "q2": "half-typed"} and again.status == "draft"
    with read_session(engine) as s:
        assert s.exec(select(Answer)).all() == []  # charts count submitted answers only


def test_invalid_draft_values_are_left_out_with_a_message(seat):
    engine, _, participant, copy = seat
    saved = responding.keep_draft(engine, participant, copy, {"q1": "crafted", "q2": "fine"})
    assert saved.errors == {"q1": "That is not one of this question's options."}
    assert responding.open_session(engine, participant, copy.agenda_session.id).values == {"q2": "fine"}


def test_submit_needs_required_answers_and_keeps_the_draft(seat):
    engine, _, participant, copy = seat
    result = responding.submit(engine, participant, copy, {"q2": "only text"}, token="t1")
    assert not result.ok and result.errors == {"q1": "This question needs an answer."}
    assert responding.open_session(engine, participant, copy.agenda_session.id).values == {"q2": "only text"}


def test_submit_is_idempotent_and_the_latest_submission_counts(seat):
    engine, _, participant, copy = seat
    assert responding.submit(engine, participant, copy, {"q1": "a"}, token="t1").ok
    assert responding.submit(engine, participant, copy, {"q1": "b"}, token="t1").ok  # a retry of the first
    with read_session(engine) as s:
        assert [a.option for a in s.exec(select(Answer))] == ["a"]
    assert responding.submit(engine, participant, copy, {"q1": "b", "q2": "changed my mind"}, token="t2").ok
    with read_session(engine) as s:
        assert len(s.exec(select(Response)).all()) == 1
        assert sorted((a.question_id, a.option or a.text) for a in s.exec(select(Answer))) == [
            ("q1", "b"), ("q2", "changed my mind")]
        history = audit.entries(db=s, actions=["response_submitted"])
    assert len(history) == 2  # the replay left no trace; both real submissions did


def test_two_tabs_submitting_at_once_give_one_response(seat):
    engine, _, participant, copy = seat
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(
            lambda n: responding.submit(engine, participant, copy, {"q1": "ab"[n % 2]}, token=f"tab-{n}"),
            range(6)))
    assert all(r.ok for r in results)
    with read_session(engine) as s:
        assert len(s.exec(select(Response)).all()) == 1
        assert len(s.exec(select(Answer)).all()) == 1


def test_a_session_closed_while_typing_keeps_the_draft_as_late(seat):
    engine, ids, participant, copy = seat
    responding.keep_draft(engine, participant, copy, {"q1": "a"})
    room.set_state(engine, ids["session"], "closed", actor="facilitator")
    late = responding.keep_draft(engine, participant, copy, {"q1": "a", "q2": "typed after closing"})
    assert late.ok and late.late and "closed" in late.message
    refused = responding.submit(engine, participant, copy, {"q1": "a", "q2": "typed after closing"}, token="t9")
    assert not refused.ok and refused.late
    kept = responding.open_session(engine, participant, ids["session"])
    assert kept.late and kept.values["q2"] == "typed after closing"
    from db.events import response_counts

    with read_session(engine) as s:  # what the facilitators' session list counts
        assert response_counts(db=s, event_id=ids["event"])[ids["session"]] == {
            "draft": 1, "submitted": 0, "late": 1}
    with read_session(engine) as s:
        assert s.exec(select(Answer)).all() == []


def test_a_scheduled_session_takes_nothing(engine):
    ids = make_event(engine, state="scheduled", questionnaire=QUESTIONNAIRE)
    participant = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    copy = responding.open_session(engine, participant, ids["session"])
    assert not responding.keep_draft(engine, participant, copy, {"q1": "a"}).ok


def test_a_session_of_another_event_cannot_be_opened(seat):
    engine, _, participant, _ = seat
    other = make_event(engine, code="OTHER1", questionnaire=QUESTIONNAIRE)
    assert responding.open_session(engine, participant, other["session"]) is None
    assert responding.open_session(engine, participant, 999_999) is None


@pytest.mark.parametrize("action", ["submit", "keep_draft"])
def test_a_close_cannot_slip_in_between_the_state_check_and_the_write(seat, action):
    """The session's state is read in the transaction that writes: a facilitator closing the
    session right after the check waits until the answers are stored, so an answer is never
    stored as "open" after the session closed."""
    engine, ids, participant, copy = seat
    submitting, closed, slipped_in = threading.get_ident(), threading.Event(), []

    def close():
        room.set_state(engine, ids["session"], "closed", actor="facilitator")
        closed.set()

    def on_query(_conn, _cursor, statement, *_):
        if threading.get_ident() == submitting and not slipped_in and "FROM agenda_session" in statement:
            threading.Thread(target=close, daemon=True).start()  # the moment the state was read
            slipped_in.append(closed.wait(timeout=1))

    event.listen(engine, "after_cursor_execute", on_query)
    try:
        if action == "submit":
            saved = responding.submit(engine, participant, copy, {"q1": "a"}, token="t1")
        else:
            saved = responding.keep_draft(engine, participant, copy, {"q1": "a"})
    finally:
        event.remove(engine, "after_cursor_execute", on_query)
    assert closed.wait(timeout=30)
    assert slipped_in == [False]  # the close waited for the write's transaction
    assert saved.ok and not saved.late
    with read_session(engine) as s:
        response = s.exec(select(Response)).one()
    assert response.status == ("submitted" if action == "submit" else "draft") and not response.late


@pytest.mark.parametrize("values", [{}, {"q1": None, "q2": ""}, {"q2": "   \n "}, {"unknown": "x"}])
def test_an_empty_questionnaire_is_refused_and_stores_nothing(seat, values):
    engine, ids, participant, copy = seat
    refused = responding.submit(engine, participant, copy, values, token="t-empty")
    assert not refused.ok and refused.message == "Answer at least one question before submitting."
    assert refused.errors == {}  # not "q1 needs an answer": the page shows the one message
    from db.events import response_counts

    with read_session(engine) as s:
        assert s.exec(select(Response)).all() == []  # not a respondent, not even a draft
        assert s.exec(select(Answer)).all() == []
        assert response_counts(db=s, event_id=ids["event"]).get(ids["session"], {}).get("submitted", 0) == 0
        assert audit.entries(db=s, actions=["response_submitted"]) == []


def test_an_earlier_submission_stands_when_an_emptied_form_is_submitted(seat):
    engine, _, participant, copy = seat
    assert responding.submit(engine, participant, copy, {"q1": "a"}, token="t1").ok
    assert not responding.submit(engine, participant, copy, {}, token="t2").ok
    with read_session(engine) as s:
        assert s.exec(select(Response)).one().status == "submitted"
        assert [a.option for a in s.exec(select(Answer))] == ["a"]


def test_an_invalid_answer_alone_is_not_empty_it_gets_its_message(seat):
    engine, _, participant, copy = seat
    refused = responding.submit(engine, participant, copy, {"q1": "crafted"}, token="t1")
    assert not refused.ok and refused.errors == {"q1": "That is not one of this question's options."}


def test_a_join_and_a_submission_tell_the_pulse_routes_to_read_again_and_a_refusal_does_not(seat):
    """`recorded()` is what the pulse routes' shared values are stamped with (`ui.pulse_routes`):
    the open views of this process learn of a submission at their next ask, not half a second later."""
    engine, ids, participant, copy = seat
    before = responding.recorded()
    assert not responding.submit(engine, participant, copy, {}, "t-empty").ok  # empty: refused
    assert not responding.submit(engine, participant, copy, {"q2": "only text"}, "t-missing").ok  # q1 required
    assert responding.recorded() == before
    assert responding.submit(engine, participant, copy, {"q1": "a"}, "t-ok").ok
    after_submit = responding.recorded()
    assert after_submit != before
    responding.join(engine, event_id=ids["event"], country="KHM", sector="other")
    assert responding.recorded() != after_submit
