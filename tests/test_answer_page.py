"""The delegate's answer page in AppTest: every question type, drafts, submit, privacy checks."""
import pytest
import streamlit as st
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, read_session
from db.models import Answer, Response
from gapmap import responding, room
from tests.factories import make_event
from tests.test_answers import ALL_TYPES, GAP_REGISTERS
from ui.questions import REFORM_NAMES, SEVERITY_NAMES

SPEC = ALL_TYPES.model_dump(mode="json")
SPEC["questions"][0]["required"] = True  # "single" must be answered before submitting


@pytest.fixture
def seat(tmp_path, monkeypatch):
    """A fresh app database with an event whose questionnaire has every question type."""
    yield from _seat(tmp_path, monkeypatch, SPEC)


@pytest.fixture
def register_seat(tmp_path, monkeypatch):
    """The same with two gap registers: one asking every optional field, one asking none."""
    yield from _seat(tmp_path, monkeypatch, GAP_REGISTERS.model_dump(mode="json"))


def _seat(tmp_path, monkeypatch, questionnaire):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    monkeypatch.setenv("GAPMAP_SEED_DEMO", "0")
    monkeypatch.setenv("GAPMAP_FACILITATOR_PASSCODE", "facilitator-passcode-1")
    monkeypatch.setenv("GAPMAP_ORGANISER_PASSCODE", "organiser-passcode-22")
    st.cache_resource.clear()
    AppTest.from_file("../app.py", default_timeout=30).run()  # migrates
    engine = make_engine(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    ids = make_event(engine, questionnaire=questionnaire)
    participant = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    yield engine, ids, participant
    st.cache_resource.clear()


def open_page(participant, session_id) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.query_params["p"] = participant.token
    at.run()
    at.switch_page("pages/delegate/answer.py")
    at.query_params["s"] = str(session_id)
    return at.run()


def draft_of(engine, participant):
    with read_session(engine) as s:
        return s.exec(select(Response).where(Response.participant_id == participant.id)).one().draft


def test_every_question_type_is_drawn_with_stable_keys(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    assert not at.exception
    for k in ("q-single", "q-multi-a", "q-multi-dk", "q-lik", "q-rank-rank-1", "q-rank-rank-2", "q-num",
              "q-short", "q-long", "q-gaps-add", "submit"):
        assert at.get_by_key(k) is not None, k
    assert at.radio(key="q-lik").options == ["1 · No", "2 · Yes", "Not applicable / don't know"]
    assert at.selectbox(key="q-rank-rank-1").options == ["X", "Y", "Z"]


def test_answers_are_saved_as_the_delegate_goes_and_come_back_after_a_reload(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.radio(key="q-single").set_value("b").run()
    at.checkbox(key="q-multi-a").check().run()
    at.radio(key="q-lik").set_value("na").run()
    at.selectbox(key="q-rank-rank-1").set_value("z").run()
    at.number_input(key="q-num").set_value(42).run()
    at.text_area(key="q-long").set_value("ไทย ខ្មែរ ລາວ සිංහල हिन्दी ދިވެހި").run()
    at.session_state["q-mat-r1"] = "yes"
    at.run()
    assert not at.exception
    assert draft_of(engine, participant) == {
        "single": "b", "multi": ["a"], "lik": "na", "rank": ["z"], "mat": {"r1": "yes"}, "num": 42.0,
        "long": "ไทย ខ្មែរ ລາວ සිංහල हिन्दी ދިވެހި"}
    assert any(c.value.startswith("Draft saved at") for c in at.caption)

    again = open_page(participant, ids["session"])  # a reload: a new browser session
    assert again.radio(key="q-single").value == "b"
    assert again.checkbox(key="q-multi-a").value is True
    assert again.radio(key="q-lik").value == "na"
    assert again.selectbox(key="q-rank-rank-1").value == "z"
    assert again.number_input(key="q-num").value == 42
    assert again.text_area(key="q-long").value.startswith("ไทย")
    assert again.session_state["q-mat-r1"] == "yes"


def test_an_exclusive_option_clears_the_others(seat):
    _, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.checkbox(key="q-multi-a").check().run()
    at.checkbox(key="q-multi-b").check().run()
    at.checkbox(key="q-multi-dk").check().run()
    assert [at.checkbox(key=f"q-multi-{o}").value for o in "ab"] == [False, False]
    at.checkbox(key="q-multi-a").check().run()
    assert at.checkbox(key="q-multi-dk").value is False


def test_submit_asks_for_required_answers_next_to_the_question_and_keeps_the_rest(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.text_input(key="q-short").set_value("kept").run()
    at.button(key="submit").click().run()
    assert not at.exception
    assert at.get_by_key("question-single").error[0].value == "This question needs an answer."
    assert at.text_input(key="q-short").value == "kept"
    with read_session(engine) as s:
        assert s.exec(select(Answer)).all() == []


def test_submit_stores_the_answers_once_even_when_clicked_twice(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.radio(key="q-single").set_value("a").run()
    at.button(key="submit").click().run()
    at.button(key="submit").click().run()
    assert not at.exception
    assert any("Submitted" in s.value for s in at.success)
    with read_session(engine) as s:
        assert len(s.exec(select(Response)).all()) == 1
        assert [(a.question_id, a.option) for a in s.exec(select(Answer))] == [("single", "a")]


def test_personal_data_in_text_is_flagged_and_not_saved_until_confirmed(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.text_area(key="q-long").set_value("Call the recruiter on +66 81 234 5678").run()
    block = at.get_by_key("question-long")
    assert "phone number" in block.warning[0].value
    assert block.text[0].value == "Found: +66 81 234 5678"  # the delegate's text only as plain text
    assert "long" not in (draft_of(engine, participant) or {}) if _has_response(engine, participant) else True
    at.button(key="submit").click().run()
    assert any("personal data" in e.value for e in at.error)
    at.checkbox(key="q-long-pii-ok").check().run()
    assert draft_of(engine, participant)["long"] == "Call the recruiter on +66 81 234 5678"


def test_a_confirmation_sticks_through_submit_and_a_changed_text_asks_again(seat):
    """Type a web address, confirm it is not personal data, press Submit: it is submitted (the box
    once vanished with its tick and Submit flagged the text again, for ever)."""
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.radio(key="q-single").set_value("a").run()  # the required one
    text = "Guidance published at http://example.invalid/guide by the ministry"
    at.text_area(key="q-long").set_value(text).run()
    at.checkbox(key="q-long-pii-ok").check().run()
    assert not at.get_by_key("question-long").warning  # confirmed: no longer flagged
    at.button(key="submit").click().run()
    assert not any("personal data" in e.value for e in at.error), [e.value for e in at.error]
    with read_session(engine) as db:
        assert db.exec(select(Response).where(Response.participant_id == participant.id)).one().status == "submitted"
    at.text_area(key="q-long").set_value(text + ", see http://example.invalid/other").run()
    assert "web address" in at.get_by_key("question-long").warning[0].value  # a new text: asked again
    assert not at.checkbox(key="q-long-pii-ok").value
    reloaded = open_page(participant, ids["session"])  # the submitted text was confirmed: not asked again
    assert not reloaded.get_by_key("question-long").warning


def _has_response(engine, participant):
    with read_session(engine) as s:
        return s.exec(select(Response).where(Response.participant_id == participant.id)).first() is not None


def test_hostile_text_is_stored_and_shown_literally(seat):
    engine, ids, participant = seat
    hostile = '=HYPERLINK("http://evil")<script>alert(1)</script>![x](http://evil/x.png)'
    at = open_page(participant, ids["session"])
    at.text_area(key="q-long").set_value(hostile).run()
    assert not at.exception
    assert "web address" in at.get_by_key("question-long").warning[0].value  # the links are flagged first
    at.checkbox(key="q-long-pii-ok").check().run()
    assert draft_of(engine, participant)["long"] == hostile
    assert open_page(participant, ids["session"]).text_area(key="q-long").value == hostile
    assert not any("<script>" in m.value for m in at.markdown)


def test_the_gap_register_adds_edits_and_removes_rows(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.button(key="q-gaps-add").click().run()
    at.button(key="q-gaps-add").click().run()
    at.selectbox(key="q-gaps-1-gap_type").set_value("G01").run()
    at.text_area(key="q-gaps-1-description").set_value("first").run()
    at.selectbox(key="q-gaps-2-gap_type").set_value("G01").run()
    at.text_area(key="q-gaps-2-description").set_value("second").run()
    at.radio(key="q-gaps-2-severity").set_value(5).run()
    assert [g["description"] for g in draft_of(engine, participant)["gaps"]] == ["first", "second"]
    at.button(key="q-gaps-1-remove").click().run()  # a row with something in it asks first
    assert any("Remove gap 1" in w.value for w in at.warning)
    assert len(draft_of(engine, participant)["gaps"]) == 2
    at.button(key="q-gaps-1-keep").click().run()
    assert not any("Remove gap 1" in w.value for w in at.warning)
    assert at.text_area(key="q-gaps-1-description").value == "first"
    at.button(key="q-gaps-1-remove").click().run()
    at.button(key="q-gaps-1-remove-yes").click().run()
    assert not at.exception
    assert draft_of(engine, participant)["gaps"] == [{"gap_type": "G01", "description": "second", "severity": 5}]
    assert at.text_area(key="q-gaps-2-description").value == "second"
    at.button(key="q-gaps-add").click().run()  # an empty row goes at once: nothing to lose
    at.button(key="q-gaps-3-remove").click().run()
    assert not [b for b in at.button if b.key and b.key.startswith("q-gaps-3")]


def test_a_session_closed_while_typing_keeps_the_draft_and_says_so(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.radio(key="q-single").set_value("a").run()
    room.set_state(engine, ids["session"], "closed", actor="facilitator")
    at.text_input(key="q-short").set_value("typed as it closed").run()
    assert not at.exception
    assert any("closed this session" in w.value for w in at.warning)
    assert draft_of(engine, participant)["short"] == "typed as it closed"
    with read_session(engine) as s:
        assert s.exec(select(Response)).one().late is True
    assert not [b for b in at.button if b.key == "submit"]
    reopened = open_page(participant, ids["session"])  # coming back later: read-only, with the late draft
    assert reopened.radio(key="q-single").disabled and reopened.text_input(key="q-short").value == "typed as it closed"


def test_a_session_of_another_event_or_a_bad_id_shows_the_way_back(seat):
    engine, ids, participant = seat
    other = make_event(engine, code="OTHER22", questionnaire=SPEC)
    for bad in (str(other["session"]), "abc", "999999"):
        at = AppTest.from_file("../app.py", default_timeout=30)
        at.query_params["p"] = participant.token
        at.run()
        at.switch_page("pages/delegate/answer.py")
        at.query_params["s"] = bad
        at.run()
        assert not at.exception
        assert at.warning[0].value == "Choose a session on the agenda."


def test_a_translated_questionnaire_can_be_answered_in_either_language(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    monkeypatch.setenv("GAPMAP_SEED_DEMO", "0")
    st.cache_resource.clear()
    AppTest.from_file("../app.py", default_timeout=30).run()
    engine = make_engine(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    spec = {"key": "bilingual", "title": {"en": "Bilingual", "th": "สองภาษา"}, "theme": "other",
            "languages": ["en", "th"],
            "questions": [{"id": "q1", "type": "single_choice", "text": {"en": "Pick", "th": "เลือก"},
                           "options": [{"id": "yes", "label": {"en": "Yes", "th": "ใช่"}},
                                       {"id": "no", "label": {"en": "No", "th": "ไม่"}}]}]}
    ids = make_event(engine, code="BILING1", questionnaire=spec)
    participant = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    at = open_page(participant, ids["session"])
    assert at.radio(key="q-q1").options == ["Yes", "No"]
    at.session_state["language"] = "th"
    at.run()
    assert at.radio(key="q-q1").options == ["ใช่", "ไม่"]
    at.radio(key="q-q1").set_value("yes").run()
    assert draft_of(engine, participant) == {"q1": "yes"}  # stored by option id, whatever the language
    st.cache_resource.clear()


def test_results_revealed_by_the_facilitator_appear_for_delegates(seat):

    engine, ids, participant = seat
    for n in range(3):  # three others submit, so the k = 3 rule lets results show
        other = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
        copy = responding.open_session(engine, other, ids["session"])
        assert responding.submit(engine, other, copy, {"single": "a"}, token=f"o{n}").ok
    at = open_page(participant, ids["session"])
    assert not [e for e in at.expander if e.label == "Results so far"]
    room.set_results_visible(engine, ids["session"], True, actor="facilitator")
    st.cache_data.clear()
    at = open_page(participant, ids["session"])
    assert not at.exception
    assert [e for e in at.expander if e.label == "Results so far"]
    assert at.get("plotly_chart")
    # "single" is a fact about the State's law: delegates see it counted by State, like the room
    assert any("Counts States" in c.value for c in at.caption)


def test_an_empty_questionnaire_cannot_be_submitted(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.button(key="submit").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Answer at least one question before submitting."]
    assert not at.success or not any("Submitted" in s.value for s in at.success)
    with pytest.raises(KeyError):  # no question to name: the one message
        at.get_by_key("submit-problem")
    with read_session(engine) as s:
        assert s.exec(select(Response)).all() == []


def test_a_missing_required_answer_is_named_at_the_top_and_the_page_moves_to_it(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.text_input(key="q-short").set_value("kept").run()
    at.button(key="submit").click().run()
    assert not at.exception
    summary = at.get_by_key("submit-problem").error[0].value
    assert summary == "Not submitted: “S” needs an answer."
    assert at.get_by_key("question-single").error[0].value == "This question needs an answer."
    scroll = [c for c in at.get("bidi_component") if "question-single" in str(c.proto)]
    assert scroll, "the page is moved to the first problem"
    at.radio(key="q-single").set_value("a").run()
    at.button(key="submit").click().run()
    assert any("Submitted" in s.value for s in at.success)
    with pytest.raises(KeyError):
        at.get_by_key("submit-problem")


def test_a_number_out_of_range_is_named_under_its_question_and_kept_out_of_the_draft(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    assert "From 0 to 100" in [c.value for c in at.caption]  # the range is said before anything is typed
    at.number_input(key="q-num").set_value(150).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Enter a number of at most 100."]  # on the page, not in a tooltip
    assert "num" not in draft_of(engine, participant)
    at.number_input(key="q-num").set_value(80).run()
    assert not at.error
    assert draft_of(engine, participant)["num"] == 80


def test_a_session_closed_while_open_shows_one_banner_at_the_top_and_no_submit(seat):
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    at.radio(key="q-single").set_value("a").run()
    room.set_state(engine, ids["session"], "closed", actor="facilitator")
    at.run()  # what the page's watcher does within seconds (tests/test_browser_touch.py waits for it)
    assert not at.exception
    closed = [w for w in at.warning if "closed this session" in w.value]
    assert len(closed) == 1
    keys = [getattr(e, "key", None) for e in at.main]
    assert "closed-banner" in keys and keys.index("closed-banner") < keys.index("question-single"), keys
    assert not [b for b in at.button if b.key == "submit"]
    at.text_input(key="q-short").set_value("typed after it closed").run()
    assert len([w for w in at.warning if "closed this session" in w.value]) == 1  # still once
    assert draft_of(engine, participant)["short"] == "typed after it closed"
    room.set_state(engine, ids["session"], "open", actor="facilitator")
    at.run()
    assert not [w for w in at.warning if "closed this session" in w.value]
    assert [b for b in at.button if b.key == "submit"]


def test_a_gap_register_asks_the_fields_it_has_and_anchors_severity_in_words(register_seat):
    engine, ids, participant = register_seat
    at = open_page(participant, ids["session"])
    at.button(key="q-full-add").click().run()
    at.button(key="q-plain-add").click().run()
    severity = at.radio(key="q-full-1-severity")
    assert severity.options == list(SEVERITY_NAMES.values()) and not severity.horizontal  # a level a line
    assert "minor" in severity.options[0] and "critical" in severity.options[4]
    assert at.selectbox(key="q-full-1-emerging_form").options == ["Online recruitment",
                                                                   "Forced criminality in scam centres"]
    reform = at.radio(key="q-full-1-reform")
    assert reform.options == list(REFORM_NAMES.values()) and not reform.horizontal
    assert at.selectbox(key="q-full-1-addressee").options == ["Legislature", "Ministry"]
    for field in ("emerging_form", "reform", "addressee"):  # the plain register asks none of them
        with pytest.raises(KeyError):
            at.get_by_key(f"q-plain-1-{field}")
    at.selectbox(key="q-full-1-gap_type").set_value("G01").run()
    at.selectbox(key="q-full-1-emerging_form").set_value("scam").run()
    at.radio(key="q-full-1-reform").set_value("planned").run()
    at.selectbox(key="q-full-1-addressee").set_value("ministry").run()
    assert not at.exception
    assert draft_of(engine, participant)["full"] == [
        {"gap_type": "G01", "emerging_form": "scam", "reform": "planned", "addressee": "ministry"}]
    at.button(key="q-full-add").click().run()
    at.radio(key="q-full-2-reform").set_value("none").run()
    at.button(key="q-full-2-remove").click().run()  # only "is a reform under way" answered: still asks first
    assert any("Remove gap 2" in w.value for w in at.warning)
