"""The head of delegation in AppTest: naming heads on the Participation page, and the head's
Delegation view (the split, clearing, withdrawing; everyone else refused with nothing drawn)."""
import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from db import audit
from db.engine import read_session, write_session
from db.models import AgendaSession, ClearedPosition, DelegationHead
from gapmap import responding, room
from gapmap.delegation import set_head
from tests.app_support import start_app, stop_app
from tests.factories import make_event

SPEC = {
    "key": "delegation_pages", "title": "Online recruitment", "theme": "technology",
    "questions": [
        {"id": "rec", "type": "single_choice", "text": "Is online recruitment covered by your law?",
         "options": [{"id": "expressly", "label": "Covered expressly"}, {"id": "partly", "label": "Partly"},
                     {"id": "no", "label": "Not covered"}]},
        {"id": "els", "type": "matrix", "text": "Palermo elements",
         "rows": [{"id": "act", "text": "Act"}, {"id": "means", "text": "Means"}, {"id": "purpose", "text": "Purpose"}],
         "scale": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]},
        {"id": "yrs", "type": "number", "text": "Maximum penalty (years)", "min": 0, "max": 100},
        {"id": "view", "type": "likert", "text": "How well does it work?",
         "scale": [{"value": 1, "label": "Badly"}, {"value": 2, "label": "Well"}]},
    ],
}
ANSWERS = [{"rec": "expressly", "els": {"act": "yes", "means": "no"}, "yrs": 10},
           {"rec": "partly", "els": {"act": "yes", "means": "no"}, "yrs": 20},
           {"rec": "partly", "els": {"act": "no"}, "yrs": 20}]


@pytest.fixture
def delegation(tmp_path, monkeypatch):
    """An app with its own event: three Thai delegates who answered differently, one Cambodian."""
    at, engine = start_app(tmp_path, monkeypatch, GAPMAP_SEED_DEMO="0")
    ids = make_event(engine, questionnaire=SPEC)
    tha = [responding.join(engine, event_id=ids["event"], country="THA", sector=s)
           for s in ("prosecution", "labour", "law_enforcement")]
    khm = responding.join(engine, event_id=ids["event"], country="KHM", sector="judiciary")
    for n, (p, values) in enumerate(zip(tha, ANSWERS)):
        assert responding.submit(engine, p, responding.open_session(engine, p, ids["session"]), values,
                                 token=f"t{n}").ok
    yield engine, ids, tha, khm
    stop_app()


def as_delegate(participant, page="pages/delegate/delegation.py", **params) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["p"] = participant.token
    at.run()
    at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = str(value)
    at.run()
    assert not at.exception, at.exception
    return at


def has(at, key) -> bool:
    try:
        at.get_by_key(key)
    except KeyError:
        return False
    return True


def texts(at) -> str:
    return "\n".join([t.value for t in at.text] + [m.value for m in at.markdown] + [c.value for c in at.caption])


def cleared(engine):
    with read_session(engine) as s:
        return [(c.question_id, c.item, c.position, c.number, c.note)
                for c in s.exec(select(ClearedPosition).order_by(ClearedPosition.id))]


# --- naming the head -----------------------------------------------------------------------------

def test_a_facilitator_names_a_head_on_the_participation_page(tmp_path, monkeypatch):
    at, engine = start_app(tmp_path, monkeypatch, "facilitator", GAPMAP_SEED_DEMO="0")
    try:
        ids = make_event(engine, questionnaire=SPEC)
        tha = [responding.join(engine, event_id=ids["event"], country="THA", sector=s)
               for s in ("prosecution", "labour")]
        at.switch_page("pages/facilitator/participation.py").run()
        assert not at.exception, at.exception
        box = at.selectbox(key=f"head-{ids['event']}-THA")
        assert box.label == "Thailand" and box.index == 0  # "No head"
        assert box.options == ["No head", "Delegate 1 · Prosecution", "Delegate 2 · Labour"]
        assert not has(at, f"head-{ids['event']}-KHM")  # nobody of Cambodia joined

        box.set_value(tha[1].id).run()
        assert not at.exception, at.exception
        assert at.success[0].value == "Delegate 2 · Labour is now head of the delegation of Thailand."
        with read_session(engine) as s:
            assert s.get(DelegationHead, (ids["event"], "THA")).participant_id == tha[1].id
            entry = audit.entries(db=s, actions=["head_named"])[0]
        assert (entry.actor, entry.detail["to"]) == ("facilitator", "Delegate 2 · Labour")

        assert at.selectbox(key=f"head-{ids['event']}-THA").value == tha[1].id
        at.selectbox(key=f"head-{ids['event']}-THA").select_index(0).run()  # "No head": reversible
        assert at.success[0].value == "Thailand has no head of delegation now."
        with read_session(engine) as s:
            assert s.get(DelegationHead, (ids["event"], "THA")) is None
            assert audit.entries(db=s, actions=["head_removed"])[0].actor == "facilitator"
    finally:
        stop_app()


def test_the_participation_page_shows_a_head_named_elsewhere(tmp_path, monkeypatch):
    at, engine = start_app(tmp_path, monkeypatch, "organiser", GAPMAP_SEED_DEMO="0")
    try:
        ids = make_event(engine, questionnaire=SPEC)
        p = responding.join(engine, event_id=ids["event"], country="THA", sector="labour")
        at.switch_page("pages/facilitator/participation.py").run()
        set_head(engine, ids["event"], "THA", p.id, actor="facilitator")  # another facilitator, meanwhile
        at.run()
        assert at.selectbox(key=f"head-{ids['event']}-THA").value == p.id
    finally:
        stop_app()


# --- the head's delegation view ------------------------------------------------------------------

def test_the_agenda_links_the_head_and_only_the_head_to_the_delegation_view(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    at = as_delegate(tha[0], "pages/delegate/agenda.py")
    at.button(key="delegation-view").click().run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Delegation view"
    assert not has(as_delegate(tha[1], "pages/delegate/agenda.py"), "delegation-view")


def test_the_head_sees_the_split_and_each_colleagues_answer(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    at = as_delegate(tha[0])
    rec = at.get_by_key("position-rec")
    shown = texts(at)
    assert "Split" in shown and "Covered expressly 1 · Partly 2" in shown
    assert ("Delegate 1 · Prosecution (you): Covered expressly\nDelegate 2 · Labour: Partly\n"
            "Delegate 3 · Law enforcement: Partly") in shown
    assert "Yes 2 · No 1" in shown and "No answer yet" in shown  # the matrix: 'act' split, 'purpose' unanswered
    assert "median 20 (range 10–20)" in shown  # 10, 20, 20 years
    assert rec is not None and not has(at, "position-view")  # a likert is a view, not a position
    assert at.radio(key=f"clear-{ids['session']}-rec").options == ["Covered expressly", "Partly", "Not covered"]
    assert at.selectbox(key="delegation-session").value == ids["session"]


def test_the_head_clears_a_position_with_a_note_and_it_shows_as_cleared(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    at = as_delegate(tha[0])
    s = ids["session"]
    at.radio(key=f"clear-{s}-rec").set_value("partly")
    at.text_input(key=f"clear-{s}-rec-note").set_value("Penal Code s. 312/1")
    at.button(key=f"clear-button-{s}-rec").click().run()
    assert not at.exception, at.exception
    assert cleared(engine) == [("rec", "", "partly", None, "Penal Code s. 312/1")]
    box = at.get_by_key("position-rec")
    assert box.success[0].value == "Cleared: your State's position is saved."
    shown = texts(at)
    assert "Cleared] Partly" in shown and "Note: Penal Code s. 312/1" in shown
    assert "From the answers: split (Covered expressly 1 · Partly 2)" in shown

    again = as_delegate(tha[0], s=s)  # a reload: the form starts from what is saved
    assert again.radio(key=f"clear-{s}-rec").value == "partly"
    assert again.text_input(key=f"clear-{s}-rec-note").value == "Penal Code s. 312/1"
    again.button(key=f"withdraw-button-{s}-rec").click().run()
    assert not again.exception, again.exception
    assert cleared(engine) == []
    assert again.radio(key=f"clear-{s}-rec").value is None
    assert not has(again, f"withdraw-button-{s}-rec")


def test_matrix_rows_and_numbers_are_cleared_from_one_form(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    at = as_delegate(tha[0])
    s = ids["session"]
    at.radio(key=f"clear-{s}-els-act").set_value("yes")
    at.button(key=f"clear-button-{s}-els").click().run()
    at.number_input(key=f"clear-{s}-yrs").set_value(15)
    at.button(key=f"clear-button-{s}-yrs").click().run()
    assert not at.exception, at.exception
    assert cleared(engine) == [("els", "act", "yes", None, ""), ("yrs", "", "", 15.0, "")]


def test_a_head_replaced_while_choosing_is_refused_and_nothing_is_saved(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    at = as_delegate(tha[0])
    s = ids["session"]
    at.radio(key=f"clear-{s}-els-act").set_value("no")
    at.text_input(key=f"clear-{s}-els-note").set_value("Act s. 6")
    set_head(engine, ids["event"], "THA", tha[1].id, actor="facilitator")  # meanwhile, another head
    at.button(key=f"clear-button-{s}-els").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        "This page is for the head of a delegation. Your facilitator names one head per State."]
    assert cleared(engine) == []


def test_the_form_offers_the_split_rows_first_and_no_unanswered_row(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    at = as_delegate(tha[0])
    s = ids["session"]
    assert has(at, f"clear-{s}-els-act") and not has(at, f"clear-{s}-els-purpose")  # nobody answered 'purpose'
    folded = at.get_by_key("position-els").expander[0]  # 'means': both who answered say "No"
    assert folded.label == "Rows your delegates agree on (1)" and folded.radio[0].key == f"clear-{s}-els-means"
    at.toggle(key="delegation-splits-only").set_value(True).run()
    assert has(at, "position-rec") and has(at, "position-els")  # all three split here
    assert at.toggle(key="delegation-splits-only").label == "Only where your delegates differ (3)"


def test_a_note_with_personal_data_asks_for_confirmation(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    at = as_delegate(tha[0])
    s = ids["session"]
    at.radio(key=f"clear-{s}-rec").set_value("partly")
    at.text_input(key=f"clear-{s}-rec-note").set_value("Case 2023/1234")
    at.button(key=f"clear-button-{s}-rec").click().run()
    assert "case or file number" in at.get_by_key("position-rec").error[0].value  # under the form
    assert at.text_input(key=f"clear-{s}-rec-note").value == "Case 2023/1234"  # what was typed stays
    assert at.radio(key=f"clear-{s}-rec").value == "partly"
    assert cleared(engine) == []
    at.checkbox(key=f"clear-{s}-rec-pii-ok").check()
    at.button(key=f"clear-button-{s}-rec").click().run()
    assert cleared(engine) == [("rec", "", "partly", None, "Case 2023/1234")]


def test_clearing_after_the_session_closed_is_refused_with_the_message(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    at = as_delegate(tha[0])
    s = ids["session"]
    at.radio(key=f"clear-{s}-rec").set_value("partly")
    room.set_state(engine, s, "closed", actor="facilitator")  # while the head was choosing
    at.button(key=f"clear-button-{s}-rec").click().run()
    assert not at.exception, at.exception
    assert at.get_by_key("position-rec").error[0].value == (
        "This session is closed: positions can be changed only while it is open.")
    assert cleared(engine) == []
    # drawn again: closed, read-only, no form
    assert any("This session is closed" in i.value for i in at.info)
    assert not has(at, f"clear-button-{s}-rec")


def test_the_head_switches_to_a_closed_session_and_sees_it_read_only(delegation):
    engine, ids, tha, _ = delegation
    set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    with write_session(engine) as db:
        earlier = AgendaSession(event_id=ids["event"], day=1, position=2, title="Session two",
                                questionnaire_version_id=ids["version"], state="closed")
        db.add(earlier)
        db.flush()
        earlier_id = earlier.id
    at = as_delegate(tha[0])
    assert at.selectbox(key="delegation-session").value == ids["session"]  # the open one first
    at.selectbox(key="delegation-session").set_value(earlier_id).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="delegation-session").value == earlier_id
    assert at.query_params["s"] == str(earlier_id)  # a reload comes back to it
    assert any("This session is closed" in i.value for i in at.info)
    assert not at.radio and "No answer yet" in texts(at)
    reopened = as_delegate(tha[0], s=earlier_id)  # a reload with the session in the link
    assert reopened.selectbox(key="delegation-session").value == earlier_id


@pytest.mark.parametrize("who_opens", ["colleague", "other_state", "no_head_named"])
def test_anyone_but_the_head_is_refused_with_nothing_drawn(delegation, who_opens):
    engine, ids, tha, khm = delegation
    if who_opens != "no_head_named":
        set_head(engine, ids["event"], "THA", tha[0].id, actor="facilitator")
    participant = {"colleague": tha[1], "other_state": khm, "no_head_named": tha[0]}[who_opens]
    at = as_delegate(participant, s=ids["session"])
    assert [e.value for e in at.error] == [
        "This page is for the head of a delegation. Your facilitator names one head per State."]
    assert not at.text and not at.radio and not at.selectbox and not at.subheader
    assert "Delegate" not in texts(at) and "Covered expressly" not in texts(at)


def test_a_head_of_another_state_sees_only_their_own_delegation(delegation):
    engine, ids, tha, khm = delegation
    set_head(engine, ids["event"], "KHM", khm.id, actor="facilitator")
    at = as_delegate(khm, s=ids["session"])
    shown = texts(at)
    assert "Cambodia" in shown and "No answer yet" in shown
    assert "No answers submitted yet by Delegate 1 · Judiciary." in shown
    assert "Prosecution" not in shown and "Covered expressly 1" not in shown
