"""The State charts (DESIGN.md §5a): what a facilitator, the projector and an organiser see of the
questions that count by State, checked through the figures' data, built from hand-made findings.

Every finding here is of 12 States present; the figures are worked out in the comments.
"""
from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest

from db.engine import make_engine
from gapmap.aggregation import (
    ChoiceResult,
    GapResult,
    LikertResult,
    MatrixResult,
    NumberResult,
    OptionCount,
    QuestionResult,
    session_results,
)
from gapmap.bootstrap import prepare
from gapmap.charts import PHONE_LABEL_WIDTH, PHONE_PLOT_WIDTH, text_px
from gapmap.positions import (
    NOT_SELECTED,
    SELECTED,
    Finding,
    GapFinding,
    Position,
    StateCount,
    StateResult,
    session_positions,
)
from gapmap.privacy import Audience, visible_states
from gapmap.reference import country_name
from gapmap.state_charts import PHONE_SPLIT_MARK, STATE_CHARTS, state_figures_for
from questionnaires.schema import COUNTS_BY_STATE_TYPES as STATE_TYPES

ISO3 = ["KHM", "IND", "IDN", "LAO", "MYS", "MDV", "NPL", "PHL", "LKA", "THA", "TLS", "VNM"]
ORGANISER = Audience(k=3, name_countries=True)
FACILITATOR = Audience(k=3, name_countries=False)  # Chatham House
PROJECTOR = Audience(k=3, name_countries=False, projector=True, whole_results_need_k=True)
#: Three delegates per State, but Maldives sent one (never named, unless its head cleared a position).
DELEGATES = {c: 3 for c in ISO3} | {"MDV": 1}


def question(type_: str, result, text: str = "Does national law cover this?") -> QuestionResult:
    return QuestionResult("q1", type_, text, sum(DELEGATES.values()), dict(DELEGATES), result)


def only(figures):
    assert len(figures) == 1
    return figures[0]


def traces(fig: go.Figure, kind: type) -> list:
    return [t for t in fig.data if isinstance(t, kind)]


def named_countries(fig: go.Figure, caption: str = "") -> set[str]:
    """ISO3 codes or country names anywhere in the figure or its caption."""
    text = fig.to_json() + caption
    return {c for c in ISO3 if re.search(rf"\b{c}\b", text) or country_name(c) in text}


def averages(fig: go.Figure, caption: str) -> list[str]:
    """Words of an average anywhere in the figure (the Palermo "means" element is not one)."""
    return re.findall(r"\b(?:mean|average|avg)\b", (fig.to_json() + caption).lower())


def positions(**by_answer: list[str]) -> dict[str, Position]:
    held = {}
    for answer, countries in by_answer.items():
        for c in countries:
            held[c] = (Position(None, {"yes": 2, "no": 1}, 3, split=True) if answer == "split"
                       else Position(answer, {answer: DELEGATES[c]}, DELEGATES[c]))
    return held


# --- single choice -------------------------------------------------------------------------------

SINGLE_OPTIONS = [("yes", "Yes, expressly"), ("partly", "Partly"), ("no", "No"), ("dont_know", "Don't know")]


def single() -> StateResult:
    """12 States present: 5 yes, 3 partly, 1 no, 0 don't know; 2 split (THA, LKA); Viet Nam no answer
    (its delegates skipped this question)."""
    held = positions(yes=["IDN", "IND", "KHM", "LAO", "MYS"], partly=["NPL", "PHL", "TLS"], no=["MDV"],
                     split=["THA", "LKA"])
    counts = [StateCount("yes", "Yes, expressly", 5), StateCount("partly", "Partly", 3), StateCount("no", "No", 1),
              StateCount("dont_know", "Don't know", 0)]
    finding = Finding("", "Does national law cover this?", held, counts, split=2, no_answer=1, present=12,
                      consensus=["yes"], convergence=5 / 11)
    options = ChoiceResult([OptionCount(o, label, 0, 0.0) for o, label in SINGLE_OPTIONS])
    return StateResult(question("single_choice", options), [finding], present=12)


def test_every_state_question_type_has_a_state_chart_and_others_raise():
    assert set(STATE_CHARTS) == set(STATE_TYPES)
    likert = StateResult(question("likert", LikertResult([], 0, None)), present=12)
    with pytest.raises(TypeError, match="does not count by State"):
        state_figures_for(likert, ORGANISER)


def test_raw_findings_need_an_audience_and_an_unanswered_question_has_no_figures():
    with pytest.raises(TypeError, match="audience"):
        state_figures_for(single())
    nobody = StateResult(QuestionResult("q1", "single_choice", "?", 0, {}, ChoiceResult([])), [], present=12)
    assert state_figures_for(nobody, ORGANISER) == []


def test_single_choice_is_one_stacked_bar_of_states_then_split_and_no_answer():
    caption, fig = only(state_figures_for(single(), FACILITATOR))
    assert fig.layout.barmode == "stack"
    bars = {bar.name: bar for bar in fig.data}
    # the legend counts States; an answer no State holds stays listed with (0)
    assert list(bars) == ["Yes, expressly (5)", "Partly (3)", "No (1)", "Don't know (0)", "Split (2)",
                          "No answer (1)"]
    assert [bar.x[0] for bar in fig.data] == [5, 3, 1, 0, 2, 1]  # 5 + 3 + 1 + 0 + 2 + 1 = the 12 present
    assert bars["Yes, expressly (5)"].text[0] == "5 of 12 States"
    assert bars["Partly (3)"].text[0] == "3 of 12 States"  # 3 of 12 is wide enough for the words
    assert bars["No (1)"].text[0] == "1"  # a narrow segment keeps the number only
    assert bars["Split (2)"].marker.pattern.shape == "/"  # hatched, apart from every answer
    assert bars["No answer (1)"].marker.color != bars["Split (2)"].marker.color
    assert fig.layout.xaxis.range == (0, 12)
    assert "n = 12 States present" in fig.layout.title.text and "respondent" not in fig.layout.title.text
    assert "2 delegations were split" in caption and "1 State present gave no answer" in caption


def test_one_split_delegation_reads_in_the_singular():
    result = single()
    result.findings[0].split = 1
    caption, _ = only(state_figures_for(result, FACILITATOR))
    assert "1 delegation was split" in caption


def test_state_charts_are_larger_on_the_projector():
    _, small = only(state_figures_for(single(), PROJECTOR))
    _, big = only(state_figures_for(single(), PROJECTOR, big=True))
    assert big.layout.font.size > small.layout.font.size
    assert big.data[0].textfont.size > small.data[0].textfont.size


# --- multiple choice -----------------------------------------------------------------------------

def multiple() -> StateResult:
    """Per option: Online 7 selected, 3 not, 1 split; Fraud 2 selected, 8 not, 1 split; Viet Nam no answer."""
    def option(item, label, selected, not_selected, split):
        counts = [StateCount(SELECTED, "Selected", selected), StateCount(NOT_SELECTED, "Not selected", not_selected)]
        return Finding(item, label, {}, counts, split, 1, 12)

    options = ChoiceResult([OptionCount("fraud", "Fraud", 0, 0.0), OptionCount("online", "Online", 0, 0.0)])
    return StateResult(question("multiple_choice", options),
                       [option("fraud", "Fraud", 2, 8, 1), option("online", "Online", 7, 3, 1)], present=12)


def test_multiple_choice_stacks_selected_not_selected_split_and_no_answer_per_option():
    caption, fig = only(state_figures_for(multiple(), FACILITATOR))
    bars = {bar.name: bar for bar in fig.data}
    assert list(bars) == ["Selected", "Not selected", "Split", "No answer"]
    assert list(bars["Selected"].y) == ["Online", "Fraud"]  # the option most often selected on top
    assert list(bars["Selected"].x) == [7, 2]
    assert list(bars["Not selected"].x) == [3, 8]
    assert list(bars["Split"].x) == [1, 1] and list(bars["No answer"].x) == [1, 1]
    assert list(bars["Selected"].text) == ["7 of 12 States", "2"]
    assert "Delegations split: 1 on “Online”, 1 on “Fraud”" in caption


# --- matrix --------------------------------------------------------------------------------------

SCALE = [("express", "Covered expressly"), ("partial", "Covered partially"), ("not_covered", "Not covered"),
         ("dont_know", "Don't know")]


def matrix() -> StateResult:
    """Two elements, 12 States present.

    Recruitment: 7 express, 3 partial, 1 not covered, 1 split (THA), none without an answer;
    convergence 7 / 12 answering = 58%, "Covered expressly". Maldives (1 delegate) cleared "express".
    Harbouring: 5 express, 5 partial, 1 split (THA), Viet Nam no answer; a tie: 5 / 11 = 45%.
    """
    recruit = positions(express=["IDN", "IND", "KHM", "LAO", "MYS", "NPL", "VNM"], partial=["PHL", "TLS", "LKA"],
                        split=["THA"])
    recruit["MDV"] = Position("not_covered", {"not_covered": 1}, 1)
    harbour = positions(express=["IDN", "IND", "KHM", "LAO", "MYS"], partial=["PHL", "TLS", "LKA", "NPL"],
                        split=["THA"])
    harbour["MDV"] = Position("partial", {"express": 1}, 1, cleared=True, note="Penal Code s. 312/1")

    def counts(*n):
        return [StateCount(o, label, k) for (o, label), k in zip(SCALE, n)]

    rows = [Finding("recruit", "Recruitment", recruit, counts(7, 3, 1, 0), 1, 0, 12, ["express"], 7 / 12),
            Finding("harbour", "Harbouring", harbour, counts(5, 5, 0, 0), 1, 1, 12, ["express", "partial"], 5 / 11)]
    result = MatrixResult(SCALE, [])
    return StateResult(question("matrix", result, "How far does national law cover each element?"), rows,
                       present=12)


def test_the_matrix_heatmap_shows_positions_with_a_colour_per_answer():
    (caption, heat), _ = state_figures_for(matrix(), ORGANISER)
    [heatmap] = traces(heat, go.Heatmap)
    # Maldives: one delegate, named only where its head cleared the position (Harbouring)
    assert list(heatmap.x) == ["IDN", "IND", "KHM", "LAO", "LKA", "MDV", "MYS", "NPL", "PHL", "THA", "TLS", "VNM"]
    assert list(heatmap.y) == ["Recruitment", "Harbouring"]
    ticks = dict(zip(heat.data[0].colorbar.tickvals, heat.data[0].colorbar.ticktext))
    names = [[ticks.get(z) for z in row] for row in heatmap.z]
    assert names[0] == ["Covered expressly"] * 4 + ["Covered partially", None, "Covered expressly",
                                                     "Covered expressly", "Covered partially", "Split",
                                                     "Covered partially", "Covered expressly"]
    assert names[1][5] == "Covered partially" and names[1][11] == "No answer"  # MDV cleared; VNM no answer
    assert [list(row) for row in heatmap.text][1][5] == "✓" and heatmap.text[0][9] == "split"
    assert "Penal Code s. 312/1" in heatmap.customdata[1][5]
    assert heatmap.customdata[0][5].endswith("not shown")  # Maldives' computed answer: one delegate, not named
    # categorical: one colour per answer and for split and no answer, never a 0..1 score scale
    assert set(ticks.values()) == {"Covered expressly", "Covered partially", "Not covered", "Don't know", "Split",
                                   "No answer"}
    assert len({colour for _, colour in heatmap.colorscale}) == 6
    assert heatmap.colorbar.ticktext[0] == "Covered expressly"
    assert "✓" in caption and "2 split positions" in caption


def test_matrix_convergence_names_the_position_held_most_and_shows_ties_as_ties():
    _, (caption, conv) = state_figures_for(matrix(), ORGANISER)
    bar = conv.data[0]
    assert list(bar.y) == ["Harbouring", "Recruitment"]  # the most divergent on top
    assert list(bar.x) == [45, 58]
    assert list(bar.text) == ["45% · Covered expressly = Covered partially", "58% · Covered expressly"]
    assert list(bar.customdata) == ["5 of 11 answering States", "7 of 12 answering States"]
    assert "n = 12 States present" in conv.layout.title.text
    assert "tie" in caption


def test_under_chatham_house_the_matrix_counts_states_per_element_naming_none():
    figures = state_figures_for(matrix(), FACILITATOR)
    (caption, stacked), _ = figures
    assert not any(traces(fig, go.Heatmap) for _, fig in figures)
    bars = {bar.name: bar for bar in stacked.data}
    assert list(bars) == ["Covered expressly", "Covered partially", "Not covered", "Don't know", "Split",
                          "No answer"]
    assert list(bars["Covered expressly"].x) == [7, 5] and list(bars["Split"].x) == [1, 1]
    assert list(bars["No answer"].x) == [0, 1]
    for row in range(2):
        assert sum(bar.x[row] for bar in stacked.data) == 12  # every State present, once
    assert "not named" in caption
    for cap, fig in figures:
        assert not named_countries(fig, cap)


# --- number --------------------------------------------------------------------------------------

def number() -> StateResult:
    """Indonesia 40 (unanimous), Thailand split 10-30 (median 20), Lao PDR cleared 55; 9 States no answer."""
    held = {"IDN": Position("40", {}, 3, number=40.0, low=40.0, high=40.0),
            "THA": Position(None, {}, 3, split=True, number=20.0, low=10.0, high=30.0),
            "LAO": Position("55", {}, 3, cleared=True, number=55.0, low=50.0, high=60.0)}
    values = [40.0, 40.0, 40.0, 10.0, 20.0, 30.0, 50.0, 55.0, 60.0]
    result = NumberResult(values, 40.0, "%")
    q = QuestionResult("q1", "number", "What share of cases?", 9, {"IDN": 3, "THA": 3, "LAO": 3}, result)
    return StateResult(q, [Finding("", q.text, held, [], 1, 9, 12)], present=12)


def test_numbers_are_a_dot_per_named_state_with_its_delegations_range():
    caption, fig = only(state_figures_for(number(), ORGANISER))
    dots = {t.name: t for t in traces(fig, go.Scatter)}
    assert list(dots) == ["Delegation agrees", "Cleared by the head of delegation",
                          "Split: the delegation's median and range"]
    assert list(dots["Delegation agrees"].y) == ["IDN"] and list(dots["Delegation agrees"].x) == [40.0]
    split = dots["Split: the delegation's median and range"]
    assert list(split.y) == ["THA"] and list(split.x) == [20.0]
    assert list(split.error_x.arrayminus) == [10.0] and list(split.error_x.array) == [10.0]
    assert list(dots["Cleared by the head of delegation"].text) == ["55 % ✓"]
    assert list(fig.layout.yaxis.categoryarray) == ["LAO", "IDN", "THA"]  # largest first
    assert "3 of 12 States present answered" in caption and "1 delegation was split" in caption
    assert "9 States present gave no answer" in caption


def test_unnamed_numbers_show_the_answers_without_any_state():
    caption, fig = only(state_figures_for(number(), PROJECTOR))
    assert not named_countries(fig, caption)
    assert "not a State's" in caption and "1 delegation was split" in caption


# --- gap register --------------------------------------------------------------------------------

def gaps() -> StateResult:
    """Training gaps: 4 States (severity 3.2, need Training); Corruption: 9 gaps but 2 States."""
    gap_types = [("G01", "Training gaps"), ("G21", "Corruption")]
    result = GapResult(gap_types, {"IDN": {"G01": 1}}, [], {}, [], gaps=13)
    found = [GapFinding("G01", "Training gaps", ["IDN", "LAO", "THA", "VNM"], 4, 3.25, "Training", 4),
             GapFinding("G21", "Corruption", ["LAO", "LKA"], 9, 3.3333, "Law reform / Training", 2)]
    return StateResult(question("gap_register", result), gaps=found, present=12)


def test_gap_register_bars_count_states_citing_each_gap_type():
    caption, fig = only(state_figures_for(gaps(), ORGANISER))
    bar = fig.data[0]
    assert list(bar.y) == ["Training gaps", "Corruption"]  # by States, not by the 9 gaps of 2 States
    assert list(bar.x) == [4, 2]
    assert list(bar.text) == ["4 States · severity 3.2 · Training", "2 States · severity 3.3 · Law reform / Training"]
    assert caption.startswith("The number of States citing each gap type, not the number of gaps")
    assert "Lao PDR" in bar.customdata[0][0]  # named in the hover where the audience may name States


def test_unnamed_gap_registers_name_no_state():
    hidden = visible_states({"q1": gaps()}, PROJECTOR)["q1"]
    caption, fig = only(state_figures_for(hidden))
    assert list(fig.data[0].x) == [4, 2]
    assert not named_countries(fig, caption)


# --- on a phone (a delegate's revealed results) ---------------------------------------------------

def phone(result: StateResult, audience: Audience = ORGANISER):
    return state_figures_for(result, audience, phone=True)


def above(fig: go.Figure) -> list[str]:
    """The labels (and notes) written above the bars, top to bottom."""
    return [a.text for a in fig.layout.annotations if a.yref == "y"]


def fits(fig: go.Figure) -> bool:
    """Every bar and the text past its end fit a plot PHONE_PLOT_WIDTH wide (so any wider one)."""
    end = fig.layout.xaxis.range[1]
    return all(bar.x[0] / end * PHONE_PLOT_WIDTH + text_px(bar.text[0], bar.textfont.size) + 8
               <= PHONE_PLOT_WIDTH + 1e-6 for bar in traces(fig, go.Bar))


def test_on_a_phone_a_single_choice_is_a_bar_per_answer_of_the_states_present():
    caption, fig = only(phone(single(), FACILITATOR))
    bars = traces(fig, go.Bar)
    assert above(fig) == ["Yes, expressly", "Partly", "No", "Don't know", "Split", "No answer"]
    assert [bar.x[0] for bar in bars] == [5, 3, 1, 0, 2, 1]
    assert [bar.text[0] for bar in bars] == ["5 of 12", "3 of 12", "1 of 12", "0 of 12", "2 of 12", "1 of 12"]
    assert all(bar.textposition == "outside" and bar.cliponaxis is False for bar in bars) and fits(fig)
    assert fig.layout.xaxis.range[1] >= 12  # 12 of 12 States would fill the width
    assert bars[4].marker.pattern.shape == "/" and bars[5].marker.color != bars[4].marker.color
    assert bars[3].marker.line.width == 0  # no sliver of colour for an answer no State holds
    assert fig.layout.title.text == "n = 12 States present" and fig.layout.xaxis.fixedrange
    assert "2 delegations were split" in caption


def test_on_a_phone_a_multiple_choice_stacks_the_states_under_each_option_label():
    _, fig = only(phone(multiple(), FACILITATOR))
    bars = {bar.name: bar for bar in fig.data}
    assert list(bars) == ["Selected", "Not selected", "Split", "No answer"]
    assert above(fig) == ["Online", "Fraud"] and list(bars["Selected"].x) == [7, 2]
    assert list(bars["Selected"].text) == ["7", "2"]  # the number of States, where it fits
    assert fig.layout.uniformtext.mode == "hide" and fig.layout.xaxis.range == (0, 12)
    assert fig.layout.xaxis.dtick == 2 and fig.layout.xaxis.title.text == "States (of 12 present)"


def test_on_a_phone_the_matrix_is_a_row_per_state_with_numbered_elements():
    (caption, heat), (conv_caption, conv) = phone(matrix())
    [heatmap] = traces(heat, go.Heatmap)
    assert list(heatmap.x) == ["1", "2"]
    assert list(heatmap.y) == ["IDN", "IND", "KHM", "LAO", "LKA", "MDV", "MYS", "NPL", "PHL", "THA", "TLS", "VNM"]
    assert heatmap.text[9][0] == PHONE_SPLIT_MARK and heatmap.text[5][1] == "✓"  # THA split; MDV cleared
    assert heatmap.z[5][0] is None and heatmap.showscale is False  # Maldives' own answer: not shown
    assert "Columns: 1 = Recruitment; 2 = Harbouring." in caption
    legend = [t.name for t in traces(heat, go.Scatter)]
    assert legend == ["Covered expressly", "Covered partially", "Not covered", "Don't know", "Split (S)",
                      "No answer"]
    assert [text.replace("<br>", " ") for text in above(conv)] == [
        "Harbouring", "Held most: Covered expressly = Covered partially (5\u00a0of\u00a011)",
        "Recruitment", "Held most: Covered expressly (7\u00a0of\u00a012)"]
    assert [bar.text[0] for bar in traces(conv, go.Bar)] == ["45%", "58%"] and fits(conv)
    assert "tie" in conv_caption


def test_on_a_phone_under_chatham_house_the_matrix_stacks_states_per_element_naming_none():
    figures = phone(matrix(), FACILITATOR)
    (caption, stacked), _ = figures
    assert not any(traces(fig, go.Heatmap) for _, fig in figures)
    assert above(stacked) == ["Recruitment", "Harbouring"]
    assert [bar.name for bar in stacked.data][-2:] == ["Split", "No answer"]
    for cap, fig in figures:
        assert not named_countries(fig, cap)


def test_on_a_phone_each_states_number_is_written_inwards_from_its_dot():
    _, fig = only(phone(number()))
    dots = {t.name.replace("<br>", " "): t for t in traces(fig, go.Scatter)}
    # 10..60 in all (Thailand's range included): 20 in the lower half, 40 and 55 in the upper
    assert list(dots["Split: the delegation's median and range"].textposition) == ["top right"]
    assert list(dots["Delegation agrees"].textposition) == ["top left"]
    assert list(dots["Cleared by the head of delegation"].textposition) == ["top left"]
    assert all(t.cliponaxis is False for t in dots.values())
    assert fig.layout.xaxis.range[0] < 10 and fig.layout.xaxis.range[1] > 60  # every range inside
    assert all(len(line) <= 28 for t in dots.values() for line in t.name.split("<br>"))


def test_on_a_phone_the_gap_register_writes_severity_need_and_the_states_under_each_gap_type():
    caption, fig = only(phone(gaps()))
    assert [bar.text[0] for bar in traces(fig, go.Bar)] == ["4 of 12", "2 of 12"] and fits(fig)
    notes = above(fig)
    assert notes[0] == "Training gaps" and "severity 3.2 · need: Training" in notes[1]
    assert "Indonesia" in notes[1]  # the States citing it, where the audience may name States
    assert all(len(line) <= PHONE_LABEL_WIDTH + 6 for note in notes for line in note.split("<br>"))
    assert caption.startswith("The number of States citing each gap type")


# --- across all of them ----------------------------------------------------------------------------

ALL = {"single": single, "multiple": multiple, "matrix": matrix, "number": number, "gaps": gaps}


@pytest.mark.parametrize("make", ALL.values(), ids=ALL)
@pytest.mark.parametrize("audience", [FACILITATOR, PROJECTOR], ids=["chatham house", "projector"])
def test_no_state_is_named_where_positions_are_empty(make, audience):
    result = visible_states({"q1": make()}, audience)["q1"]
    assert all(not f.positions for f in result.findings)
    for big, on_phone in ((False, False), (True, False), (False, True)):
        for caption, fig in state_figures_for(result, big=big, phone=on_phone):
            assert not named_countries(fig, caption)


@pytest.mark.parametrize("make", ALL.values(), ids=ALL)
@pytest.mark.parametrize("audience", [ORGANISER, FACILITATOR], ids=["named", "chatham house"])
def test_no_chart_of_a_state_question_shows_a_mean(make, audience):
    """No average of an ordinal or categorical scale, nor a 0..1 score heatmap. (The gap register's
    "severity 3.2" is the one average asked for: of the gaps' severities, named as such.)"""
    for caption, fig in state_figures_for(make(), audience) + state_figures_for(make(), audience, phone=True):
        assert not averages(fig, caption)
        for heatmap in traces(fig, go.Heatmap):
            assert heatmap.texttemplate == "%{text}"  # marks only (✓, split), never a score
            assert heatmap.zmin == -0.5  # category indices, not 0 = worst … 1 = best


# --- the demo event --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_positions(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('state-charts') / 'demo.sqlite3'}")
    prepare(engine, {}, env={})
    found = [session_positions(engine, i, session_results(engine, i)) for i in range(1, 9)]
    engine.dispose()
    return found


@pytest.mark.parametrize("audience", [ORGANISER, PROJECTOR], ids=["named", "projector"])
def test_every_demo_state_question_can_be_drawn(demo_positions, audience):
    drawn = set()
    for found in demo_positions:
        for result in visible_states(found, audience).values():
            for big, on_phone in ((False, False), (True, False), (False, True)):
                for caption, fig in state_figures_for(result, big=big, phone=on_phone):
                    assert isinstance(caption, str) and "n = " in fig.layout.title.text
                    if not audience.name_countries:
                        assert not set(json.loads(fig.to_json()).get("data", [{}])[0].get("x") or []) & set(ISO3)
                        assert not named_countries(fig, caption)
                    if result.question.type != "gap_register":
                        assert not averages(fig, caption)
                    drawn.add(result.question.type)
    assert drawn == set(STATE_TYPES)
