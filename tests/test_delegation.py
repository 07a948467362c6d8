"""Delegations: naming heads, clearing and withdrawing positions, the head's view of the answers.

The delegation fixture: Thailand sent three delegates (prosecution, labour, law enforcement),
Cambodia one. Thai delegates 1 and 2 submitted different answers; delegate 3 joined only.
"""
import math

import pytest
from sqlmodel import select

from db import audit
from db.engine import read_session
from db.models import ClearedPosition, DelegationHead
from gapmap import responding, room
from gapmap.delegation import (
    MAX_NOTE,
    DelegationError,
    clear_position,
    delegation_view,
    delegations,
    is_head,
    set_head,
    withdraw_position,
)
from gapmap.delegation_positions import delegation_positions, describe
from gapmap.positions import NOT_SELECTED, SELECTED
from tests.factories import make_event

SPEC = {
    "key": "delegation", "title": "Delegation", "theme": "other",
    "questions": [
        {"id": "c1", "type": "single_choice", "text": "Is online recruitment covered?",
         "options": [{"id": "expressly", "label": "Covered expressly"}, {"id": "partly", "label": "Partly"},
                     {"id": "no", "label": "Not covered"}, {"id": "dont_know", "label": "Don't know"}]},
        {"id": "c2", "type": "single_choice", "text": "Nobody answers this",
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        {"id": "m1", "type": "multiple_choice", "text": "Which laws apply?",
         "options": [{"id": "penal", "label": "Penal code"}, {"id": "labour", "label": "Labour law"},
                     {"id": "dk", "label": "Don't know", "exclusive": True}]},
        {"id": "x1", "type": "matrix", "text": "Palermo elements",
         "rows": [{"id": "act", "text": "Act"}, {"id": "means", "text": "Means"}],
         "scale": [{"id": "yes", "label": "Yes"}, {"id": "partly", "label": "Partly"}, {"id": "no", "label": "No"}]},
        {"id": "n1", "type": "number", "text": "Maximum penalty (years)", "min": 0, "max": 100},
        {"id": "l1", "type": "likert", "text": "How well does it work?",
         "scale": [{"value": 1, "label": "Badly"}, {"value": 2, "label": "Well"}]},
        {"id": "g1", "type": "gap_register", "text": "Gaps", "gap_types": [{"id": "G01", "label": "Definition"}],
         "need_types": [{"id": "training", "label": "Training"}]},
    ],
}
FIRST = {"c1": "expressly", "m1": ["penal"], "x1": {"act": "yes"}, "n1": 10, "l1": 1,
         "g1": [{"gap_type": "G01", "description": "No definition of online recruitment", "severity": 3,
                 "need_type": "training", "priority": "high"}]}
SECOND = {"c1": "partly", "m1": ["penal", "labour"], "x1": {"act": "partly"}, "n1": 20, "l1": 2}


@pytest.fixture
def delegation(engine):
    ids = make_event(engine, questionnaire=SPEC, countries=("THA", "KHM"))
    tha = [responding.join(engine, event_id=ids["event"], country="THA", sector=s)
           for s in ("prosecution", "labour", "law_enforcement")]
    khm = responding.join(engine, event_id=ids["event"], country="KHM", sector="judiciary")
    for n, (p, values) in enumerate(zip(tha, (FIRST, SECOND))):
        copy = responding.open_session(engine, p, ids["session"])
        assert responding.submit(engine, p, copy, values, token=f"t{n}").ok
    return engine, ids, tha, khm


def audited(engine, *actions):
    with read_session(engine) as s:
        return list(reversed(audit.entries(db=s, actions=list(actions))))  # oldest first


def cleared_rows(engine):
    with read_session(engine) as s:
        return s.exec(select(ClearedPosition).order_by(ClearedPosition.id)).all()


# --- heads ---------------------------------------------------------------------------------------

def test_delegations_list_each_states_delegates_in_join_order_by_sector(delegation):
    engine, ids, tha, khm = delegation
    found = delegations(engine, ids["event"], ["THA", "KHM", "LAO"])
    assert [d.label for d in found["THA"]] == [
        "Delegate 1 · Prosecution", "Delegate 2 · Labour", "Delegate 3 · Law enforcement"]
    assert [d.participant_id for d in found["THA"]] == [p.id for p in tha]
    assert found["KHM"][0].label == "Delegate 1 · Judiciary" and found["LAO"] == []
    assert not any(d.is_head for ds in found.values() for d in ds)


def test_naming_a_head_is_audited_and_the_last_naming_wins(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    set_head(engine, ids["event"], "THA", tha[1].id, actor="organiser")  # a second facilitator, later
    assert not is_head(engine, tha[0]) and is_head(engine, tha[1])
    assert [d.is_head for d in delegations(engine, ids["event"], ["THA"])["THA"]] == [False, True, False]
    entries = audited(engine, "head_named")
    assert [(e.actor, e.detail["from"], e.detail["to"]) for e in entries] == [
        ("facilitator", None, "Delegate 1 · Prosecution"),
        ("organiser", "Delegate 1 · Prosecution", "Delegate 2 · Labour")]
    assert all(e.event_id == ids["event"] and e.detail["country"] == "THA" for e in entries)
    with read_session(engine) as s:
        row = s.get(DelegationHead, (ids["event"], "THA"))
        assert (row.participant_id, row.set_by) == (tha[1].id, "organiser")


def test_naming_the_same_head_again_changes_nothing(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    assert len(audited(engine, "head_named")) == 1


def test_naming_nobody_removes_the_head_and_is_reversible(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    set_head(engine, ids["event"], "THA", None, actor="facilitator")
    assert not is_head(engine, tha[0])
    removed = audited(engine, "head_removed")
    assert [(e.detail["from"], e.detail["to"]) for e in removed] == [("Delegate 1 · Prosecution", None)]
    set_head(engine, ids["event"], "THA", None, actor="facilitator")  # nobody was head: nothing to log
    assert len(audited(engine, "head_removed")) == 1
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")  # and back
    assert is_head(engine, tha[0])


def test_a_delegate_of_another_state_cannot_be_named_head(delegation):
    engine, ids, _, khm = delegation
    with pytest.raises(DelegationError, match="not part of this State's delegation"):
        set_head(engine, ids["event"], "THA", khm.id, actor="facilitator")
    with read_session(engine) as s:
        assert s.get(DelegationHead, (ids["event"], "THA")) is None
    assert not audited(engine, "head_named")
    assert not is_head(engine, khm)


def test_heads_of_two_states_are_independent(delegation):
    engine, ids, tha, khm = delegation
    set_head(engine, ids["event"], "THA", tha[2].id, actor="facilitator")
    set_head(engine, ids["event"], "KHM", khm.id, actor="facilitator")
    assert is_head(engine, tha[2]) and is_head(engine, khm)


# --- clearing ------------------------------------------------------------------------------------

@pytest.fixture
def head(delegation):
    engine, ids, tha, khm = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    return engine, ids, tha, khm


def test_the_head_clears_a_split_position_with_a_note_and_it_is_audited(head):
    engine, ids, tha, _ = head
    row = clear_position(engine, tha[0], ids["session"], "c1", position="partly", note="Penal Code s. 312/1")
    assert (row.country, row.question_id, row.item, row.position, row.note, row.cleared_by) == (
        "THA", "c1", "", "partly", "Penal Code s. 312/1", tha[0].id)
    entry = audited(engine, "position_cleared")[0]
    assert (entry.actor, entry.event_id) == ("delegate", ids["event"])
    assert entry.detail | {} == {"agenda_session_id": ids["session"], "country": "THA", "question_id": "c1",
                                 "item": "", "position": "partly", "number": None,
                                 "note": "Penal Code s. 312/1", "before": None}


def test_clearing_again_replaces_the_position_and_logs_what_it_was(head):
    engine, ids, tha, _ = head
    clear_position(engine, tha[0], ids["session"], "c1", position="partly")
    clear_position(engine, tha[0], ids["session"], "c1", position="expressly", note="Act s. 6")
    assert [(r.position, r.note) for r in cleared_rows(engine)] == [("expressly", "Act s. 6")]
    assert audited(engine, "position_cleared")[1].detail["before"] == ["partly", None, ""]


def test_only_the_head_clears(head):
    engine, ids, tha, khm = head
    for someone in (tha[1], khm):  # a colleague; the delegate of another State
        with pytest.raises(DelegationError, match="Only the head"):
            clear_position(engine, someone, ids["session"], "c1", position="partly")
    assert cleared_rows(engine) == []


def test_a_former_head_no_longer_clears(head):
    engine, ids, tha, _ = head
    set_head(engine, ids["event"], "THA", tha[1].id, actor="facilitator")
    with pytest.raises(DelegationError, match="Only the head"):
        clear_position(engine, tha[0], ids["session"], "c1", position="partly")


def test_clearing_after_the_session_closed_is_refused_with_a_clear_message(head):
    engine, ids, tha, _ = head
    room.set_state(engine, ids["session"], "closed", actor="facilitator")
    with pytest.raises(DelegationError, match="This session is closed"):
        clear_position(engine, tha[0], ids["session"], "c1", position="partly")
    assert cleared_rows(engine) == []


def test_a_session_not_opened_yet_says_so(engine):
    ids = make_event(engine, questionnaire=SPEC, state="scheduled")
    p = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    set_head(engine, ids["event"], "THA", p.id, actor="facilitator")
    with pytest.raises(DelegationError, match="not open yet"):
        clear_position(engine, p, ids["session"], "c1", position="partly")


def test_a_question_nobody_answered_cannot_be_cleared(head):
    engine, ids, tha, _ = head
    with pytest.raises(DelegationError, match="Nobody of your delegation"):
        clear_position(engine, tha[0], ids["session"], "c2", position="a")
    with pytest.raises(DelegationError, match="Nobody of your delegation"):  # a matrix row nobody answered
        clear_position(engine, tha[0], ids["session"], "x1", "means", position="yes")
    assert cleared_rows(engine) == []


def test_a_draft_is_not_an_answer_of_the_delegation(head):
    engine, ids, tha, _ = head
    copy = responding.open_session(engine, tha[2], ids["session"])
    assert responding.keep_draft(engine, tha[2], copy, {"c2": "a"}).ok  # saved, never submitted
    with pytest.raises(DelegationError, match="Nobody of your delegation"):
        clear_position(engine, tha[0], ids["session"], "c2", position="a")


@pytest.mark.parametrize("question, item, position, message", [
    ("c1", "", "maybe", "Choose one of the question's answers"),
    ("c1", "", None, "Choose one of the question's answers"),
    ("m1", "penal", "partly", "Choose one of the question's answers"),
    ("m1", "nope", SELECTED, "row or option is not part of the question"),
    ("x1", "act", "expressly", "Choose one of the question's answers"),
    ("x1", "", "yes", "row or option is not part of the question"),
    ("c1", "act", "partly", "row or option is not part of the question"),
    ("l1", "", "1", "does not count by State"),
    ("nope", "", "a", "does not count by State"),
    ("g1", "", "G01", "gap register is merged"),
])
def test_an_answer_the_question_does_not_have_is_refused(head, question, item, position, message):
    engine, ids, tha, _ = head
    with pytest.raises(DelegationError, match=message):
        clear_position(engine, tha[0], ids["session"], question, item, position=position)
    assert cleared_rows(engine) == []


def test_matrix_rows_and_multiple_choice_options_are_cleared_one_by_one(head):
    engine, ids, tha, _ = head
    clear_position(engine, tha[0], ids["session"], "x1", "act", position="partly")
    clear_position(engine, tha[0], ids["session"], "m1", "labour", position=NOT_SELECTED)
    clear_position(engine, tha[0], ids["session"], "m1", "penal", position=SELECTED)
    assert [(r.question_id, r.item, r.position) for r in cleared_rows(engine)] == [
        ("x1", "act", "partly"), ("m1", "labour", NOT_SELECTED), ("m1", "penal", SELECTED)]


def test_numbers_are_cleared_within_the_questions_bounds(head):
    engine, ids, tha, _ = head
    row = clear_position(engine, tha[0], ids["session"], "n1", number=15)
    assert (row.number, row.position) == (15.0, "")
    for wrong, message in ((None, "Give the number"), (101, "at most 100"), (-1, "at least 0"),
                           (math.nan, "Enter a number"), (math.inf, "Enter a number"), ("12", "Enter a number")):
        with pytest.raises(DelegationError, match=message):
            clear_position(engine, tha[0], ids["session"], "n1", number=wrong)
    assert [r.number for r in cleared_rows(engine)] == [15.0]


def test_the_note_is_trimmed_to_300_characters_on_one_line(head):
    engine, ids, tha, _ = head
    row = clear_position(engine, tha[0], ids["session"], "c1", position="partly",
                         note="  Penal Code\n s. 312/1\x00 " + "x" * 400)
    assert row.note.startswith("Penal Code s. 312/1 x") and len(row.note) == MAX_NOTE == 300
    assert cleared_rows(engine)[0].note == row.note


def test_a_note_with_personal_data_is_refused_until_confirmed(head):
    engine, ids, tha, _ = head
    with pytest.raises(DelegationError, match="case or file number"):
        clear_position(engine, tha[0], ids["session"], "c1", position="partly", note="Case 2023/1234")
    assert cleared_rows(engine) == []
    row = clear_position(engine, tha[0], ids["session"], "c1", position="partly", note="Case 2023/1234",
                         personal_data_ok=True)
    assert row.note == "Case 2023/1234"


# --- withdrawing and reopening -------------------------------------------------------------------

def test_withdrawing_a_position_lets_the_computed_one_count_again(head):
    engine, ids, tha, _ = head
    clear_position(engine, tha[0], ids["session"], "x1", "act", position="partly")
    assert withdraw_position(engine, tha[0], ids["session"], "x1", "act") is True
    assert cleared_rows(engine) == []
    assert audited(engine, "position_withdrawn")[0].detail == {
        "agenda_session_id": ids["session"], "country": "THA", "question_id": "x1", "item": "act"}
    assert withdraw_position(engine, tha[0], ids["session"], "x1", "act") is False  # nothing (any more)
    assert len(audited(engine, "position_withdrawn")) == 1


def test_withdrawing_is_for_the_head_while_the_session_is_open(head):
    engine, ids, tha, _ = head
    clear_position(engine, tha[0], ids["session"], "c1", position="partly")
    with pytest.raises(DelegationError, match="Only the head"):
        withdraw_position(engine, tha[1], ids["session"], "c1")
    room.set_state(engine, ids["session"], "closed", actor="facilitator")
    with pytest.raises(DelegationError, match="This session is closed"):
        withdraw_position(engine, tha[0], ids["session"], "c1")
    assert len(cleared_rows(engine)) == 1


def test_a_head_cannot_touch_another_events_positions(head):
    engine, ids, tha, _ = head
    other = make_event(engine, code="OTHER2024", questionnaire=SPEC)
    with pytest.raises(DelegationError, match="not part of your event"):
        clear_position(engine, tha[0], other["session"], "c1", position="partly")
    # Thailand's head at the other event clears there; this event's head cannot withdraw it
    theirs = responding.join(engine, event_id=other["event"], country="THA", sector="other")
    copy = responding.open_session(engine, theirs, other["session"])
    assert responding.submit(engine, theirs, copy, {"c1": "no"}, token="x").ok
    set_head(engine, other["event"], "THA", theirs.id, actor="facilitator")
    clear_position(engine, theirs, other["session"], "c1", position="no")
    with pytest.raises(DelegationError, match="not part of your event"):
        withdraw_position(engine, tha[0], other["session"], "c1")
    with pytest.raises(DelegationError, match="not part of your event"):
        delegation_view(engine, tha[0], other["session"])
    assert len(cleared_rows(engine)) == 1


def test_a_reopened_session_keeps_the_cleared_position(head):
    engine, ids, tha, _ = head
    clear_position(engine, tha[0], ids["session"], "c1", position="partly", note="Act s. 6")
    room.set_state(engine, ids["session"], "closed", actor="facilitator")
    room.set_state(engine, ids["session"], "open", actor="facilitator")
    view = {q.question.id: q for q in delegation_view(engine, tha[0], ids["session"])}
    assert (view["c1"].cleared[""].position, view["c1"].cleared[""].note) == ("partly", "Act s. 6")
    withdraw_position(engine, tha[0], ids["session"], "c1")  # open again: the head may change it
    assert cleared_rows(engine) == []


# --- the head's view -----------------------------------------------------------------------------

def test_the_head_sees_each_colleagues_answer_per_state_question(head):
    engine, ids, tha, _ = head
    clear_position(engine, tha[0], ids["session"], "x1", "act", position="yes")
    view = delegation_view(engine, tha[0], ids["session"])
    assert [q.question.id for q in view] == ["c1", "c2", "m1", "x1", "n1", "g1"]  # the likert is a view
    assert [len(a.value) for a in view[-1].answers] == [1]
    by_id = {q.question.id: q for q in view}
    assert [(a.delegate, a.value, a.mine) for a in by_id["c1"].answers] == [
        ("Delegate 1 · Prosecution", "expressly", True), ("Delegate 2 · Labour", "partly", False)]
    assert [a.value for a in by_id["x1"].answers] == [{"act": "yes"}, {"act": "partly"}]
    assert [a.value for a in by_id["n1"].answers] == [10.0, 20.0]
    assert by_id["c2"].answers == [] and by_id["c1"].cleared == {}
    assert by_id["x1"].cleared["act"].position == "yes"


def test_the_view_shows_only_the_heads_own_state(head):
    engine, ids, tha, khm = head
    set_head(engine, ids["event"], "KHM", khm.id, actor="facilitator")
    clear_position(engine, tha[0], ids["session"], "c1", position="partly")
    view = {q.question.id: q for q in delegation_view(engine, khm, ids["session"])}
    assert view["c1"].answers == [] and view["c1"].cleared == {}


def test_the_view_is_refused_to_anyone_but_the_head(head):
    engine, ids, tha, khm = head
    for someone in (tha[1], tha[2], khm):
        with pytest.raises(DelegationError, match="Only the head"):
            delegation_view(engine, someone, ids["session"])


# --- the head's positions, item by item ----------------------------------------------------------

def test_positions_per_item_from_the_colleagues_answers(head):
    engine, ids, tha, _ = head
    found = {q.question.id: q for q in delegation_positions(engine, tha[0], ids["session"])}
    # c1: expressly + partly -> split, shown with the distribution; nobody cleared it yet
    c1 = found["c1"].items[0]
    assert c1.computed.split and describe(c1) == ("split", "Covered expressly 1 · Partly 1")
    assert [(a.delegate, a.answer, a.mine) for a in c1.answers] == [
        ("Delegate 1 · Prosecution", "Covered expressly", True), ("Delegate 2 · Labour", "Partly", False)]
    assert c1.choices[0] == ("expressly", "Covered expressly") and found["c1"].delegates == 2
    # m1: penal chosen by both -> selected; labour by one -> split; dk by nobody -> not selected
    m1 = {i.item: describe(i) for i in found["m1"].items}
    assert m1 == {"penal": ("agreed", "Selected"), "labour": ("split", "Selected 1 · Not selected 1"),
                  "dk": ("agreed", "Not selected")}
    # x1: act yes + partly -> split; means nobody answered
    act, means = found["x1"].items
    assert describe(act) == ("split", "Yes 1 · Partly 1") and (act.label, means.label) == ("Act", "Means")
    assert describe(means) == ("none", "No answer yet") and [a.answer for a in means.answers] == ["No answer"] * 2
    # n1: 10 and 20 -> split, median 15
    assert describe(found["n1"].items[0]) == ("split", "median 15 (range 10–20)")
    assert found["g1"].items == []  # a gap register has no position to clear: it is merged per State
    assert [(a.delegate, a.answer) for a in found["g1"].gaps] == [("Delegate 1 · Prosecution", "1 gap")]
    assert "l1" not in found and describe(found["c2"].items[0]) == ("none", "No answer yet")


def test_a_cleared_position_overrides_the_computed_one_in_the_heads_picture(head):
    engine, ids, tha, _ = head
    clear_position(engine, tha[0], ids["session"], "c1", position="partly", note="Penal Code s. 312/1")
    clear_position(engine, tha[0], ids["session"], "n1", number=12)
    found = {q.question.id: q for q in delegation_positions(engine, tha[0], ids["session"])}
    c1 = found["c1"].items[0]
    assert describe(c1) == ("cleared", "Partly") and c1.position.note == "Penal Code s. 312/1"
    assert describe(c1, computed=True) == ("split", "Covered expressly 1 · Partly 1")
    assert c1.computed.split and c1.position.distribution == {"expressly": 1, "partly": 1}
    assert describe(found["n1"].items[0]) == ("cleared", "12")
    assert [i.item for i in found["c1"].cleared] == [""] and found["m1"].cleared == []


def test_dont_know_beside_an_answer_is_shown_but_does_not_split(engine):
    ids = make_event(engine, questionnaire=SPEC)
    first, second = (responding.join(engine, event_id=ids["event"], country="THA", sector="other") for _ in "12")
    for n, (p, values) in enumerate(((first, {"c1": "no", "m1": ["labour"]}),
                                     (second, {"c1": "dont_know", "m1": ["dk"]}))):
        assert responding.submit(engine, p, responding.open_session(engine, p, ids["session"]), values,
                                 token=f"d{n}").ok
    set_head(engine, ids["event"], "THA", first.id, actor="facilitator")
    found = {q.question.id: q for q in delegation_positions(engine, first, ids["session"])}
    assert describe(found["c1"].items[0]) == ("agreed", "Not covered (also Don't know 1)")
    labour = next(i for i in found["m1"].items if i.item == "labour")
    assert describe(labour) == ("agreed", "Selected (also Don't know 1)")
    assert [a.answer for a in labour.answers] == ["Selected", "Don't know"]


def test_the_heads_picture_is_refused_to_others(head):
    engine, ids, tha, khm = head
    with pytest.raises(DelegationError, match="Only the head"):
        delegation_positions(engine, khm, ids["session"])


def test_the_heads_view_and_the_rooms_state_findings_agree_on_every_position(sqlite_engine):
    """Two paths compute a delegation's position: from each colleague's answers (the head's view)
    and from per-country counts (the room, the workbook). On the whole demo they must agree."""
    from sqlmodel import select

    from db.engine import read_session
    from db.models import AgendaSession, DelegationHead, Participant
    from gapmap.aggregation import session_results
    from gapmap.bootstrap import prepare
    from gapmap.delegation_positions import delegation_positions
    from gapmap.positions import session_positions

    prepare(sqlite_engine, {}, env={})
    with read_session(sqlite_engine) as db:
        heads = [db.get(Participant, h.participant_id) for h in db.exec(select(DelegationHead))]
        sessions = [a.id for a in db.exec(select(AgendaSession))]
    compared = 0
    for agenda_session_id in sessions:
        room = session_positions(sqlite_engine, agenda_session_id, session_results(sqlite_engine, agenda_session_id))
        for head in heads:
            for question in delegation_positions(sqlite_engine, head, agenda_session_id):
                findings = {f.item: f for f in room[question.question.id].findings}
                for item in question.items:
                    mine, theirs = item.position, findings[item.item].positions.get(head.country)
                    if theirs is None:
                        assert not item.answered and item.cleared is None, (question.question.id, item.item)
                        continue
                    assert (mine.value, mine.split, mine.cleared) == (theirs.value, theirs.split, theirs.cleared), (
                        head.country, question.question.id, item.item)
                    compared += 1
    assert compared > 1000
