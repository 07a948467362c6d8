"""The report's sheets are plain functions of the data gathered for them: built here from hand-made
results (no database), for each audience an export can have.

The hand-made session: Thailand 3 respondents, Lao PDR 1; the event's k is 3. So an anonymised
report may break out Thailand (when the event is country-attributable) but never Lao PDR, and
leaves out Lao PDR's text and gaps.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from db.models import AttributionPolicy, Event
from exports.gather import Gap, RawAnswer, ReportData, SessionData
from exports.question_tables import question_tables
from exports.report import QUESTION_TABLES, RAW_HEADER, lay_out
from exports.sheets import cover, gap_sheet, matrix_sheet, summary, text_sheet
from gapmap.aggregation import (
    ChoiceResult,
    GapResult,
    MatrixResult,
    MatrixRowResult,
    OptionCount,
    QuestionResult,
    SessionResults,
    TextItem,
    TextResult,
)
from gapmap.participation import Board, Cell
from gapmap.privacy import export_audience, visible
from questionnaires.loader import validate
from tests.test_aggregation import SPEC

CHATHAM, ATTRIBUTABLE = AttributionPolicy.CHATHAM_HOUSE.value, AttributionPolicy.ATTRIBUTABLE.value
BY_COUNTRY_N = {"THA": 3, "LAO": 1}

MATRIX = MatrixResult(
    scale=[("yes", "yes"), ("partly", "partly"), ("no", "no"), ("dont_know", "dont_know")],
    rows=[
        # region: (2 × 1.0 + 1 × 0.0) / 3 scored answers = 0.67 ("don't know" left out)
        MatrixRowResult("r1", "Row 1", {"yes": 2, "no": 1, "dont_know": 1},
                        {"THA": {"yes": 2, "no": 1}, "LAO": {"dont_know": 1}}, 1.0, "yes", 1),
        # region: (2 × 0.5 + 2 × 0.0) / 4 = 0.25; Thailand (2 × 0.5 + 1 × 0.0) / 3 = 0.33
        MatrixRowResult("r2", "Row 2", {"partly": 2, "no": 2},
                        {"THA": {"partly": 2, "no": 1}, "LAO": {"no": 1}}, 0.5, "partly", 2),
    ],
    scores={"yes": 1.0, "partly": 0.5, "no": 0.0},
)
TEXTS = TextResult(
    items=[TextItem(1, "Said in Thailand", "THA", False, False, ["data"], "Said in Thailand"),
           TextItem(2, "Said in Lao PDR", "LAO", False, False, [], "Said in Lao PDR"),
           TextItem(4, "Also said in Thailand", "THA", False, False, [], "Also said in Thailand"),
           TextItem(3, "Hidden by a facilitator", "THA", True, False, [], "Hidden by a facilitator")],
    words=[], tags=[OptionCount("data", "data", 1, 1 / 3)])
GAPS = GapResult(gap_types=[("G01", "Def"), ("G02", "Scope")], by_country={"THA": {"G01": 2}, "LAO": {"G02": 1}},
                 gap_totals=[OptionCount("G01", "Def", 2, 2 / 3), OptionCount("G02", "Scope", 1, 1 / 3)],
                 severity={1: 0, 2: 0, 3: 1, 4: 2, 5: 0}, needs=[("train", "Training", 2, 1)], gaps=3)


def results() -> SessionResults:
    return SessionResults(
        agenda_session_id=7, title="Session one", questionnaire=validate(SPEC), respondents=4,
        countries=dict(BY_COUNTRY_N), sectors={"other": 4},
        questions=[
            QuestionResult("c1", "single_choice", "Choice", 4, dict(BY_COUNTRY_N), ChoiceResult(
                [OptionCount("a", "A", 3, 0.75), OptionCount("b", "B", 1, 0.25), OptionCount("c", "C", 0, 0.0)],
                {"THA": {"a": 3}, "LAO": {"b": 1}})),
            QuestionResult("m1", "matrix", "Coverage", 4, dict(BY_COUNTRY_N), MATRIX),
            QuestionResult("t1", "long_text", "Comment", 4, dict(BY_COUNTRY_N), TEXTS),
            QuestionResult("g1", "gap_register", "Gaps", 4, dict(BY_COUNTRY_N), GAPS),
        ])


def report_data(policy: str, *, anonymise: bool) -> ReportData:
    """What `exports.gather.gather` would hand the sheets (the gaps already as the audience may see them)."""
    event = Event(id=1, code="HAND2024", title="Hand-made event", start_date=date(2024, 8, 20),
                  end_date=date(2024, 8, 21), countries=["THA", "KHM", "LAO"], attribution_policy=policy)
    audience = export_audience(event, anonymise=anonymise)
    gaps = [Gap("THA", "G01", "No definition", "Art. 1", 4, "train", "high"), Gap("THA", "G01", severity=3)]
    if not anonymise:
        gaps.append(Gap("LAO", "G02", "Narrow scope"))
    agenda_session = SessionData(7, 1, 1, "Session one", 2, visible(results(), audience), {"g1": gaps})
    board = Board([(7, "D1.1 Session one")], ["THA", "KHM", "LAO"], {"THA": 3, "LAO": 1},
                  {("THA", 7): Cell(submitted=3), ("LAO", 7): Cell(submitted=1)})
    raw = [RawAnswer("R00001", "THA", "other", 7, "c1", 0, "", "a", None, None, None),
           RawAnswer("R00002", "LAO", "other", 7, "m1", 0, "r1", "dont_know", None, None, None)]
    return ReportData(event, anonymise, audience, [agenda_session], datetime(2024, 8, 21, 9, 30, tzinfo=timezone.utc),
                      board, raw)


def rows(sheet, table=0):
    return sheet.tables[table].rows


def test_a_whole_report_is_laid_out_from_gathered_data_alone():
    report = lay_out(report_data(CHATHAM, anonymise=False))
    assert [s.name for s in report.sheets] == ["Cover", "Summary", "1.1 Session one", "Matrix", "Gap register",
                                               "Free text", "Raw answers", "Data dictionary"]
    assert report.session_ids == [7] and report.generated_at.hour == 9
    assert rows(report.sheet("Raw answers")) == [
        ["R00001", "Thailand", "other", "Session one", "c1", "Choice", None, None, "a", "A", None, None, None],
        ["R00002", "Lao PDR", "other", "Session one", "m1", "Coverage", None, "Row 1", "dont_know", "dont_know",
         None, None, None]]
    assert report.sheet("Raw answers").tables[0].header == RAW_HEADER


def test_the_cover_states_the_events_terms():
    cover_rows = dict(rows(cover(report_data(CHATHAM, anonymise=True))))
    assert cover_rows["Attribution policy"] == "Chatham House Rule" and cover_rows["Minimum group size (k)"] == 3
    assert cover_rows["Mode"] == "Anonymised (for sharing)" and cover_rows["Generated at (UTC)"] == "2024-08-21 09:30"
    assert cover_rows["Questionnaire versions"] == "agg v2"
    assert dict(rows(cover(report_data(ATTRIBUTABLE, anonymise=False))))["Attribution policy"] == "Country-attributable"


def test_participation_names_countries_only_where_the_audience_may_see_them():
    assert rows(summary(report_data(CHATHAM, anonymise=True))) == [["All countries", 4]]
    assert rows(summary(report_data(CHATHAM, anonymise=False))) == [
        ["Thailand", 3], ["Cambodia", 0], ["Lao PDR", 1], ["All countries", 4]]


def test_the_matrix_shows_the_region_and_only_the_countries_the_audience_may_see():
    full = matrix_sheet(report_data(ATTRIBUTABLE, anonymise=False)).tables[0]
    assert full.header == ["Element", "Lao PDR", "Thailand", "Region", "Convergence"]
    assert full.rows == [["Row 1", None, 0.67, 0.67, 1.0], ["Row 2", 0.0, 0.33, 0.25, 0.5]]
    assert (0, 1) not in full.fills and full.fills[(1, 1)] == "00204C"  # Lao PDR: nothing scored / 0 is dark blue
    shared = matrix_sheet(report_data(ATTRIBUTABLE, anonymise=True)).tables[0]
    assert shared.header == ["Element", "Thailand", "Region", "Convergence"]  # Lao PDR: 1 respondent < k
    chatham = matrix_sheet(report_data(CHATHAM, anonymise=True)).tables[0]
    assert chatham.header == ["Element", "Region", "Convergence"]
    assert chatham.rows == [["Row 1", 0.67, 1.0], ["Row 2", 0.25, 0.5]]
    assert chatham.note.endswith("Countries are not named.")


def test_the_region_is_scored_like_a_country():
    assert MATRIX.region_scores() == pytest.approx({"r1": 2 / 3, "r2": 0.25})
    as_one_country = replace(MATRIX, rows=[replace(r, by_country={"ALL": r.counts}) for r in MATRIX.rows])
    assert MATRIX.region_scores() == as_one_country.country_scores()["ALL"]


def test_free_text_follows_the_audience():
    full = text_sheet(report_data(ATTRIBUTABLE, anonymise=False)).tables[0]
    assert [r[2:4] for r in full.rows] == [["Thailand", "Said in Thailand"], ["Lao PDR", "Said in Lao PDR"],
                                           ["Thailand", "Also said in Thailand"]]  # the hidden one left out
    shared = text_sheet(report_data(ATTRIBUTABLE, anonymise=True)).tables[0]
    assert [r[2:4] for r in shared.rows] == [["Thailand", "Said in Thailand"],  # Lao PDR: fewer than k
                                             ["Thailand", "Also said in Thailand"]]
    chatham = text_sheet(report_data(CHATHAM, anonymise=True)).tables[0]
    assert "Country" not in chatham.header
    assert [r[2] for r in chatham.rows] == ["Said in Thailand", "Also said in Thailand"]


def test_the_gap_register_lays_out_the_gaps_gathered():
    full = gap_sheet(report_data(ATTRIBUTABLE, anonymise=False)).tables[0]
    assert full.rows == [["Session one", "Thailand", "Def", "No definition", "Art. 1", 4, "Training", "High"],
                         ["Session one", "Thailand", "Def", None, None, 3, None, None],
                         ["Session one", "Lao PDR", "Scope", "Narrow scope", None, None, None, None]]
    chatham = gap_sheet(report_data(CHATHAM, anonymise=True))
    assert chatham.tables[0].header == ["Session", "Gap type", "Description", "Law or provision", "Severity", "Need",
                                        "Priority"]
    assert len(chatham.tables[0].rows) == 2 and len(chatham.widths) == 7


def test_every_question_type_has_its_tables_and_an_unknown_one_is_refused():
    view = report_data(CHATHAM, anonymise=False).sessions[0].results
    choice = question_tables(view.question("c1"))
    assert choice[0].title == "Choice (n = 4)" and choice[0].rows[0] == ["A", 3, 0.75] and choice[0].chart
    assert question_tables(view.question("t1"))[0].rows == [["See the sheet 'Free text'", 3], ["Tag: data", 1]]
    unknown = replace(view.question("c1"), type="slider")
    with pytest.raises(TypeError, match="slider"):
        question_tables(unknown)
    assert "slider" not in QUESTION_TABLES
