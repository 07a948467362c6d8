"""Consolidated results, checked against figures worked out by hand (SQLite and PostgreSQL).

The fixture: six submitted responses (Thailand 3, Cambodia 2, Lao PDR 1) and one draft from
Viet Nam that must not count. Each expected figure below is derived in its comment.
"""
import pytest

from db.engine import write_session
from gapmap import responding
from gapmap.aggregation import Scope, session_results, word_frequencies
from gapmap.answers import NA
from gapmap.moderation import moderate
from gapmap.privacy import Audience, audience_for, hidden_countries, selection_too_small, shown_countries
from questionnaires.loader import validate
from tests.factories import make_event

SPEC = {
    "key": "agg", "title": "Aggregation fixture", "theme": "other",
    "questions": [
        {"id": "c1", "type": "single_choice", "text": "Choice",
         "options": [{"id": i, "label": i.upper()} for i in "abc"]},
        {"id": "l1", "type": "likert", "text": "Agree?", "allow_na": True,
         "scale": [{"value": v, "label": str(v)} for v in (1, 2, 3, 4)]},
        {"id": "r1", "type": "ranking", "text": "Rank", "top_n": 2,
         "options": [{"id": i, "label": i.upper()} for i in "xyz"]},
        {"id": "m1", "type": "matrix", "text": "Coverage",
         "rows": [{"id": "r1", "text": "Row 1"}, {"id": "r2", "text": "Row 2"}],
         "scale": [{"id": i, "label": i} for i in ("yes", "partly", "no", "dont_know")]},
        {"id": "n1", "type": "number", "text": "Share", "unit": "%"},
        {"id": "t1", "type": "long_text", "text": "Comment"},
        {"id": "g1", "type": "gap_register", "text": "Gaps",
         "gap_types": [{"id": "G01", "label": "Def"}, {"id": "G02", "label": "Scope"}],
         "need_types": [{"id": "train", "label": "Training"}, {"id": "law", "label": "Law reform"}]},
    ],
}
ANSWERS = [
    ("THA", {"c1": "a", "l1": 4, "r1": ["x", "y"], "m1": {"r1": "yes", "r2": "no"}, "n1": 10,
             "t1": "Data sharing lacks a legal basis",
             "g1": [{"gap_type": "G01", "severity": 4, "need_type": "train", "priority": "high"}]}),
    ("THA", {"c1": "a", "l1": 3, "r1": ["y", "x"], "m1": {"r1": "yes", "r2": "partly"}, "n1": 20,
             "g1": [{"gap_type": "G01", "severity": 2, "need_type": "law", "priority": "low"},
                    {"gap_type": "G02", "severity": 5, "need_type": "train", "priority": "high"}]}),
    ("THA", {"c1": "b", "l1": NA, "r1": ["x"], "m1": {"r1": "partly", "r2": "dont_know"}, "n1": 30,
             "t1": "Data sharing is ad hoc"}),
    ("KHM", {"c1": "b", "l1": 1, "r1": ["z", "x"], "m1": {"r1": "yes", "r2": "no"},
             "g1": [{"gap_type": "G02", "severity": 3, "need_type": "law"}]}),
    ("KHM", {"c1": "c", "l1": 2, "m1": {"r1": "no", "r2": "no"}}),
    ("LAO", {"c1": "a", "m1": {"r1": "yes"}, "n1": 50}),
]


@pytest.fixture
def results(engine):
    ids = make_event(engine, questionnaire=SPEC, countries=("THA", "KHM", "LAO", "VNM"))
    copy = None
    for n, (country, values) in enumerate(ANSWERS):
        p = responding.join(engine, event_id=ids["event"], country=country, sector="prosecution" if n < 4 else "labour")
        copy = responding.open_session(engine, p, ids["session"])
        assert responding.submit(engine, p, copy, values, token=f"t{n}").ok
    draft = responding.join(engine, event_id=ids["event"], country="VNM", sector="other")
    responding.keep_draft(engine, draft, copy, {"c1": "c"})  # a draft never counts
    return engine, ids


def test_respondents_and_countries(results):
    engine, ids = results
    r = session_results(engine, ids["session"])
    assert r.respondents == 6 and r.countries == {"THA": 3, "KHM": 2, "LAO": 1}


def test_single_choice_counts_and_shares(results):
    r = session_results(*_args(results)).question("c1")
    # a: THA, THA, LAO = 3 of 6; b: THA, KHM = 2; c: KHM = 1
    assert [(o.id, o.count, round(o.share, 3)) for o in r.result.options] == [("a", 3, 0.5), ("b", 2, 0.333),
                                                                              ("c", 1, 0.167)]
    assert r.result.by_country["KHM"] == {"b": 1, "c": 1}


def test_likert_median_leaves_out_not_applicable(results):
    r = session_results(*_args(results)).question("l1")
    # five answered l1; one said N/A; the ratings 4, 3, 1, 2 sorted are 1, 2, 3, 4: half of the 4 rated
    # answers is 2, and the cumulative count first reaches 2 at point 2 (the lower middle): median point "2"
    assert r.respondents == 5 and r.result.na == 1 and r.result.median == "2"
    assert [p.count for p in r.result.points] == [1, 1, 1, 1]


def test_ranking_borda_scores(results):
    r = session_results(*_args(results)).question("r1").result
    # top 2: a 1st place earns 2 points, a 2nd place 1. x: 2 + 1 + 2 + 1 = 6; y: 1 + 2 = 3; z: 2
    assert [(row.id, row.borda, row.firsts) for row in r.rows] == [("x", 6, 2), ("y", 3, 1), ("z", 2, 1)]


def test_matrix_counts_per_row_and_country(results):
    """Counts only: a matrix's ordinal scale is never scored, and no tie goes to the first option
    (each State's position and the convergence of States are tests/test_positions.py's)."""
    m = session_results(*_args(results)).question("m1").result
    row1, row2 = m.rows
    # Row 1: THA yes, yes, partly; KHM yes, no; LAO yes
    assert row1.counts == {"yes": 4, "partly": 1, "no": 1}
    assert row1.by_country == {"THA": {"yes": 2, "partly": 1}, "KHM": {"yes": 1, "no": 1}, "LAO": {"yes": 1}}
    # Row 2: THA no, partly, dont_know; KHM no, no; LAO did not answer it
    assert row2.counts == {"no": 3, "partly": 1, "dont_know": 1} and "LAO" not in row2.by_country


def test_number_median(results):
    r = session_results(*_args(results)).question("n1").result
    assert r.values == [10, 20, 30, 50] and r.median == 25 and r.unit == "%"


def test_gap_register_heatmap_severity_and_needs(results):
    g = session_results(*_args(results)).question("g1").result
    assert g.gaps == 4
    assert g.by_country == {"THA": {"G01": 2, "G02": 1}, "KHM": {"G02": 1}}
    assert g.severity == {1: 0, 2: 1, 3: 1, 4: 1, 5: 1}
    # training: two gaps, both high priority; law reform: two gaps, none high
    assert g.needs == [("train", "Training", 2, 2), ("law", "Law reform", 2, 0)]


def test_texts_words_and_moderation(results):
    engine, ids = results
    t = session_results(engine, ids["session"]).question("t1").result
    assert {i.text for i in t.items} == {"Data sharing lacks a legal basis", "Data sharing is ad hoc"}
    assert t.words[:2] == [("data", 2), ("sharing", 2)]
    lacks = next(i for i in t.items if "lacks" in i.text)
    adhoc = next(i for i in t.items if "hoc" in i.text)
    moderate(engine, adhoc.answer_id, actor="facilitator", hidden=True)
    moderate(engine, lacks.answer_id, actor="facilitator", tags=["data sharing"],
             redacted_text="Data sharing lacks a [redacted] basis")
    t = session_results(engine, ids["session"]).question("t1").result
    shown = [i for i in t.items if not i.hidden]
    assert [(i.text, i.original, i.tags) for i in shown] == [
        ("Data sharing lacks a [redacted] basis", "Data sharing lacks a legal basis", ["data sharing"])]
    assert "hoc" not in dict(t.words) and [(o.id, o.count) for o in t.tags] == [("data sharing", 1)]


def test_a_country_group_or_sector_scope(results):
    engine, ids = results
    khm = session_results(engine, ids["session"], Scope(countries=("KHM",)))
    assert khm.respondents == 2 and [(o.id, o.count) for o in khm.question("c1").result.options
                                     if o.count] == [("b", 1), ("c", 1)]
    labour = session_results(engine, ids["session"], Scope(sectors=("labour",)))
    assert labour.respondents == 2 and labour.countries == {"KHM": 1, "LAO": 1}


def test_an_empty_session_and_a_skipped_question(engine):
    ids = make_event(engine, questionnaire=SPEC)
    r = session_results(engine, ids["session"])
    assert r.respondents == 0 and all(q.respondents == 0 for q in r.questions)
    assert r.question("m1").result.rows[0].counts == {}
    assert session_results(engine, 999_999) is None


def test_small_groups_and_chatham_house(results):
    r = session_results(*_args(results))
    everyone = Audience(k=3, name_countries=True)
    assert shown_countries(r.countries, everyone) == ["THA"] and hidden_countries(r.countries, everyone) == 2
    assert shown_countries(r.countries, Audience(k=3, name_countries=False)) == []
    assert selection_too_small(2, everyone, filtered=True) and not selection_too_small(2, everyone, filtered=False)


def test_who_may_see_country_names():
    from datetime import date

    from db.models import Event

    chatham = Event(code="X", title="t", start_date=date(2024, 1, 1), end_date=date(2024, 1, 1),
                    attribution_policy="chatham_house", min_group_size=4)
    assert audience_for(chatham, role="facilitator") == Audience(k=4, name_countries=False)
    assert audience_for(chatham, role="organiser").name_countries is True
    assert audience_for(chatham, role="organiser", projector=True).name_countries is False
    chatham.attribution_policy = "attributable"
    assert audience_for(chatham, role="facilitator", projector=True).name_countries is True


def test_word_frequencies_work_in_any_script():
    assert word_frequencies(["การค้ามนุษย์ การค้ามนุษย์", "the law and THE law"]) == [("การค้ามนุษย์", 2)]


def _args(results):
    engine, ids = results
    return engine, ids["session"]


def test_a_session_moved_to_a_new_questionnaire_version_keeps_old_answers_readable(results):
    """Answers given to an option the new version dropped still count, shown by their id."""
    from db.models import AgendaSession
    from db.questionnaire_store import store_version

    engine, ids = results
    changed = dict(SPEC, questions=[dict(SPEC["questions"][0], options=[{"id": "a", "label": "A"},
                                                                          {"id": "b", "label": "B"}])])
    with write_session(engine) as s:
        version, _ = store_version(db=s, questionnaire=validate(changed))
        s.get(AgendaSession, ids["session"]).questionnaire_version_id = version.id
    r = session_results(engine, ids["session"])
    assert [(o.id, o.label, o.count) for o in r.question("c1").result.options] == [
        ("a", "A", 3), ("b", "B", 2), ("c", "c", 1)]
    assert [q.id for q in r.questions] == ["c1"]  # questions the new version dropped are not charted


def test_a_thousand_free_text_answers(engine):
    from db.responses import create_participant, save_response
    from gapmap.answers import encode

    ids = make_event(engine, questionnaire=SPEC)
    questionnaire = validate(SPEC)
    with write_session(engine) as s:
        for n in range(1000):
            p = create_participant(db=s, event_id=ids["event"], country="THA")
            save_response(db=s, participant_id=p.id, agenda_session_id=ids["session"],
                          questionnaire_version_id=ids["version"], submit=True,
                          answers=encode(questionnaire, {"t1": f"Comment number {n} about referral"}))
    t = session_results(engine, ids["session"]).question("t1")
    assert t.respondents == 1000 and len(t.result.items) == 500  # the wall keeps the newest 500
    assert t.result.items[0].text == "Comment number 999 about referral"
    assert dict(t.result.words)["referral"] == 300  # words from the newest 300 visible answers


def test_the_data_version_changes_with_submissions_late_drafts_and_moderation(results):
    from gapmap.aggregation import data_version

    engine, ids = results
    before = data_version(engine, ids["session"])
    assert data_version(engine, ids["session"]) == before  # nothing changed
    texts = session_results(engine, ids["session"]).question("t1").result.items
    moderate(engine, texts[0].answer_id, actor="facilitator", hidden=True)
    after_moderation = data_version(engine, ids["session"])
    assert after_moderation != before
    p = responding.join(engine, event_id=ids["event"], country="LAO", sector="other")
    copy = responding.open_session(engine, p, ids["session"])
    responding.keep_draft(engine, p, copy, {"c1": "a"})
    assert data_version(engine, ids["session"]) == after_moderation  # an ordinary draft changes no result
    responding.submit(engine, p, copy, {"c1": "a"}, token="new")
    assert data_version(engine, ids["session"]) != after_moderation
