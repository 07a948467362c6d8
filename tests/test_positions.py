"""State positions and findings counted by State, against figures worked out by hand.

The session is the aggregation fixture (tests/test_aggregation.py): six submitted responses,
Thailand 3, Cambodia 2, Lao PDR 1; Viet Nam joined (a draft only), so 4 States are present.
"""
import pytest

from gapmap import responding
from gapmap.aggregation import ChoiceResult, QuestionResult, gap_profiles, session_results
from gapmap.positions import (
    NOT_SELECTED,
    SELECTED,
    Cleared,
    _multiple,
    number_position,
    position_of,
    state_results,
)
from tests.factories import make_event
from tests.test_aggregation import ANSWERS, SPEC

PRESENT = ["KHM", "LAO", "THA", "VNM"]


@pytest.fixture
def session(engine):
    ids = make_event(engine, questionnaire=SPEC, countries=("THA", "KHM", "LAO", "VNM"))
    for n, (country, values) in enumerate(ANSWERS):
        p = responding.join(engine, event_id=ids["event"], country=country, sector="prosecution")
        copy = responding.open_session(engine, p, ids["session"])
        assert responding.submit(engine, p, copy, values, token=f"t{n}").ok
    return engine, ids


# --- one delegation ------------------------------------------------------------------------------

def test_unanimous_delegates_hold_their_answer():
    p = position_of({"yes": 3})
    assert (p.value, p.split, p.delegates) == ("yes", False, 3)


def test_different_answers_are_a_split_never_a_tie_break():
    assert position_of({"yes": 1, "no": 1}).split  # a tie: no answer wins
    p = position_of({"yes": 2, "partly": 1})  # a majority is still a split
    assert p.split and p.value is None and p.distribution == {"yes": 2, "partly": 1}


def test_dont_know_does_not_outvote_an_answer_but_is_shown():
    p = position_of({"yes": 2, "dont_know": 1})
    assert (p.value, p.split) == ("yes", False) and p.distribution["dont_know"] == 1
    assert position_of({"dont_know": 2}).value == "dont_know" and position_of({"dont_know": 2}).no_view
    assert position_of({"dont_know": 1, "na": 1}).split


def test_a_delegations_numbers_give_a_value_or_a_split_with_median_and_range():
    assert number_position([12.0, 12.0]).value == "12"
    p = number_position([10.0, 20.0, 30.0])
    assert p.split and (p.number, p.low, p.high) == (20.0, 10.0, 30.0)


# --- findings over the session -------------------------------------------------------------------

def test_single_choice_counts_states(session):
    engine, ids = session
    found = state_results(session_results(engine, ids["session"]), present=PRESENT)
    c1 = found["c1"].findings[0]
    # THA a, a, b -> split; KHM b, c -> split; LAO a -> a; VNM joined but did not submit
    assert [(c.id, c.states) for c in c1.counts] == [("a", 1), ("b", 0), ("c", 0)]
    assert (c1.split, c1.no_answer, c1.present, c1.answering) == (2, 1, 4, 3)
    assert c1.positions["THA"].distribution == {"a": 2, "b": 1}
    assert (c1.consensus, c1.convergence) == (["a"], pytest.approx(1 / 3))  # 1 of 3 answering States


def test_matrix_rows_count_states_and_name_their_consensus(session):
    engine, ids = session
    r1, r2 = state_results(session_results(engine, ids["session"]), present=PRESENT)["m1"].findings
    # r1: THA yes, yes, partly -> split; KHM yes, no -> split; LAO yes
    assert (r1.states("yes"), r1.split, r1.no_answer) == (1, 2, 1)
    # r2: THA no, partly, dont_know -> split (two views); KHM no, no -> no; LAO and VNM no answer
    assert (r2.states("no"), r2.split, r2.no_answer, r2.consensus) == (1, 1, 2, ["no"])
    assert r2.convergence == pytest.approx(1 / 2)
    assert [c.id for c in r2.counts] == ["yes", "partly", "no", "dont_know"]  # no-view answers last


def test_a_cleared_position_overrides_the_computed_one(session):
    engine, ids = session
    cleared = [Cleared("THA", "m1", "r1", position="partly", note="Penal Code s. 312/1")]
    r1 = state_results(session_results(engine, ids["session"]), present=PRESENT, cleared=cleared)["m1"].findings[0]
    tha = r1.positions["THA"]
    assert (tha.value, tha.cleared, tha.split, tha.note) == ("partly", True, False, "Penal Code s. 312/1")
    assert tha.distribution == {"yes": 2, "partly": 1}  # the delegates' answers stay visible
    # yes: LAO; partly: THA (cleared); KHM still split
    assert (r1.states("yes"), r1.states("partly"), r1.split) == (1, 1, 1)
    assert r1.consensus == ["yes", "partly"] and r1.convergence == pytest.approx(1 / 3)  # a tie, shown as one


def test_numbers_per_state(session):
    engine, ids = session
    n1 = state_results(session_results(engine, ids["session"]), present=PRESENT)["n1"].findings[0]
    # THA 10, 20, 30 -> split, median 20; LAO 50; KHM gave none; VNM none
    assert n1.positions["THA"].split and n1.positions["THA"].number == 20
    assert n1.positions["LAO"].value == "50"
    assert (n1.split, n1.no_answer) == (1, 2)


def test_gaps_are_merged_per_state_and_gap_type(session):
    engine, ids = session
    results = session_results(engine, ids["session"])
    gaps = state_results(results, present=PRESENT, gap_profiles=gap_profiles(engine, ids["session"]))["g1"].gaps
    # G01: THA twice (severity 4 and 2; needs training and law reform); G02: THA (5, training), KHM (3, law)
    assert [(g.id, g.states, g.gaps) for g in gaps] == [("G02", ["KHM", "THA"], 2), ("G01", ["THA"], 2)]
    assert [g.mean_severity for g in gaps] == [4.0, 3.0]
    assert [g.top_need for g in gaps] == ["Law reform / Training", "Law reform / Training"]


def test_views_keep_counting_respondents(session):
    engine, ids = session
    found = state_results(session_results(engine, ids["session"]), present=PRESENT)
    assert set(found) == {"c1", "m1", "n1", "g1"}  # likert, ranking and text are views


def test_multiple_choice_counts_states_per_option():
    # KHM: 2 delegates, both chose a; THA: 3 delegates, a, a+b, and one "don't know" only
    q = QuestionResult("mc", "multiple_choice", "Which?", 5, {"KHM": 2, "THA": 3},
                       ChoiceResult([], {"KHM": {"a": 2}, "THA": {"a": 2, "b": 1, "dk": 1}}))
    a, b = _multiple(q, PRESENT, {}, [("a", "A"), ("b", "B")], {"dk"})
    # option a: KHM selected; THA 2 selected, 1 no view -> selected (no view does not outvote)
    assert (a.states(SELECTED), a.split) == (2, 0)
    # option b: KHM not selected; THA 1 selected, 1 not, 1 no view -> split
    assert (b.states(NOT_SELECTED), b.split, b.no_answer) == (1, 1, 2)


def test_privacy_names_states_only_where_the_audience_may(session):
    from datetime import date

    from db.models import Event
    from gapmap.privacy import audience_for, export_audience, visible_states

    engine, ids = session
    found = state_results(session_results(engine, ids["session"]), present=PRESENT,
                          cleared=[Cleared("LAO", "m1", "r1", position="yes")])

    def event(policy):
        return Event(code="X", title="t", start_date=date(2024, 1, 1), end_date=date(2024, 1, 1),
                     attribution_policy=policy, min_group_size=3)

    chatham = visible_states(found, audience_for(event("chatham_house"), role="facilitator"))
    r1 = chatham["m1"].findings[0]
    assert r1.positions == {} and (r1.states("yes"), r1.split) == (1, 2)  # counts stay, no State named
    # named, k = 3: Thailand's 3 delegates may be named (split); Cambodia's 2 not; Lao PDR's cleared one may
    named = visible_states(found, audience_for(event("attributable"), role="facilitator"))["m1"].findings[0]
    assert set(named.positions) == {"THA", "LAO"} and named.positions["LAO"].cleared
    full = visible_states(found, export_audience(event("chatham_house"), anonymise=False))["m1"].findings[0]
    assert set(full.positions) == {"THA", "KHM", "LAO"}


def test_answers_to_an_option_a_newer_version_dropped_count_under_their_id():
    """Delegates of one State answered different questionnaire versions: positions go by option id,
    and an id the current version no longer has is counted and labelled by its id."""
    from gapmap.positions import finding

    per_country = {"THA": {"yes": 2}, "KHM": {"old_partly": 2}, "LAO": {"yes": 1, "old_partly": 1}}
    f = finding("", "Covered?", per_country, [("yes", "Yes"), ("no", "No")], PRESENT, {}, "q")
    assert [(c.id, c.label, c.states) for c in f.counts] == [("yes", "Yes", 1), ("no", "No", 0),
                                                             ("old_partly", "old_partly", 1)]
    assert (f.split, f.no_answer) == (1, 1)  # LAO split; VNM present without an answer
