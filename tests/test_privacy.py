"""What each audience sees of one session's results: `gapmap.privacy.visible`, the one gate.

The fixture is the aggregation fixture (tests/test_aggregation.py): Thailand 3 respondents,
Cambodia 2, Lao PDR 1; the event's k is 3. So with countries named, only Thailand may be broken
out; under the Chatham House Rule no country may appear on a facilitator's screen at all.
"""
from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from db.models import Event
from gapmap import responding
from gapmap.aggregation import session_results
from gapmap.charts import figures_for
from gapmap.privacy import Audience, VisibleQuestion, audience_for, export_audience, visible, visible_question
from tests.factories import make_event
from tests.test_aggregation import ANSWERS, SPEC

COUNTRIES = ("THA", "KHM", "LAO", "VNM")


def event(policy: str, k: int = 3) -> Event:
    return Event(code="X", title="t", start_date=date(2024, 1, 1), end_date=date(2024, 1, 1),
                 attribution_policy=policy, min_group_size=k)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    from db.engine import make_engine
    from db.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('privacy') / 'p.sqlite3'}")
    upgrade(engine)
    ids = make_event(engine, questionnaire=SPEC, countries=COUNTRIES)
    for n, (country, values) in enumerate(ANSWERS):
        p = responding.join(engine, event_id=ids["event"], country=country, sector="prosecution")
        copy = responding.open_session(engine, p, ids["session"])
        assert responding.submit(engine, p, copy, values, token=f"t{n}").ok
    yield session_results(engine, ids["session"])
    engine.dispose()


def mentions(view, codes=COUNTRIES) -> set[str]:
    """Every country code found anywhere in what a page could print of the view."""
    def plain(obj):
        if dataclasses.is_dataclass(obj):
            return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                    if f.name not in ("questionnaire", "audience")}
        if isinstance(obj, dict):
            return {str(k): plain(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [plain(v) for v in obj]
        return obj
    text = json.dumps(plain(view), default=str)
    return {c for c in codes if f'"{c}"' in text}


def test_under_chatham_house_a_facilitators_view_holds_no_country_at_all(results):
    view = visible(results, audience_for(event("chatham_house"), role="facilitator"))
    assert mentions(view) == set()
    assert view.countries_answering == 3 and view.respondents == 6  # regional counts stay
    assert view.note == "Privacy: countries are not named (Chatham House Rule)."
    assert view.question("c1").result.options[0].count == 3  # regional figures unchanged


def test_named_countries_below_k_are_left_out_of_every_breakdown(results):
    view = visible(results, audience_for(event("attributable"), role="facilitator"))
    assert mentions(view) == {"THA"}
    assert view.countries == {"THA": 3}
    m = view.question("m1")
    assert [set(row.by_country) for row in m.result.rows] == [{"THA"}, {"THA"}]
    assert m.left_out == " 2 countries with fewer than 3 respondents not shown."
    texts = view.question("t1").result.items  # Thailand gave 2 of these texts: fewer than k, so unnamed
    assert [i.country for i in texts] == ["", ""]
    assert view.question("c1").result.by_country == {"THA": {"a": 2, "b": 1}}
    gaps = view.question("g1").result  # Thailand 2, Cambodia 1 registers: no country reaches k
    assert gaps.by_country == {} and gaps.gaps == 4  # the region still counts every gap
    assert "2 countries with fewer than 3 respondents" in view.note


def test_organisers_see_countries_the_projector_does_not(results):
    chatham = event("chatham_house")
    assert mentions(visible(results, audience_for(chatham, role="organiser"))) == {"THA"}
    assert mentions(visible(results, audience_for(chatham, role="organiser", projector=True))) == set()


def test_the_projector_and_delegates_wait_for_k_submissions_the_dashboard_for_k_in_a_selection(results):
    few = event("attributable", k=7)
    assert "at least 7 delegates" in visible(results, audience_for(few, role="facilitator", projector=True)).withheld
    assert "at least 7 delegates" in visible(results, audience_for(few, role="delegate")).withheld
    assert visible(results, audience_for(few, role="facilitator")).withheld == ""
    assert "Fewer than 7" in visible(results, audience_for(few, role="facilitator"), filtered=True).withheld


def test_a_selection_below_k_gives_no_count_either(results):
    """The dashboard once showed "Respondents 2 · Countries answering 1" for a sector below k."""
    few = event("attributable", k=7)
    small = visible(results, audience_for(few, role="facilitator"), filtered=True)
    assert small.counts_hidden == "fewer than 7"
    assert visible(results, audience_for(few, role="facilitator")).counts_hidden == ""


def test_an_anonymised_export_leaves_out_text_from_small_groups_a_full_one_keeps_everything(results):
    anonymised = visible(results, export_audience(event("attributable"), anonymise=True))
    assert anonymised.question("t1").result.items == []  # only 2 texts, both from Thailand
    full = visible(results, export_audience(event("chatham_house"), anonymise=False))
    assert mentions(full) == {"THA", "KHM", "LAO"}
    assert [i.country for i in full.question("t1").result.items] == ["THA", "THA"]
    shared = visible(results, export_audience(event("chatham_house"), anonymise=True))
    assert mentions(shared) == set()


def test_charts_and_pages_take_views_only(results):
    raw = results.question("m1")
    with pytest.raises(TypeError, match="gapmap.privacy"):
        figures_for(raw, None)
    from ui.results import draw_question

    with pytest.raises(TypeError, match="privacy view"):
        draw_question(raw)
    view = visible_question(raw, Audience(k=3, name_countries=False))
    assert isinstance(view, VisibleQuestion) and visible_question(view, Audience(k=1, name_countries=True)) is view
    assert all("THA" not in fig.to_json() for _, fig in figures_for(view, None))


def test_what_delegates_are_promised_is_what_the_view_does():
    from gapmap.privacy import promise

    assert promise(event("chatham_house", k=4)) == ("Results are shown and reported in aggregate under the "
                                                   "**Chatham House Rule**; no breakdown with fewer than 4 "
                                                   "respondents is shown.")
    assert "Chatham" not in promise(event("attributable"))


# --- free text and gaps in an anonymised report: kept unless they would identify a State ---------------

def test_under_chatham_house_a_text_from_a_small_delegation_stays_when_at_least_k_states_answered():
    """No row names a State, so a text can only be placed among every State that answered the
    question: 3 States here (k = 3), so Lao PDR's one text stays; with 2 States it would point to
    one of two, and goes."""
    from gapmap.privacy import keeps_country

    shared = export_audience(event("chatham_house"), anonymise=True)
    three_states = {"THA": 3, "KHM": 2, "LAO": 1}
    assert all(keeps_country(c, three_states, shared) for c in three_states)
    two_states = {"THA": 4, "LAO": 1}
    assert keeps_country("THA", two_states, shared)  # its own group has k respondents
    assert not keeps_country("LAO", two_states, shared)
    assert not keeps_country("VNM", three_states, shared)  # a country that did not answer the question at all


def test_with_countries_named_a_small_delegations_text_stays_unnamed_among_k_small_states():
    """Thailand (3 respondents) is named; the States below k are not, so their rows can be placed
    only among them: three such States (k = 3) keep their texts, unnamed; two do not."""
    from gapmap.privacy import keeps_country

    shared = export_audience(event("attributable"), anonymise=True)
    three_small = {"THA": 3, "KHM": 2, "LAO": 1, "VNM": 2}
    assert all(keeps_country(c, three_small, shared) for c in three_small)
    two_small = {"THA": 3, "KHM": 2, "LAO": 1}
    assert keeps_country("THA", two_small, shared)
    assert not keeps_country("KHM", two_small, shared) and not keeps_country("LAO", two_small, shared)


def test_raw_answers_from_a_small_delegation_stay_out_under_either_policy():
    """A raw answer carries its respondent's number, and a respondent's answers about the law tell
    their State: linked rows from a country below k are always left out of an anonymised report."""
    from gapmap.privacy import keeps_country

    many = {"THA": 3, "KHM": 2, "LAO": 1, "VNM": 2}
    for policy in ("chatham_house", "attributable"):
        shared = export_audience(event(policy), anonymise=True)
        assert keeps_country("THA", many, shared, linked=True)
        assert not keeps_country("KHM", many, shared, linked=True)
        full = export_audience(event(policy), anonymise=False)
        assert keeps_country("LAO", many, full, linked=True)  # organisers' full report keeps everything


def test_gaps_without_a_country_are_listed_by_their_fields_not_by_their_country():
    """Gaps are read in country order; once the country is blanked, neighbouring rows must not say
    which rows came from one State: rows with no country are ordered by type, then words."""
    from exports.gather import Gap
    from gapmap.aggregation import QuestionResult
    from gapmap.privacy import visible_rows

    by_country_n = {"KHM": 3, "LAO": 2, "THA": 1, "VNM": 2}
    question = QuestionResult("g1", "gap_register", "Gaps", 8, by_country_n, None)
    rows = [Gap("KHM", "G05", "b"), Gap("LAO", "G02", "z"), Gap("LAO", "G09", "a"), Gap("THA", "G02", "c"),
            Gap("VNM", "G01", "d")]
    chatham = visible_rows(rows, question, export_audience(event("chatham_house"), anonymise=True))
    assert [(g.country, g.gap_type, g.description) for g in chatham] == [
        ("", "G01", "d"), ("", "G02", "c"), ("", "G02", "z"), ("", "G05", "b"), ("", "G09", "a")]
    named = visible_rows(rows, question, export_audience(event("attributable"), anonymise=True))
    # Cambodia (3) is named and first; Lao PDR, Thailand, Viet Nam (3 States below k) unnamed, by type
    assert [(g.country, g.gap_type) for g in named] == [("KHM", "G05"), ("", "G01"), ("", "G02"), ("", "G02"),
                                                         ("", "G09")]
    full = visible_rows(rows, question, export_audience(event("chatham_house"), anonymise=False))
    assert full == rows  # organisers' full report: every country named, in the order read


def test_the_export_page_says_what_an_anonymised_report_keeps():
    from gapmap.privacy import anonymised_export_note

    note = anonymised_export_note(event("chatham_house", k=4))
    assert "no country named under the Chatham House Rule" in note
    assert "kept unless they would point to fewer than 4 States" in note
    assert "no raw answers from countries with fewer than 4 respondents" in note
