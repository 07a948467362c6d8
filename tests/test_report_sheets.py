"""The report's sheets are plain functions of the data gathered for them: built here from hand-made
results (no database), for each audience an export can have.

The hand-made session: Thailand 3 respondents, Lao PDR 1; the event's k is 3. So an anonymised
report may break out Thailand (when the event is country-attributable) but never Lao PDR, and
leaves out Lao PDR's text and gaps.

The State findings of that session (`gapmap.positions.state_results`), with Cambodia present (its
delegates joined) but silent, so N = 3 States; Thailand's head of delegation cleared Row 1 as
"partly" (see `STATE_POSITIONS` for every position, worked out by hand).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from db.models import AttributionPolicy, Event
from exports.gather import Gap, RawAnswer, ReportData, ReportError, SessionData, state_medians
from exports.question_tables import question_tables
from exports.report import QUESTION_TABLES, RAW_HEADER, lay_out
from exports.sheets import cover, dictionary, gap_sheet, matrix_sheet, raw_answer_rows, summary, text_sheet
from exports.state_sheets import (
    COMPACT_FINDINGS_HEADER,
    FINDINGS_HEADER,
    NO_ANSWER_FILL,
    POSITIONS_HEADER,
    SPLIT_FILL,
    definitions_convergence,
    findings_by_answer_sheet,
    findings_sheet,
    positions_long_sheet,
    positions_sheet,
)
from gapmap.aggregation import (
    ChoiceResult,
    GapProfile,
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
from gapmap.positions import Cleared, state_results
from gapmap.privacy import export_audience, visible, visible_states
from questionnaires.loader import validate
from questionnaires.schema import GAP_FIELDS, GAP_OPTIONAL_FIELDS
from tests.test_aggregation import SPEC
from tests.test_answers import GAP_REGISTERS

CHATHAM, ATTRIBUTABLE = AttributionPolicy.CHATHAM_HOUSE.value, AttributionPolicy.ATTRIBUTABLE.value
BY_COUNTRY_N = {"THA": 3, "LAO": 1}

MATRIX = MatrixResult(
    scale=[("yes", "yes"), ("partly", "partly"), ("no", "no"), ("dont_know", "dont_know")],
    rows=[
        MatrixRowResult("r1", "Row 1", {"yes": 2, "no": 1, "dont_know": 1},
                        {"THA": {"yes": 2, "no": 1}, "LAO": {"dont_know": 1}}),
        MatrixRowResult("r2", "Row 2", {"partly": 2, "no": 2},
                        {"THA": {"partly": 2, "no": 1}, "LAO": {"no": 1}}),
    ],
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


PRESENT = ["KHM", "LAO", "THA"]  # Cambodia joined, answered nothing
THAI_NOTE = "มาตรา 6 พ.ร.บ. ป้องกันและปราบปรามการค้ามนุษย์"
CLEARED = [Cleared("THA", "m1", "r1", position="partly", note=THAI_NOTE)]
PROFILES = [GapProfile("g1", "THA", "G01", 4, "train", 1), GapProfile("g1", "THA", "G01", 3, None, 1),
            GapProfile("g1", "LAO", "G02", None, None, 1)]
#: Every State's position, by hand:
#: c1: Thailand a, a, a -> a; Lao PDR b -> b; Cambodia no answer
#: m1 Row 1: Thailand yes 2, no 1 -> split, but cleared "partly"; Lao PDR only "don't know" -> dont_know
#: m1 Row 2: Thailand partly 2, no 1 -> split; Lao PDR no -> no
STATE_POSITIONS = {("c1", ""): {"THA": "a", "LAO": "b"}, ("m1", "r1"): {"THA": "partly", "LAO": "dont_know"},
                   ("m1", "r2"): {"THA": None, "LAO": "no"}}


def states():
    return state_results(results(), present=PRESENT, cleared=CLEARED, gap_profiles=PROFILES)


def report_data(policy: str, *, anonymise: bool) -> ReportData:
    """What `exports.gather.gather` would hand the sheets (the gaps already as the audience may see them)."""
    event = Event(id=1, code="HAND2024", title="Hand-made event", start_date=date(2024, 8, 20),
                  end_date=date(2024, 8, 21), countries=["THA", "KHM", "LAO"], attribution_policy=policy)
    audience = export_audience(event, anonymise=anonymise)
    gaps = [Gap("THA", "G01", "No definition", "Art. 1", 4, "train", "high"), Gap("THA", "G01", severity=3)]
    if not anonymise:
        gaps.append(Gap("LAO", "G02", "Narrow scope"))
    agenda_session = SessionData(7, 1, 1, "Session one", 2, visible(results(), audience), {"g1": gaps},
                                 visible_states(states(), audience))
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
    assert [s.name for s in report.sheets] == ["Cover", "Findings", "Summary", "Findings by answer",
                                               "State positions", "Gaps by State", "1.1 Session one", "Matrix",
                                               "Gap register", "Free text", "Raw answers", "Data dictionary"]
    shared = lay_out(report_data(ATTRIBUTABLE, anonymise=True))
    assert "State positions" not in [s.name for s in shared.sheets]
    assert "Gaps by State" not in [s.name for s in shared.sheets]
    assert {"Findings", "Findings by answer"} <= {s.name for s in shared.sheets}
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


def test_the_cover_names_the_time_zone_and_the_generation_time_on_the_events_clock_too():
    in_utc = dict(rows(cover(report_data(CHATHAM, anonymise=True))))
    assert in_utc["Time zone"] == "UTC" and [k for k in in_utc if k.startswith("Generated")] == ["Generated at (UTC)"]
    data = report_data(CHATHAM, anonymise=True)
    data.event.time_zone, data.event.venue = "Asia/Bangkok", "Bangkok, Thailand"
    cover_rows = dict(rows(cover(data)))
    assert cover_rows["Time zone"] == "Bangkok time (UTC+07:00), Asia/Bangkok"
    assert (cover_rows["Generated at (UTC)"], cover_rows["Generated at (Bangkok time)"]) == (
        "2024-08-21 09:30", "2024-08-21 16:30")


def test_participation_names_countries_only_where_the_audience_may_see_them():
    assert rows(summary(report_data(CHATHAM, anonymise=True))) == [["All countries", 4]]
    assert rows(summary(report_data(CHATHAM, anonymise=False))) == [
        ["Thailand", 3], ["Cambodia", 0], ["Lao PDR", 1], ["All countries", 4]]


def test_the_matrix_shows_state_positions_and_only_the_states_the_audience_may_see():
    full = matrix_sheet(report_data(ATTRIBUTABLE, anonymise=False)).tables[0]
    assert full.header == ["Element", "Thailand", "Lao PDR", "States per position", "Most common position",
                           "Convergence"]  # the event's order: THA, KHM, LAO
    assert full.title == "Session one · Coverage (counts States)"
    # Row 1: Lao PDR holds only "don't know"; Thailand cleared "partly" -> partly 1 · dont_know 1 · Cambodia silent;
    # of the 2 answering States, 1 holds the most common view "partly" (don't know is no view): 1/2
    # Row 2: Lao PDR "no"; Thailand split partly 2, no 1 -> no 1 · split 1; "no" held by 1 of 2 answering States
    assert full.rows == [
        ["Row 1", f"partly ✓ cleared — {THAI_NOTE}", "dont_know", "partly 1 · dont_know 1 · no answer 1 (of 3 States)",
         "partly", 0.5],
        ["Row 2", "split: partly 2 · no 1", "no", "no 1 · split 1 · no answer 1 (of 3 States)", "no", 0.5]]
    # one colour per scale option (yes, partly, no, dont_know), grey for a split, white for no answer
    assert full.fills == {(0, 1): "F0E442", (0, 2): "CC79A7", (1, 1): SPLIT_FILL, (1, 2): "E69F00"}
    assert "Region" not in full.header  # no mean of the scale, for the region or for a State
    silent = replace(report_data(ATTRIBUTABLE, anonymise=False).sessions[0].states["m1"], present=3)
    silent.findings[1].positions.pop("LAO")  # as if Lao PDR had not answered Row 2
    data = report_data(ATTRIBUTABLE, anonymise=False)
    data.sessions[0].states["m1"] = silent
    assert matrix_sheet(data).tables[0].fills[(1, 2)] == NO_ANSWER_FILL
    shared = matrix_sheet(report_data(ATTRIBUTABLE, anonymise=True)).tables[0]
    assert shared.header[:2] == ["Element", "Thailand"] and "Lao PDR" not in shared.header  # 1 respondent < k
    assert [row[-3:] for row in shared.rows] == [row[-3:] for row in full.rows]  # Lao PDR still counted


def test_an_anonymised_matrix_counts_the_states_per_position_instead_of_naming_them():
    """Under the Chatham House Rule no State is named: per element, a column per answer of the scale
    with the number of States holding it, then split and no answer (the positions by hand, in the
    module docstring: Row 1 partly 1 (Thailand, cleared), dont_know 1 (Lao PDR), Cambodia silent;
    Row 2 no 1 (Lao PDR), Thailand split, Cambodia silent)."""
    chatham = matrix_sheet(report_data(CHATHAM, anonymise=True)).tables[0]
    assert chatham.header == ["Element", "yes", "partly", "no", "dont_know", "Split", "No answer", "Of N States",
                              "Most common position", "Convergence"]
    assert chatham.rows == [["Row 1", 0, 1, 0, 1, 0, 1, 3, "partly", 0.5],
                            ["Row 2", 0, 0, 1, 0, 1, 1, 3, "no", 0.5]]
    # the same counts as the full report's "States per position", and coloured like its States
    full = matrix_sheet(report_data(CHATHAM, anonymise=False)).tables[0]
    assert [row[-2:] for row in chatham.rows] == [row[-2:] for row in full.rows]
    assert chatham.fills == {(0, 2): "F0E442", (0, 4): "CC79A7", (1, 3): "E69F00", (1, 5): SPLIT_FILL}
    assert chatham.title.endswith("(counts States)") and "No State is named" in chatham.note
    assert chatham.percent_columns == (9,)
    assert not {"Thailand", "Lao PDR", "Cambodia"} & {str(v) for row in chatham.rows for v in row}


def test_a_matrix_that_counts_respondents_shows_respondents_per_answer_never_a_mean():
    data = report_data(ATTRIBUTABLE, anonymise=False)
    data.sessions[0].states.pop("m1")  # as if m1 said counts_by: respondent
    table = matrix_sheet(data).tables[0]
    assert table.header == ["Element", "Thailand", "Lao PDR", "All respondents"]
    assert table.rows == [["Row 1", "yes 2 · no 1", "dont_know 1", "yes 2 · no 1 · dont_know 1"],
                          ["Row 2", "partly 2 · no 1", "no 1", "partly 2 · no 2"]]
    assert table.title.endswith("(counts respondents)") and not table.fills


def test_a_matrix_result_holds_counts_and_no_score():
    """An ordinal scale is never scored: the result has counts per answer only."""
    assert not hasattr(MATRIX, "scores") and not hasattr(MATRIX, "country_scores")
    assert not hasattr(MATRIX.rows[0], "convergence")  # the convergence of States is gapmap.positions'


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


def with_full_register(data: ReportData) -> ReportData:
    """The report plus a session whose register asks every optional field (tests.test_answers'
    GAP_REGISTERS 'full'): one gap with all of them, one with the reform only."""
    session = SessionResults(
        agenda_session_id=8, title="Session two", questionnaire=GAP_REGISTERS, respondents=3, countries={"THA": 3},
        sectors={"other": 3}, questions=[QuestionResult("full", "gap_register", "Gaps, in full", 3, {"THA": 3},
                                                        replace(GAPS, by_country={"THA": {"G01": 2}}))])
    gaps = [Gap("THA", "G01", "Online recruitment is no offence", None, 4, "training", "high",
                emerging_form="online", reform="under_way", addressee="legislature"),
            Gap("THA", "G01", reform="dont_know")]
    data.sessions.append(SessionData(8, 1, 2, "Session two", 1, visible(session, data.audience), {"full": gaps}))
    data.raw.append(RawAnswer("R00003", "THA", "other", 8, "full", 1, "emerging_form", "online", None, None, None))
    return data


def test_a_gap_has_a_field_for_every_field_a_register_may_ask():
    assert Gap._fields[1:] == GAP_FIELDS + GAP_OPTIONAL_FIELDS


def test_the_gap_register_gains_a_column_in_words_for_each_optional_field_a_register_asks():
    table = gap_sheet(with_full_register(report_data(ATTRIBUTABLE, anonymise=False))).tables[0]
    assert table.header == ["Session", "Country", "Gap type", "Description", "Law or provision", "Severity", "Need",
                            "Priority", "Emerging form of trafficking", "Reform under way", "Who would close it"]
    assert table.rows[0] == ["Session one", "Thailand", "Def", "No definition", "Art. 1", 4, "Training", "High",
                             None, None, None]  # the register of session one asks none of them
    assert table.rows[3:] == [
        ["Session two", "Thailand", "Def", "Online recruitment is no offence", None, 4, "Training", "High",
         "Online recruitment", "Yes, a reform is under way", "Legislature"],
        ["Session two", "Thailand", "Def", None, None, None, None, None, None, "Don't know", None]]
    sheet = gap_sheet(with_full_register(report_data(CHATHAM, anonymise=True)))
    assert "Country" not in sheet.tables[0].header and sheet.tables[0].header[-3:] == [
        "Emerging form of trafficking", "Reform under way", "Who would close it"]
    assert len(sheet.widths) == 10 and sheet.widths[9] == 26


def test_the_dictionary_and_raw_answers_name_the_optional_gap_fields():
    data = with_full_register(report_data(ATTRIBUTABLE, anonymise=False))
    rows = {row[3]: row for row in dictionary(data).tables[0].rows}
    assert rows["full"][8] == ("Fields: gap_type, description, law, severity, need_type, priority, emerging_form, "
                               "reform, addressee")
    assert "online = Online recruitment" in rows["full"][7] and "under_way = Yes, a reform is under way" in rows[
        "full"][7] and "legislature = Legislature" in rows["full"][7]
    assert rows["g1"][7:9] == ["G01 = Def; G02 = Scope; train = Training; law = Law reform", ""]  # as it always was
    assert list(raw_answer_rows(data))[-1][7:10] == ["emerging_form", "online", "Online recruitment"]


def test_every_question_type_has_its_tables_and_an_unknown_one_is_refused():
    view = report_data(CHATHAM, anonymise=False).sessions[0].results
    choice = question_tables(view.question("c1"))
    assert choice[0].title == "Choice (n = 4)" and choice[0].rows[0] == ["A", 3, 0.75] and choice[0].chart
    assert question_tables(view.question("t1"))[0].rows == [["See the sheet 'Free text'", 3], ["Tag: data", 1]]
    unknown = replace(view.question("c1"), type="slider")
    with pytest.raises(TypeError, match="slider"):
        question_tables(unknown)
    assert "slider" not in QUESTION_TABLES


# --- State findings ------------------------------------------------------------------------------

def finding_rows(data):
    return {(row[1], row[3], row[4]): row[5:] for row in findings_by_answer_sheet(data).tables[0].rows}


def test_the_findings_by_answer_count_states_and_read_as_sentences():
    sheet = findings_by_answer_sheet(report_data(CHATHAM, anonymise=False))
    assert sheet.tables[0].header == FINDINGS_HEADER and sheet.excel_table
    found = finding_rows(report_data(CHATHAM, anonymise=False))
    # c1: Thailand a, Lao PDR b, Cambodia silent: 1 State each of 3; a and b tie, each held by 1 of 2 answering
    assert found[("c1", None, "A")] == [1, 3, 0, 1, "In 1 of 3 States: A; 1 no answer", "A / B (tie)", 0.5]
    assert found[("c1", None, "C")][:2] == [0, 3]
    # Row 1: Thailand cleared "partly"; Lao PDR "don't know" (no view: counted, never the consensus)
    assert found[("m1", "Row 1", "partly")] == [1, 3, 0, 1, "In 1 of 3 States: partly; 1 no answer", "partly", 0.5]
    assert found[("m1", "Row 1", "yes")][0] == 0  # Thailand's 2 "yes" delegates no longer count: it cleared
    # Row 2: Lao PDR "no"; Thailand split -> "In 1 of 3 States: no; 1 delegation split; 1 no answer"
    assert found[("m1", "Row 2", "no")] == [1, 3, 1, 1, "In 1 of 3 States: no; 1 delegation split; 1 no answer",
                                            "no", 0.5]
    # g1: Def cited by Thailand alone (its 2 gaps, severity 4 and 3 -> 3.5, need Training); Scope by Lao PDR
    assert found[("g1", "Def", "Cited as a gap")][:5] == [
        1, 3, None, None, "In 1 of 3 States: Def cited as a gap (2 gaps, mean severity 3.5; most named need: Training)"]
    assert found[("g1", "Scope", "Cited as a gap")][4] == "In 1 of 3 States: Scope cited as a gap (1 gap)"
    # the counts do not depend on who reads them: a Chatham House report for sharing has the same findings
    assert finding_rows(report_data(CHATHAM, anonymise=True)) == found


def test_the_findings_give_one_row_per_element_with_its_most_common_position_as_the_brief_says_it():
    sheet = findings_sheet(report_data(CHATHAM, anonymise=False))
    assert sheet.name == "Findings" and sheet.tables[0].header == COMPACT_FINDINGS_HEADER and sheet.excel_table
    found = {(row[1], row[3]): row[4:] for row in sheet.tables[0].rows}
    assert len(found) == len(sheet.tables[0].rows) == 5  # c1, Row 1, Row 2, two gap types: not one row per answer
    # c1: Thailand a, Lao PDR b, Cambodia silent: a tie, each held by 1 of 3; 1 of 2 answering States = 0.5
    assert found[("c1", None)] == ["A / B (tie)", 1, 3, 0, 1,
                                   "Choice: States are divided: A in 1, B in 1; 1 State did not answer.", 0.5]
    # Row 1: Thailand cleared "partly"; Lao PDR "don't know" answers but is never the most common position
    assert found[("m1", "Row 1")] == ["partly", 1, 3, 0, 1, "Row 1: in 1 of 3 States, partly; 1 State did not answer.",
                                      0.5]
    # Row 2: Lao PDR "no"; Thailand split; Cambodia silent
    assert found[("m1", "Row 2")] == [
        "no", 1, 3, 1, 1, "Row 2: in 1 of 3 States, no; the delegation of 1 State was split; 1 State did not answer.",
        0.5]
    # a gap type: the States citing it, as on the sheet by answer
    assert found[("g1", "Def")] == ["Cited as a gap", 1, 3, None, None, "In 1 of 3 States: Def cited as a gap (2 gaps, "
                                    "mean severity 3.5; most named need: Training)", None]
    by_answer = finding_rows(report_data(CHATHAM, anonymise=False))
    for (qid, element), row in found.items():  # every number here is on the sheet by answer
        if qid != "g1":
            answer = by_answer[(qid, element, row[0].split(" / ")[0].removesuffix(" (tie)"))]
            assert answer[:4] == row[1:5] and answer[5:7] == [row[0], row[6]]
    shared = findings_sheet(report_data(CHATHAM, anonymise=True))  # the same counts for sharing
    assert shared.tables[0].rows == sheet.tables[0].rows


def test_a_number_finding_gives_the_median_of_the_state_values():
    from gapmap.aggregation import NumberResult

    # Thailand 10, 20, 30 -> split, its median 20; Lao PDR 50; Cambodia silent -> median of (20, 50) = 35
    number = QuestionResult("n1", "number", "Share", 4, dict(BY_COUNTRY_N),
                            NumberResult([10, 20, 30, 50], 25, "%", {"THA": [10, 20, 30], "LAO": [50]}))
    session = replace(results(), questions=[number])
    data = report_data(CHATHAM, anonymise=True)
    found = state_results(session, present=PRESENT)
    data.sessions[0] = replace(data.sessions[0], results=visible(session, data.audience),
                               states=visible_states(found, data.audience), state_medians=state_medians(found))
    [row] = findings_by_answer_sheet(data).tables[0].rows
    assert row[4:10] == ["Median of the State values 35%", 2, 3, 1, 1,
                         "In 2 of 3 States: answered, median of the State values 35%; 1 delegation split; 1 no answer"]
    [compact] = findings_sheet(data).tables[0].rows  # the same row, once: a number has one finding
    assert compact[4:] == row[4:10] + [None]


def test_the_state_positions_name_each_states_position_for_organisers_only():
    sheet = positions_sheet(report_data(CHATHAM, anonymise=False))
    table = sheet.tables[0]
    assert table.header == ["Session", "Question id", "Question", "Element / option", "Thailand", "Lao PDR"]
    assert [row[3:] for row in table.rows] == [
        [None, "A", "B"],
        ["Row 1", f"partly ✓ cleared — {THAI_NOTE}", "dont_know"],
        ["Row 2", "split: partly 2 · no 1", "no"]]
    assert {(qid, item): {c: p.value for c, p in f.positions.items()} for qid, state in states().items()
            for f in state.findings for item in [f.item]} == STATE_POSITIONS
    assert positions_sheet(report_data(ATTRIBUTABLE, anonymise=True)) is None
    assert positions_sheet(report_data(CHATHAM, anonymise=True)) is None
    cover_rows = dict(rows(cover(report_data(CHATHAM, anonymise=True))))
    assert cover_rows["State positions"].startswith("Left out: an anonymised report")
    assert "organisers only" in dict(rows(cover(report_data(CHATHAM, anonymise=False))))["State positions"]


def test_the_positions_csv_has_a_row_per_state_and_is_refused_when_anonymised():
    table = positions_long_sheet(report_data(CHATHAM, anonymise=False)).tables[0]
    assert table.header == POSITIONS_HEADER
    by_key = {(row[1], row[3], row[5]): row[6:] for row in table.rows}
    assert len(table.rows) == 6  # c1, Row 1, Row 2 × Thailand, Lao PDR
    assert by_key[("m1", "r1", "Thailand")] == ["partly", "partly", "", "yes 2 · no 1", 3, "yes", THAI_NOTE, None]
    assert by_key[("m1", "r2", "Thailand")] == [None, "split", "yes", "partly 2 · no 1", 3, "", None, None]
    assert by_key[("c1", None, "Lao PDR")] == ["b", "B", "", "B 1", 1, "", None, None]
    for policy in (CHATHAM, ATTRIBUTABLE):
        with pytest.raises(ReportError, match="organisers only"):
            positions_long_sheet(report_data(policy, anonymise=True))


def test_the_summary_synthesises_gaps_by_state():
    from gapmap.typology import benchmarks

    full = next(t for t in summary(report_data(ATTRIBUTABLE, anonymise=False)).tables if "gaps by State" in t.title)
    assert full.header == ["Gap type", "States citing it", "Of N States", "Gaps", "Mean severity", "Most named need",
                           "Priority given most", "Measured against", "Recommended action", "States"]
    # G01 and G02 are types of the shipped typology: the standard each is measured against is named (the
    # summary, on one page, gives the first). Def: Thailand's two gaps, severities 4 and 3 (mean 3.5), need
    # "train" once, priority "high" once; "train" is not a need of the shipped register, so the action is the
    # typology's usual one for G01 (legislation). Scope: Lao PDR's one gap, no severity, need or priority.
    first = {g: benchmarks(g)[0] + " …" for g in ("G01", "G02")}
    assert full.rows == [["Def", 1, 3, 2, 3.5, "Training", "High", first["G01"], "Legislation", "Thailand"],
                         ["Scope", 1, 3, 1, None, None, None, first["G02"], "Legislation", "Lao PDR"]]
    assert "Palermo Protocol art. 3(a)" in full.rows[0][7] and len(benchmarks("G01")) > 1
    assert "the first of the standards" in full.note
    shared = next(t for t in summary(report_data(ATTRIBUTABLE, anonymise=True)).tables if "gaps by State" in t.title)
    assert shared.rows[1][-1] is None  # Lao PDR (1 respondent < k) cites Scope, unnamed; still counted
    chatham = next(t for t in summary(report_data(CHATHAM, anonymise=True)).tables if "gaps by State" in t.title)
    assert "States" not in chatham.header and chatham.rows == [row[:9] for row in full.rows]


def test_the_definitions_convergence_is_by_state_and_names_the_position():
    data = report_data(CHATHAM, anonymise=True)
    data.sessions[0].results.questionnaire = validate({**SPEC, "theme": "definitions"})
    table = definitions_convergence(data)
    assert table.header == ["Checklist part", "Element", "Most common position", "Convergence", "States answering",
                            "Split"]
    # Row 1: partly (Thailand, cleared) of 2 answering; Row 2: no (Lao PDR) of 2 answering, Thailand split
    assert table.rows == [["Coverage", "Row 1", "partly", 0.5, 2, 0], ["Coverage", "Row 2", "no", 0.5, 2, 1]]
    assert any(t is not None and t.title.startswith("Definitions") for t in summary(data).tables)
    assert definitions_convergence(report_data(CHATHAM, anonymise=True)) is None  # theme "other"


def test_each_question_table_says_what_it_counts():
    report = lay_out(report_data(CHATHAM, anonymise=False))
    notes = {t.title: t.note for t in report.sheet("1.1 Session one").tables}
    assert notes["Choice (n = 4)"].startswith("Counts every delegate's answers here; this question counts States")
    assert notes["Comment (n = 4)"] == "Counts respondents."
    assert "Convergence" not in report.sheet("1.1 Session one").tables[1].header  # by State, on 'Matrix'


def test_organisers_get_gap_types_by_state_and_a_shared_report_does_not():
    from exports.state_sheets import gaps_by_state_sheet

    sheet = gaps_by_state_sheet(report_data(ATTRIBUTABLE, anonymise=False))
    [table] = sheet.tables
    # Thailand recorded two gaps of type G01 ("Def"), Lao PDR one of G02 ("Scope")
    assert table.header == ["Gap type", "States citing it", "Thailand", "Lao PDR"]
    assert table.rows == [["Def", 1, 2, None], ["Scope", 1, None, 1]]
    assert gaps_by_state_sheet(report_data(ATTRIBUTABLE, anonymise=True)) is None
    assert gaps_by_state_sheet(report_data(CHATHAM, anonymise=True)) is None
