"""The result charts: what the projector shows for each question type.

The figures are checked through their data (trace values, texts, captions), built from hand-made
result objects; one smoke test draws every question of the demo event.
"""
from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest

from db.engine import make_engine
from exports.report import build_report
from gapmap.aggregation import (
    ChoiceResult,
    GapResult,
    LikertResult,
    MatrixResult,
    MatrixRowResult,
    NumberResult,
    OptionCount,
    QuestionResult,
    RankingResult,
    RankingRow,
    TextResult,
    ordinal_median,
    session_results,
)
from gapmap.bootstrap import prepare
from gapmap.charts import (
    CHARTS,
    PHONE_BAR,
    PHONE_LABEL_WIDTH,
    PHONE_PLOT_WIDTH,
    Style,
    figures_for,
    text_px,
)
from gapmap.demo import DEMO_CODE
from gapmap.positions import session_positions
from gapmap.privacy import Audience, visible_states
from gapmap.state_charts import state_figures_for
from questionnaires.schema import QUESTION_TYPES

ISO3 = ["KHM", "IND", "IDN", "LAO", "MYS", "MDV", "NPL", "PHL", "LKA", "THA", "TLS", "VNM"]
ORGANISER = Audience(k=3, name_countries=True)
PROJECTOR = Audience(k=3, name_countries=False, projector=True)


def question(type_: str, result, *, n: int = 20, by_country: dict[str, int] | None = None,
             text: str = "How far does national law cover this?") -> QuestionResult:
    return QuestionResult("q1", type_, text, n, by_country or {"IDN": n}, result)


def only(figures: list[tuple[str, go.Figure]]) -> tuple[str, go.Figure]:
    assert len(figures) == 1
    return figures[0]


def traces(fig: go.Figure, kind: type) -> list:
    return [t for t in fig.data if isinstance(t, kind)]


# --- every question type -----------------------------------------------------------------------

def test_every_question_type_has_a_chart():
    assert set(CHARTS) == set(QUESTION_TYPES)


def test_a_question_nobody_answered_has_no_figures():
    unanswered = question("single_choice", ChoiceResult([OptionCount("a", "Yes", 0, 0.0)]), n=0, by_country={})
    assert figures_for(unanswered, ORGANISER) == []


def choice(n: int = 34) -> QuestionResult:
    options = [OptionCount("b", "No", 12, 12 / n), OptionCount("a", "Yes", 20, 20 / n),
               OptionCount("c", "Don't know", 2, 2 / n)]
    return question("single_choice", ChoiceResult(options), n=n)


def test_titles_show_the_question_and_the_number_of_respondents():
    _, fig = only(figures_for(choice(), ORGANISER))
    assert "How far does national law cover this?" in fig.layout.title.text
    assert "n = 34 respondents" in fig.layout.title.text


def test_long_question_texts_are_wrapped_for_the_title():
    long_text = "Which of the following elements of the international definition " * 3
    _, fig = only(figures_for(question("single_choice", choice().result, n=34, text=long_text), ORGANISER))
    lines = fig.layout.title.text.split("<br>")
    assert lines[-1] == "n = 34 respondents"
    assert len(lines) > 3 and all(len(line) <= 70 for line in lines)


def test_the_projector_version_uses_larger_fonts():
    _, small = only(figures_for(choice(), PROJECTOR))
    _, big = only(figures_for(choice(), PROJECTOR, big=True))
    assert big.layout.font.size > small.layout.font.size >= 14
    assert big.data[0].textfont.size > small.data[0].textfont.size


# --- choice ------------------------------------------------------------------------------------

def test_choice_bars_are_sorted_largest_first_with_count_and_share():
    caption, fig = only(figures_for(choice(), ORGANISER))
    bar = fig.data[0]
    assert bar.orientation == "h"
    assert list(bar.y) == ["Yes", "No", "Don't know"]
    assert list(bar.x) == [20, 12, 2]
    assert list(bar.text) == ["20 (59%)", "12 (35%)", "2 (6%)"]
    assert fig.layout.yaxis.autorange == "reversed"  # the first bar is drawn on top
    assert "34 respondents" in caption


def test_long_option_labels_are_wrapped_and_more_bars_make_a_taller_figure():
    label = "Recruitment, transportation, transfer, harbouring or receipt of persons"
    few = question("multiple_choice", ChoiceResult([OptionCount("a", label, 3, 0.3)]), n=10)
    many = question("multiple_choice", ChoiceResult(
        [OptionCount(str(i), f"Option {i}", i, i / 10) for i in range(10)]), n=10)
    _, fig_few = only(figures_for(few, ORGANISER))
    _, fig_many = only(figures_for(many, ORGANISER))
    assert "<br>" in fig_few.data[0].y[0]
    assert all(len(line) <= 40 for line in fig_few.data[0].y[0].split("<br>"))
    assert fig_many.layout.height > fig_few.layout.height


# --- likert ------------------------------------------------------------------------------------

def likert(counts=(2, 3, 5, 6, 4), na=2) -> QuestionResult:
    labels = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"][:len(counts)]
    if len(counts) == 4:
        labels = ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]
    rated = sum(counts)
    points = [OptionCount(str(i + 1), label, c, c / (rated + na)) for i, (label, c) in enumerate(zip(labels, counts))]
    return question("likert", LikertResult(points, na, ordinal_median(points)), n=rated + na)


def test_likert_is_one_diverging_bar_disagreement_to_the_left():
    caption, fig = only(figures_for(likert(), ORGANISER))
    x = {}
    for bar in fig.data:
        x.setdefault(bar.name, []).append(bar.x[0])
    # 20 rated answers: 2 + 3 disagree (25%), 5 neutral (25%, split across zero), 6 + 4 agree (50%)
    assert x["Strongly disagree"] == [-10] and x["Disagree"] == [-15]
    assert sorted(x["Neutral"]) == [-12.5, 12.5]
    assert x["Agree"] == [30] and x["Strongly agree"] == [20]
    assert sum(v for vs in x.values() for v in vs if v < 0) == -37.5
    assert sum(v for vs in x.values() for v in vs if v > 0) == 62.5
    assert fig.layout.barmode == "relative"


def test_likert_legend_uses_the_scale_labels_in_order_and_caption_gives_median_and_na():
    caption, fig = only(figures_for(likert(), ORGANISER))
    legend = sorted((bar.legendrank, bar.name) for bar in fig.data if bar.showlegend is not False)
    assert [name for _, name in legend] == ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    # counts 2, 3, 5, 6, 4: 20 rated, half is 10; cumulative 2, 5, 10 reaches 10 at point 3 (Neutral)
    assert caption == "Median: Neutral (3 on 1–5) · 2 of 22 (9%) answered N/A"


def test_an_even_likert_scale_has_no_neutral_middle():
    _, fig = only(figures_for(likert(counts=(1, 3, 4, 2), na=0), ORGANISER))
    x = {bar.name: bar.x[0] for bar in fig.data}
    assert x == {"Strongly disagree": -10, "Disagree": -30, "Agree": 40, "Strongly agree": 20}


# --- ranking -----------------------------------------------------------------------------------

def test_ranking_bars_follow_the_borda_score_and_the_caption_explains_it():
    rows = [RankingRow("b", "Consent", 31, 4, 17), RankingRow("a", "Vulnerability", 42, 5, 20),
            RankingRow("c", "Forced criminality", 16, 3, 8)]
    caption, fig = only(figures_for(question("ranking", RankingResult(rows, top_n=3)), ORGANISER))
    assert list(fig.data[0].y) == ["Vulnerability", "Consent", "Forced criminality"]
    assert list(fig.data[0].x) == [42, 31, 16]
    assert fig.data[0].text[0] == "Borda 42 · 5× first"
    assert "a 1st place earns 3 points, 2nd 2" in caption


# --- matrix ------------------------------------------------------------------------------------

SCALE = [("express", "Covered expressly"), ("partial", "Covered partially"), ("not_covered", "Not covered"),
         ("dont_know", "Don't know")]
def matrix() -> QuestionResult:
    """IDN (3 respondents) and LAO (4) may be named; MDV (1 respondent) never."""
    rows = [
        MatrixRowResult("recruit", "Recruitment", {"express": 5, "not_covered": 2, "dont_know": 1},
                        {"IDN": {"express": 3}, "LAO": {"express": 2, "not_covered": 2}, "MDV": {"dont_know": 1}}),
        MatrixRowResult("harbour", "Harbouring", {"partial": 4, "not_covered": 4},
                        {"IDN": {"partial": 3}, "LAO": {"not_covered": 4}, "MDV": {"partial": 1}}),
    ]
    return question("matrix", MatrixResult(SCALE, rows), n=8, by_country={"IDN": 3, "LAO": 4, "MDV": 1})


def test_a_matrix_counted_by_respondent_shows_answer_shares_never_a_score_per_country():
    """No mean of the ordinal scale per country, no convergence with a tie-break: the respondent
    view shows how all respondents answered; States' positions are the State view's."""
    [(caption, shares)] = figures_for(matrix(), ORGANISER)
    assert not traces(shares, go.Heatmap)
    assert not any(code in shares.to_json() for code in ISO3)
    assert list(shares.data[0].x) == pytest.approx([62.5, 0])  # 5 of 8 covered expressly
    assert "mean" not in caption.lower() and "counts respondents" in caption


def test_under_chatham_house_the_matrix_names_no_country():
    figures = figures_for(matrix(), PROJECTOR)
    assert len(figures) == 1
    for _, fig in figures:
        assert not traces(fig, go.Heatmap)
        assert not any(code in fig.to_json() for code in ISO3)
    [(caption, shares)] = figures
    # one 100% stacked bar per row, of all respondents
    assert shares.layout.barmode == "stack"
    assert [bar.name for bar in shares.data] == [label for _, label in SCALE]
    for row in range(2):
        assert sum(bar.x[row] for bar in shares.data) == pytest.approx(100)
    assert list(shares.data[0].x) == pytest.approx([62.5, 0])  # 5 of 8 covered expressly
    assert "not named" in caption


def test_when_every_country_is_below_k_the_matrix_falls_back_to_shares():
    figures = figures_for(matrix(), Audience(k=5, name_countries=True))
    assert not any(traces(fig, go.Heatmap) for _, fig in figures)


# --- number ------------------------------------------------------------------------------------

def test_number_box_plot_shows_every_answer_and_the_median_with_its_unit():
    values = [10.0, 30.0, 45.0, 60.0, 90.0]
    caption, fig = only(figures_for(question("number", NumberResult(values, 45.0, "%"), n=5), ORGANISER))
    [box] = traces(fig, go.Box)
    assert list(box.x) == values and box.boxpoints == "all"
    assert [a.text for a in fig.layout.annotations] == ["Median 45 %"]
    assert fig.layout.shapes[0].x0 == 45.0


# --- texts -------------------------------------------------------------------------------------

def test_text_questions_chart_tags_and_the_top_15_words():
    words = [(f"word{i}", 30 - i) for i in range(20)]
    tags = [OptionCount("evidence", "evidence", 2, 0.2), OptionCount("online", "online", 5, 0.5)]
    (tag_caption, tag_fig), (_, word_fig) = figures_for(question("long_text", TextResult([], words, tags)), ORGANISER)
    assert list(tag_fig.data[0].y) == ["online", "evidence"]
    assert list(tag_fig.data[0].text) == ["5 (50%)", "2 (20%)"]
    assert len(word_fig.data[0].y) == 15 and word_fig.data[0].y[0] == "word0"
    assert "tags" in tag_caption


def test_text_questions_without_words_or_tags_have_no_figures():
    assert figures_for(question("short_text", TextResult([], [], [])), ORGANISER) == []


# --- gap register ------------------------------------------------------------------------------

def gaps() -> QuestionResult:
    gap_types = [("G01", "Definition narrower than the international definition"), ("G02", "Restricted scope"),
                 ("G03", "Child provisions not aligned")]
    by_country = {"IDN": {"G01": 2}, "LAO": {"G02": 1, "G01": 1}, "MDV": {"G03": 4}}
    totals = [OptionCount("G03", gap_types[2][1], 4, 0.5), OptionCount("G01", gap_types[0][1], 3, 0.375),
              OptionCount("G02", gap_types[1][1], 1, 0.125)]
    needs = [("training", "Training", 5, 2), ("law", "Legislative amendment", 3, 3)]
    result = GapResult(gap_types, by_country, totals, {1: 0, 2: 1, 3: 4, 4: 2, 5: 1}, needs, gaps=8)
    return question("gap_register", result, n=8, by_country={"IDN": 3, "LAO": 4, "MDV": 1})


def test_gap_register_heatmap_of_named_countries_and_gap_types_with_gaps():
    (caption, heat), (_, severity), (_, needs) = figures_for(gaps(), ORGANISER)
    [heatmap] = traces(heat, go.Heatmap)
    assert list(heatmap.x) == ["IDN", "LAO"]
    assert list(heatmap.y) == ["Definition narrower than the<br>international definition", "Restricted scope"]
    assert [list(row) for row in heatmap.z] == [[2, 1], [0, 1]]
    assert "1 country with fewer than 3 respondents not shown" in caption
    assert list(severity.data[0].y) == [0, 1, 4, 2, 1]
    assert list(needs.data[0].text) == ["5 (2 high priority)", "3 (3 high priority)"]


def test_gap_register_falls_back_to_totals_when_countries_are_not_named():
    figures = figures_for(gaps(), PROJECTOR)
    (_, totals), *_ = figures
    assert not any(traces(fig, go.Heatmap) for _, fig in figures)
    assert [label.replace("<br>", " ") for label in totals.data[0].y][0] == "Child provisions not aligned"
    assert list(totals.data[0].text) == ["4 (50%)", "3 (38%)", "1 (12%)"]
    assert not any(code in fig.to_json() for _, fig in figures for code in ISO3)


# --- on a phone (a delegate's revealed results) ---------------------------------------------------

def phone(q: QuestionResult, audience: Audience = ORGANISER) -> list[tuple[str, go.Figure]]:
    return figures_for(q, audience, phone=True)


def bars(fig: go.Figure) -> list[go.Bar]:
    return traces(fig, go.Bar)


def labels_above(fig: go.Figure) -> list[str]:
    """The labels written above the bars (annotations in the plot's px, anchored at their top)."""
    return [a.text for a in fig.layout.annotations if a.yref == "y" and a.yanchor == "top"]


def fits(fig: go.Figure) -> bool:
    """Every bar and the text past its end fit a plot PHONE_PLOT_WIDTH wide (so any wider one)."""
    end = fig.layout.xaxis.range[1]
    return all(bar.x[0] / end * PHONE_PLOT_WIDTH + text_px(bar.text[0], bar.textfont.size) + 8
               <= PHONE_PLOT_WIDTH + 1e-6 for bar in bars(fig))


def test_a_figure_is_for_the_projector_or_a_phone_not_both():
    with pytest.raises(ValueError, match="not both"):
        Style(big=True, phone=True)


def test_the_phone_layout_leaves_the_laptop_and_projector_figures_as_they_were():
    for big in (False, True):
        assert figures_for(choice(), ORGANISER, big=big) == figures_for(choice(), ORGANISER, big=big, phone=False)
    _, laptop = only(figures_for(choice(), ORGANISER))
    assert list(laptop.data[0].y) == ["Yes", "No", "Don't know"] and laptop.layout.annotations == ()


def test_phone_bars_have_their_labels_above_and_their_counts_past_their_end_inside_the_figure():
    caption, fig = only(phone(choice()))
    assert [bar.x[0] for bar in bars(fig)] == [20, 12, 2]  # largest first, as on the dashboard
    assert [bar.text[0] for bar in bars(fig)] == ["20 (59%)", "12 (35%)", "2 (6%)"]
    assert all(bar.textposition == "outside" and bar.cliponaxis is False for bar in bars(fig))
    assert labels_above(fig) == ["Yes", "No", "Don't know"]
    assert not fig.layout.yaxis.visible and not fig.layout.xaxis.visible  # no label column, no axis to read
    # each label stands above its own bar: the plot is measured in px from its top
    tops = [a.y for a in fig.layout.annotations]
    centres = [bar.y[0] for bar in bars(fig)]
    assert all(top < centre - PHONE_BAR / 2 < next_top for top, centre, next_top in zip(tops, centres, tops[1:]))
    assert fig.layout.yaxis.range == (fig.layout.height - fig.layout.margin.t - fig.layout.margin.b, 0)
    assert fits(fig)
    assert fig.layout.xaxis.range[1] < 20 * 1.6  # the longest bar still takes most of the width
    assert "34 respondents" in caption


def test_a_phone_figure_is_titled_by_its_count_and_nothing_in_it_zooms_drags_or_grows():
    _, fig = only(phone(choice()))
    assert fig.layout.title.text == "n = 34 respondents"  # the page writes the question above, as text
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange and fig.layout.dragmode is False
    assert fig.layout.margin.autoexpand is False and fig.layout.xaxis.automargin is False
    assert fig.layout.font.size >= 15 and all(bar.textfont.size >= 15 for bar in bars(fig))


def test_phone_labels_are_wrapped_and_the_figure_grows_with_its_bars():
    label = "Recruitment, transportation, transfer, harbouring or receipt of persons"
    few = question("multiple_choice", ChoiceResult([OptionCount("a", label, 3, 0.3)]), n=10)
    many = question("multiple_choice", ChoiceResult(
        [OptionCount(str(i), f"Option number {i}", i, i / 10) for i in range(10)]), n=10)
    _, fig_few = only(phone(few))
    _, fig_many = only(phone(many))
    [wrapped] = labels_above(fig_few)
    assert "<br>" in wrapped and all(len(line) <= PHONE_LABEL_WIDTH for line in wrapped.split("<br>"))
    assert fig_many.layout.height - fig_few.layout.height >= 9 * PHONE_BAR  # a row per bar
    _, fig_five = only(phone(question("multiple_choice", ChoiceResult(
        [OptionCount(str(i), f"Option number {i}", i, i / 10) for i in range(5)]), n=10)))
    assert fig_few.layout.height < fig_five.layout.height < fig_many.layout.height


def test_long_counts_push_the_bars_shorter_rather_than_out_of_the_figure():
    wide = question("single_choice", ChoiceResult([OptionCount("a", "A", 1234, 0.99), OptionCount("b", "B", 3, 0.01)]),
                    n=1240)
    _, fig = only(phone(wide))
    assert fits(fig) and fig.layout.xaxis.range[1] > 1234


def test_on_a_phone_a_likert_is_a_bar_per_point_of_its_scale_in_order():
    caption, fig = only(phone(likert()))
    assert labels_above(fig) == ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    assert [bar.text[0] for bar in bars(fig)] == ["2 (10%)", "3 (15%)", "5 (25%)", "6 (30%)", "4 (20%)"]
    colours = [bar.marker.color for bar in bars(fig)]
    assert len(set(colours)) == 5 and colours[2] == "#BBBBBB"  # diverging, grey in the middle
    assert caption == "Median: Neutral (3 on 1–5) · 2 of 22 (9%) answered N/A" and fits(fig)


def test_on_a_phone_a_ranking_puts_first_places_under_the_label():
    rows = [RankingRow("b", "Consent", 31, 4, 17), RankingRow("a", "Vulnerability", 42, 5, 20)]
    _, fig = only(phone(question("ranking", RankingResult(rows, top_n=3))))
    assert [a.text for a in fig.layout.annotations] == ["Vulnerability", "5× first", "Consent", "4× first"]
    assert [bar.text[0] for bar in bars(fig)] == ["42 pts", "31 pts"] and fits(fig)


def test_on_a_phone_a_matrix_is_stacked_shares_whose_texts_show_only_where_they_fit():
    [(caption, fig)] = phone(matrix())
    assert fig.layout.barmode == "stack" and [bar.name for bar in fig.data] == [label for _, label in SCALE]
    assert labels_above(fig) == ["Recruitment", "Harbouring"]
    assert fig.layout.uniformtext.mode == "hide" and fig.layout.uniformtext.minsize >= 15  # never shrunk
    assert list(fig.data[0].text) == ["62%", ""] and fig.layout.xaxis.range == (0, 100)
    assert fig.layout.legend.orientation == "v" and fig.layout.legend.maxheight == 1  # a legend row per answer
    assert "counts respondents" in caption and not any(code in fig.to_json() for code in ISO3)


def test_on_a_phone_the_median_label_runs_inwards_from_its_line():
    low = question("number", NumberResult([10.0, 20.0, 90.0], 20.0, "%"), n=3)
    high = question("number", NumberResult([10.0, 80.0, 90.0], 80.0, "%"), n=3)
    assert only(phone(low))[1].layout.annotations[0].xanchor == "left"
    assert only(phone(high))[1].layout.annotations[0].xanchor == "right"


def test_on_a_phone_the_words_of_a_text_question_stand_left_of_their_bars():
    words = [(f"word{i}", 30 - i) for i in range(20)]
    (_, tags), (_, fig) = phone(question("long_text", TextResult([], words, [OptionCount("a", "a", 2, 0.2)])))
    assert fig.layout.yaxis.ticktext[:2] == ("word0", "word1") and len(bars(fig)) == 15
    assert fig.layout.annotations == () and fig.layout.margin.l > 40 and fits(fig)
    assert fig.layout.height < 15 * (PHONE_BAR + 14) + 80  # no line of its own for a word


def test_on_a_phone_the_gap_heatmap_has_a_row_per_country_and_numbered_gap_types():
    (caption, heat), (_, severity), (_, needs) = phone(gaps())
    [heatmap] = traces(heat, go.Heatmap)
    assert list(heatmap.y) == ["IDN", "LAO"] and list(heatmap.x) == ["1", "2"]
    assert [list(row) for row in heatmap.z] == [[2, 0], [1, 1]] and heatmap.showscale is False
    assert "Columns: 1 = Definition narrower than the international definition; 2 = Restricted scope." in caption
    assert severity.data[0].cliponaxis is False and severity.data[0].textposition == "outside"
    assert [bar.text[0] for bar in bars(needs)] == ["5", "3"] and fits(needs)
    assert [a.text for a in needs.layout.annotations][1] == "2 high priority"
    unnamed = phone(gaps(), PROJECTOR)
    assert not any(traces(fig, go.Heatmap) for _, fig in unnamed)
    assert not any(code in fig.to_json() for _, fig in unnamed for code in ISO3)


def test_the_phone_config_has_no_toolbar_and_nothing_to_zoom():
    from ui.results import COUNTS_RESPONDENTS, COUNTS_STATES, PHONE_PLOTLY_CONFIG

    assert PHONE_PLOTLY_CONFIG["displayModeBar"] is False and PHONE_PLOTLY_CONFIG["staticPlot"] is True
    assert COUNTS_STATES.endswith("Counts States") and COUNTS_RESPONDENTS.endswith("Counts respondents")


# --- the demo event ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('charts') / 'demo.sqlite3'}")
    prepare(engine, {}, env={})
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def demo_sessions(demo_engine):
    return [session_results(demo_engine, i) for i in range(1, 9)]


def _categories(fig: go.Figure) -> set[str]:
    """Every value on a category axis (x or y) of the figure's traces."""
    found = set()
    for trace in json.loads(fig.to_json())["data"]:
        for axis in ("x", "y"):
            found.update(v for v in trace.get(axis) or [] if isinstance(v, str))
    return found


@pytest.mark.parametrize("audience", [ORGANISER, PROJECTOR], ids=["countries named", "chatham house"])
def test_every_demo_question_can_be_drawn(demo_sessions, audience):
    drawn, heatmaps = set(), 0
    for results in demo_sessions:
        for q in results.questions:
            for big in (False, True):
                for caption, fig in figures_for(q, audience, big=big):
                    assert isinstance(caption, str) and "n = " in fig.layout.title.text
                    categories = _categories(fig)
                    if not audience.name_countries:
                        assert not categories & set(ISO3), (q.id, categories & set(ISO3))
                    drawn.add(q.type)
                    heatmaps += len(traces(fig, go.Heatmap))
    assert drawn == set(QUESTION_TYPES)
    assert (heatmaps > 0) == audience.name_countries


@pytest.mark.parametrize("audience", [ORGANISER, PROJECTOR], ids=["countries named", "chatham house"])
def test_every_demo_question_can_be_drawn_for_a_phone(demo_sessions, audience):
    drawn = set()
    for results in demo_sessions:
        for q in results.questions:
            for caption, fig in figures_for(q, audience, phone=True):
                assert isinstance(caption, str) and fig.layout.title.text.startswith("n = ")
                assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
                if not audience.name_countries:
                    assert not any(re.search(rf"\b{code}\b", fig.to_json()) for code in ISO3), q.id
                if all(bar.textposition == "outside" and bar.orientation == "h" for bar in bars(fig)) and bars(fig):
                    assert fits(fig), q.id
                drawn.add(q.type)
    assert drawn == set(QUESTION_TYPES)


#: "Mean" as a word, but not the gap register's "Mean severity" (an average of the gaps' severities).
MEAN = re.compile(r"\bMean\b(?! severity)")


def test_no_demo_caption_or_workbook_table_gives_a_mean(demo_engine, demo_sessions):
    """Issue 11: no average of an ordinal or categorical scale, on screen or in the workbook (a Likert
    question gives its median). Allowed: the gap register's mean severity and a number question's
    statistics (numbers are not ordinal)."""
    captions = []
    for i, results in enumerate(demo_sessions, start=1):
        found = session_positions(demo_engine, i, results)
        for audience in (ORGANISER, PROJECTOR):
            captions += [(q.id, c) for q in results.questions if q.type != "number"
                         for c, _ in figures_for(q, audience)]
            captions += [(q, c) for q, result in visible_states(found, audience).items()
                         for c, _ in state_figures_for(result)]
    assert len(captions) > 50 and any(c.startswith("Median: ") for _, c in captions)
    assert [(q, c) for q, c in captions if MEAN.search(c)] == []
    for anonymise in (False, True):
        means, medians = [], 0
        for sheet in build_report(demo_engine, DEMO_CODE, anonymise=anonymise).sheets:
            for table in sheet.tables:
                if table is None:
                    continue
                medians += "Median: " in table.note  # after "Counts respondents."
                statistics = table.header[:1] == ["Statistic"]  # a number question's: Answers, Median, Mean, …
                cells = [table.title, table.note, *table.header,
                         *(cell for row in table.rows for cell in (row[1:] if statistics else row))]
                means += [(sheet.name, table.title, cell) for cell in cells
                          if isinstance(cell, str) and MEAN.search(cell)]
        assert means == [] and medians > 0
