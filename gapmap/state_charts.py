"""Plotly figures for the questions that count by State (DESIGN.md §5a): "5 of 12 States", splits
and no-answers visible, never a mean of an ordinal or categorical scale.

`state_figures_for(result)` returns (caption, figure) pairs for one `gapmap.positions.StateResult`
as `gapmap.privacy.visible_states` left it: where the audience may not name States (Chatham House
screens, the projector, small delegations) its `positions` are empty and the charts fall back to
counts of States, naming none. Sizes, fonts and colours follow `gapmap.charts` (Okabe-Ito; a split
delegation is hatched, a State without an answer light grey).

| Type            | Chart                                                                              |
|-----------------|------------------------------------------------------------------------------------|
| single choice   | one stacked bar: States per answer, then split and no answer                       |
| multiple choice | a stacked bar per option: States selecting it, not selecting it, split, no answer  |
| matrix          | States × elements heatmap of positions (named) or a stacked bar of State counts per |
|                 | element (not named); then convergence per element, naming the position held most   |
| number          | a dot per State with its delegation's range (named), else the answers' dot plot    |
| gap register    | States citing each gap type, with the gaps' severity and the need named most       |

On a phone (`phone=True`) a single choice is a bar per answer ("5 of 12"), the stacked bars and the
convergence have their labels above the bars, and a States × elements table has a row per State and
numbered columns (the caption gives the key): see `gapmap.charts`' phone layout.
"""
from __future__ import annotations

import math
from typing import Callable

import plotly.graph_objects as go

from gapmap.aggregation import NO_VIEW
from gapmap.charts import (
    NEUTRAL,
    PALETTE,
    PHONE_LEFT,
    Figures,
    Style,
    _figure,
    _lines,
    _number,
    _spread,
    column_key,
    number_chart,
    phone_figure,
    phone_hbar,
    phone_legend,
    phone_stacked,
    phone_table,
    text_px,
    ticks_every,
    wrap,
)
from gapmap.positions import NO_ANSWER, NOT_SELECTED, SELECTED, SPLIT, Finding, StateResult
from gapmap.privacy import Audience, VisibleQuestion, visible_states
from gapmap.reference import country_name

#: Ordered scales (covered expressly … not covered): blue to vermillion, as in `gapmap.charts`.
ORDINAL = [PALETTE[5], PALETTE[2], PALETTE[1], PALETTE[6]]
#: Longer or unordered lists of answers: Okabe-Ito without black.
CATEGORICAL = [PALETTE[5], PALETTE[1], PALETTE[3], PALETTE[7], PALETTE[2], PALETTE[6], PALETTE[4]]
#: "Don't know", "not applicable" …: greys, apart from the views.
NO_VIEW_COLOURS = [NEUTRAL, "#8C8C8C", "#D4D4D4"]
SPLIT_COLOUR, NO_ANSWER_COLOUR = "#5A5A5A", "#F0F0F0"
SPLIT_MARKER = dict(color="#FFFFFF", pattern=dict(shape="/", fgcolor="#A0A0A0", size=12, solidity=0.12),
                    line=dict(color=SPLIT_COLOUR, width=1))
NO_ANSWER_MARKER = dict(color=NO_ANSWER_COLOUR, line=dict(color="#BBBBBB", width=1))
SPLIT_LABEL, NO_ANSWER_LABEL = "Split", "No answer"
CLEARED_MARK = "✓"
#: A split position in a phone's States × elements table, whose cells are too narrow for "split".
PHONE_SPLIT_MARK = "S"
#: A row of a phone's dot per State: the dot and its value written above it (px).
PHONE_NUMBER_ROW = 38


# --- small helpers ------------------------------------------------------------------------------

def _states(n: int) -> str:
    return f"{n} State" if n == 1 else f"{n} States"


def _present_line(result: StateResult) -> str:
    return f"n = {_states(result.present)} present"


def _split_sentence(n: int) -> str:
    if not n:
        return "No delegation was split."
    return "1 delegation was split." if n == 1 else f"{n} delegations were split."


def _no_answer_sentence(n: int) -> str:
    if not n:
        return ""
    return " 1 State present gave no answer." if n == 1 else f" {n} States present gave no answer."


def _answer_labels(result: StateResult) -> dict[str, str]:
    """Labels of every answer the findings count, with the no-view answers a multiple choice keeps."""
    labels = {SELECTED: "Selected", NOT_SELECTED: "Not selected"}
    options = getattr(result.question.result, "options", None) or []
    labels.update({o.id: o.label for o in options})
    for f in result.findings:
        labels.update({c.id: c.label for c in f.counts if c.label != c.id or c.id not in labels})
    return {a: ("No view" if label == a and a in NO_VIEW else label) for a, label in labels.items()}


def _answers(result: StateResult) -> list[str]:
    """Every answer id the findings count, in the question's order (no-view answers last)."""
    seen = []
    for f in result.findings:
        seen += [c.id for c in f.counts if c.id not in seen]
    return [a for a in seen if a not in NO_VIEW] + [a for a in seen if a in NO_VIEW]


def _colours(answers: list[str], *, ordered: bool = True) -> dict[str, str]:
    """A colour per answer: a blue-to-vermillion list for a scale of up to four views (a matrix),
    else one distinct colour each; greys for the no-view answers."""
    viewed = [a for a in answers if a not in NO_VIEW]
    if answers and set(viewed) <= {SELECTED, NOT_SELECTED}:
        views = {SELECTED: PALETTE[5], NOT_SELECTED: PALETTE[1]}
    elif ordered and len(viewed) <= len(ORDINAL):
        views = dict(zip(viewed, _spread(ORDINAL, len(viewed))))
    else:
        views = {a: CATEGORICAL[i % len(CATEGORICAL)] for i, a in enumerate(viewed)}
    greys = {a: NO_VIEW_COLOURS[i % len(NO_VIEW_COLOURS)] for i, a in enumerate(a for a in answers if a in NO_VIEW)}
    return views | greys


def _answering(f: Finding) -> int:
    """States answering (holding an answer or split), also when privacy emptied the positions."""
    return sum(c.states for c in f.counts) + f.split


def _segment_text(n: int, present: int) -> str:
    """ "5 of 12 States" where the segment is wide enough, else the number alone."""
    if not n:
        return ""
    return f"{n} of {present} States" if present and n / present >= 0.24 else str(n)


def _legend_rows(names: list[str], style: Style) -> int:
    """Legend lines to leave room for, at the narrowest screen of each kind: a 16:9 projector (its
    sizes scale with the screen), a laptop's dashboard column. The legend adds " (12)"."""
    width = style.px(1750) if style.big else 950
    used = sum((len(n) + 5) * style.font * 0.6 + style.px(45) for n in names)
    return max(1, math.ceil(used / width))


# --- stacked bars of State counts ------------------------------------------------------------------

def _stacked(result: StateResult, style: Style, findings: list[Finding], *, labels: list[str],
             legend_counts: bool = False) -> go.Figure:
    """A stacked bar per finding: States per answer, then split (hatched) and no answer (light)."""
    present = result.present
    answers = _answers(result)
    names = _answer_labels(result)
    colours = _colours(answers, ordered=result.question.type == "matrix")
    if style.phone:
        return _phone_stacked(result, style, findings, labels, answers, names, colours)
    wrapped = [wrap(label, style.label_width) for label in labels]
    data = []

    def bar(name: str, values: list[int], marker: dict, rank: int, legend: str) -> go.Bar:
        return go.Bar(
            x=values, y=wrapped, orientation="h", name=legend, legendrank=rank, marker=marker,
            text=[_segment_text(v, present) for v in values], textposition="inside", insidetextanchor="middle",
            textangle=0, textfont=dict(size=style.bar_text), constraintext="inside",
            customdata=[f"{v} of {present} States" for v in values],
            hovertemplate=f"{name}: %{{customdata}}<extra></extra>")

    for rank, answer in enumerate(answers):
        values = [f.states(answer) for f in findings]  # an answer no State holds stays in the legend
        name = names.get(answer, answer)
        legend = f"{name} ({values[0]})" if legend_counts else name
        data.append(bar(name, values, dict(color=colours[answer], line=dict(color="white", width=1)), rank + 1,
                        legend))
    tail = [(SPLIT_LABEL, [f.split for f in findings], SPLIT_MARKER),
            (NO_ANSWER_LABEL, [f.no_answer for f in findings], NO_ANSWER_MARKER)]
    for offset, (name, values, marker) in enumerate(tail):
        if any(values):
            legend = f"{name} ({values[0]})" if legend_counts else name
            data.append(bar(name, values, marker, len(answers) + offset + 1, legend))
    total = max((sum(t.x[i] for t in data) for i in range(len(findings))), default=0)
    top = max(present, total, 1)
    axis = dict(range=[0, top], title=f"States (of {present} present)", showgrid=True, gridcolor="#E5E5E5",
                dtick=1 if top <= 15 else None)
    one = len(findings) == 1
    return _figure(result.question, style, data, labels=[] if one else wrapped, rows=2 if one else len(findings),
                   legend_rows=_legend_rows([t.name for t in data], style), barmode="stack", bargap=0.2, xaxis=axis,
                   yaxis=dict(type="category", autorange="reversed", showticklabels=not one),
                   count=_present_line(result))


def _phone_stacked(result: StateResult, style: Style, findings: list[Finding], labels: list[str], answers: list[str],
                   names: dict[str, str], colours: dict[str, str]) -> go.Figure:
    """`_stacked` on a phone: each bar's label above it, the number of States inside each segment
    where it fits, the legend one answer a row."""
    present = result.present
    segments = [(names.get(a, a), [f.states(a) for f in findings],
                 dict(color=colours[a], line=dict(color="white", width=1))) for a in answers]
    tail = [(SPLIT_LABEL, [f.split for f in findings], SPLIT_MARKER),
            (NO_ANSWER_LABEL, [f.no_answer for f in findings], NO_ANSWER_MARKER)]
    segments += [segment for segment in tail if any(segment[1])]
    top = max(present, *(sum(values[i] for _, values, _ in segments) for i in range(len(findings))), 1)
    return phone_stacked(result.question, style, labels,
                         [(name, values, marker, [str(v) if v else "" for v in values])
                          for name, values, marker in segments],
                         end=top, axis=dict(dtick=ticks_every(top)), axis_title=f"States (of {present} present)",
                         count=_present_line(result))


def _phone_answers(result: StateResult, style: Style, f: Finding) -> go.Figure:
    """A single choice on a phone: a bar per answer ("5 of 12"), then split (hatched) and no answer."""
    present = result.present
    answers = _answers(result)
    names = _answer_labels(result)
    colours = _colours(answers, ordered=False)
    rows = [(names.get(a, a), f.states(a), dict(color=colours[a])) for a in answers]
    if f.split:
        rows.append((SPLIT_LABEL, f.split, SPLIT_MARKER))
    if f.no_answer:
        rows.append((NO_ANSWER_LABEL, f.no_answer, NO_ANSWER_MARKER))
    return phone_hbar(result.question, style, [name for name, _, _ in rows], [n for _, n, _ in rows],
                      [f"{n} of {present}" for _, n, _ in rows], markers=[marker for _, _, marker in rows],
                      top=present, count=_present_line(result))


# --- one function per question type ----------------------------------------------------------------

def choice_states(result: StateResult, style: Style) -> Figures:
    """Single choice: one stacked bar of States per answer, split and no answer; the legend counts."""
    [f] = result.findings
    fig = (_phone_answers(result, style, f) if style.phone
           else _stacked(result, style, [f], labels=[""], legend_counts=True))
    caption = (f"Each State counts once: the answer its delegates gave, or the one its head of delegation "
               f"cleared; of the {_states(result.present)} present. {_split_sentence(f.split)}"
               f"{_no_answer_sentence(f.no_answer)}")
    return [(caption, fig)]


def multiple_states(result: StateResult, style: Style) -> Figures:
    """Multiple choice: per option, the States whose delegation selected it, did not, or was split."""
    findings = sorted(result.findings, key=lambda f: -f.states(SELECTED))  # stable: question order on ties
    if not findings:
        return []
    fig = _stacked(result, style, findings, labels=[f.label for f in findings])
    split = sorted((f for f in findings if f.split), key=lambda f: -f.split)
    if split:
        named = ", ".join(f"{f.split} on “{f.label}”" for f in split[:3]) + (", …" if len(split) > 3 else "")
        splits = f"Delegations split: {named}."
    else:
        splits = "No delegation was split."
    caption = (f"Per option, the States whose delegation selected it, did not, or was split (hatched), of the "
               f"{_states(result.present)} present; options most often selected on top. {splits}")
    return [(caption, fig)]


def _categories(result: StateResult) -> list[tuple[str, str]]:
    names = _answer_labels(result)
    return [(a, names.get(a, a)) for a in _answers(result)] + [(SPLIT, SPLIT_LABEL), (NO_ANSWER, NO_ANSWER_LABEL)]


def _position_heatmap(result: StateResult, style: Style) -> go.Figure:
    """States × elements: each cell the State's position, one colour per answer; split and no answer
    apart; a cleared position marked ✓. Blank: a State not shown for that element."""
    q = result.question
    findings = result.findings
    categories = _categories(result)
    k = len(categories)
    index = {c: k - 1 - i for i, (c, _) in enumerate(categories)}  # the scale's first answer on top of the colour bar
    colours = _colours([c for c, _ in categories[:-2]]) | {SPLIT: SPLIT_COLOUR, NO_ANSWER: NO_ANSWER_COLOUR}
    names = dict(categories)
    countries = sorted({c for f in findings for c in f.positions})
    z, text, hover = [], [], []
    for f in findings:
        z_row, text_row, hover_row = [], [], []
        for country in countries:
            p = f.positions.get(country)
            where = f"{country_name(country)} · {f.label}"
            if p is None and country not in q.by_country_n:
                z_row.append(None)
                text_row.append("")
                hover_row.append(f"{where}: not shown")
                continue
            key = NO_ANSWER if p is None else SPLIT if p.split else p.value
            z_row.append(index.get(key))
            mark = CLEARED_MARK if p is not None and p.cleared else "split" if key == SPLIT else ""
            text_row.append(mark)
            detail = names.get(key, key)
            if p is not None and p.cleared:
                detail += " (cleared by the head of delegation" + (f": {p.note})" if p.note else ")")
            if p is not None and p.distribution:
                detail += "<br>Delegates: " + ", ".join(f"{names.get(a, a)} {n}" for a, n in p.distribution.items())
            hover_row.append(f"{where}<br>{detail}")
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    scale = []
    for c, _ in reversed(categories):
        i = index[c]
        scale += [[i / k, colours[c]], [(i + 1) / k, colours[c]]]
    if style.phone:  # a row per State, the elements numbered (the caption's key); a legend for the colours
        marks = [[PHONE_SPLIT_MARK if mark == "split" else mark for mark in row] for row in text]
        heatmap = go.Heatmap(
            z=_transposed(z), x=[str(n) for n in range(1, len(findings) + 1)], y=countries, zmin=-0.5, zmax=k - 0.5,
            colorscale=scale, xgap=2, ygap=2, showscale=False, text=_transposed(marks), texttemplate="%{text}",
            textfont=dict(size=style.bar_text), customdata=_transposed(hover),
            hovertemplate="%{customdata}<extra></extra>")
        legend = [f"{name} ({PHONE_SPLIT_MARK})" if c == SPLIT else name for c, name in categories]
        keys = [go.Scatter(x=[None], y=[None], mode="markers", name=name, showlegend=True,
                           marker=dict(symbol="square", size=15, color=colours[c], line=dict(color="#BBBBBB", width=1)))
                for (c, _), name in zip(categories, phone_legend(legend))]
        return phone_table(q, style, heatmap, countries, count=_present_line(result), legend=phone_legend(legend),
                           data=keys)
    labels = [wrap(f.label, style.label_width) for f in findings]
    heatmap = go.Heatmap(
        z=z, x=countries, y=labels, zmin=-0.5, zmax=k - 0.5, colorscale=scale, xgap=2, ygap=2, text=text,
        texttemplate="%{text}", textfont=dict(size=style.bar_text), customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        colorbar=dict(tickvals=[index[c] for c, _ in categories], ticktext=[wrap(name, 18) for _, name in categories],
                      title=dict(text="Position")))
    return _figure(q, style, [heatmap], labels=labels, rows=len(labels), axis_on_top=True,
                   xaxis=dict(type="category", side="top"), yaxis=dict(type="category", autorange="reversed"),
                   count=_present_line(result))


def _transposed(rows: list[list]) -> list[list]:
    return [list(column) for column in zip(*rows)]


def _state_convergence(result: StateResult, style: Style) -> Figures:
    """Per element, the share of answering States holding the most common position, named; a tie
    names every position it ties ("A = B"). Lowest convergence, the most divergent elements, on top."""
    names = _answer_labels(result)
    rows = sorted((f for f in result.findings if f.convergence is not None), key=lambda f: f.convergence)
    if not rows:
        return []
    caption = ("Convergence: the share of the States answering (split delegations included) that hold the most "
               "common position, named after the %; a tie names each position (“A = B”). Most divergent "
               "elements on top.")
    if style.phone:  # the % past the bar, the position held most under the label
        return [(caption.replace("named after the %", "named above the bar"), phone_hbar(
            result.question, style, [f.label for f in rows], [round(100 * f.convergence) for f in rows],
            [f"{f.convergence:.0%}" for f in rows], top=100, colour=PALETTE[3], count=_present_line(result),
            notes=[f"Held most: {' = '.join(names.get(c, c) for c in f.consensus)} "
                   f"({f.states(f.consensus[0])}\u00a0of\u00a0{_answering(f)})" for f in rows]))]  # kept on a line
    labels = [wrap(f.label, style.label_width) for f in rows]
    values = [round(100 * f.convergence) for f in rows]
    names_width = 35 if style.big else 45
    texts = [f"{f.convergence:.0%} · " + wrap(" = ".join(names.get(c, c) for c in f.consensus), names_width)
             for f in rows]
    held = [f"{f.states(f.consensus[0])} of {_answering(f)} answering States" for f in rows]
    bar = go.Bar(x=values, y=labels, orientation="h", text=texts, textposition="outside", cliponaxis=False,
                 marker_color=PALETTE[3], textfont=dict(size=style.bar_text), customdata=held,
                 hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>")
    ticks = list(range(0, 101, 25))
    longest = max(len(line) for text in texts for line in text.split("<br>"))
    # _figure gives every row the height of the tallest label; a taller bar text needs more
    label_lines = max(_lines(label) for label in labels)
    rows = math.ceil(len(labels) * max(1, max(_lines(text) for text in texts) / label_lines))
    fig = _figure(result.question, style, [bar], labels=labels, rows=rows, count=_present_line(result),
                  xaxis=dict(range=[0, max(130, 100 + 2.3 * longest)], tickvals=ticks,
                             ticktext=[f"{t}%" for t in ticks], showgrid=True, gridcolor="#E5E5E5",
                             title="Convergence (% of answering States)"),
                  yaxis=dict(type="category", autorange="reversed"))
    return [(caption, fig)]


def matrix_states(result: StateResult, style: Style) -> Figures:
    """Matrix: positions per State and element where States may be named, else State counts per
    element; then the convergence per element. No mean score anywhere."""
    q = result.question
    splits = sum(f.split for f in result.findings)
    where = f"{splits} split positions in all." if splits else "No delegation was split."
    if any(f.positions for f in result.findings) and style.phone:
        key = column_key([f.label for f in result.findings])
        caption = (f"Each row a State, each numbered column an element; each cell: the State's position, the answer "
                   f"all its delegates gave ({CLEARED_MARK}: cleared by the head of delegation; {PHONE_SPLIT_MARK}: "
                   f"split, its delegates disagree). {where}{q.left_out} {key}")
        first = (caption, _position_heatmap(result, style))
    elif any(f.positions for f in result.findings):
        caption = (f"Each cell: the State's position, the answer all its delegates gave ({CLEARED_MARK}: cleared by "
                   f"the head of delegation); split: its delegates disagree. {where}{q.left_out}")
        first = (caption, _position_heatmap(result, style))
    else:
        reason = q.no_breakdown or "States are not named here"
        caption = (f"{reason}: States per position for each element, of the {_states(result.present)} present; "
                   f"split delegations hatched. {where}")
        first = (caption, _stacked(result, style, result.findings, labels=[f.label for f in result.findings]))
    return [first, *_state_convergence(result, style)]


def number_states(result: StateResult, style: Style) -> Figures:
    """Numbers: one dot per named State (a split delegation: its median, the bar its range), else the
    answers' dot plot, no State named."""
    q = result.question
    [f] = result.findings
    unit = getattr(q.result, "unit", "") or ""
    answered = max(result.present - f.no_answer, 0)
    counts = (f"{answered} of {_states(result.present)} present answered; {_split_sentence(f.split).lower()}"
              f"{_no_answer_sentence(f.no_answer)}")
    if not f.positions:
        reason = q.no_breakdown or "States are not named here"
        return [(f"{reason}, so each dot is one delegate's answer, not a State's. By State: {counts}", fig)
                for _, fig in number_chart(q, style)]
    rows = sorted(f.positions.items(), key=lambda item: (-(item[1].number if item[1].number is not None
                                                             else float(item[1].value or 0)), item[0]))
    kinds = [("Delegation agrees", lambda p: not p.split and not p.cleared, "circle", PALETTE[5]),
             ("Cleared by the head of delegation", lambda p: p.cleared, "square", PALETTE[3]),
             ("Split: the delegation's median and range", lambda p: p.split and not p.cleared, "diamond-open",
              PALETTE[6])]
    data = []
    ends = [end for _, p in rows for end in (p.low, p.high, p.number if p.number is not None else float(p.value))
            if end is not None]
    lo, hi = min(ends), max(ends)
    for name, belongs, symbol, colour in kinds:
        mine = [(c, p) for c, p in rows if belongs(p)]
        if not mine:
            continue
        x = [p.number if p.number is not None else float(p.value) for _, p in mine]
        # on a phone each value is written inwards from its dot, so it stays inside the figure
        where = [("top right" if v <= (lo + hi) / 2 else "top left") for v in x] if style.phone else "top center"
        data.append(go.Scatter(
            x=x, y=[c for c, _ in mine], mode="markers+text", name=name,
            marker=dict(symbol=symbol, size=style.px(18) if style.big else 12, color=colour,
                        line=dict(width=2, color=colour)),
            error_x=dict(type="data", symmetric=False, color=colour, thickness=2,
                         array=[(p.high - v) if p.high is not None else 0 for (_, p), v in zip(mine, x)],
                         arrayminus=[(v - p.low) if p.low is not None else 0 for (_, p), v in zip(mine, x)]),
            text=[f"{_number(v)}{' ' + unit if unit else ''}{' ' + CLEARED_MARK if p.cleared else ''}"
                  for (_, p), v in zip(mine, x)],
            textposition=where, textfont=dict(size=style.bar_text),
            customdata=[country_name(c) for c, _ in mine],
            hovertemplate=f"%{{customdata}}: %{{text}} ({name.lower()})<extra></extra>"))
    states = [c for c, _ in rows]
    caption = (f"One dot per State: the value its delegates gave (a split delegation: their median, the bar their "
               f"range; ✓ cleared by the head of delegation). {counts}{q.left_out}")
    if style.phone:
        pad = (hi - lo) * 0.06 or 1
        names = phone_legend([t.name for t in data])
        for trace, legend in zip(data, names):
            trace.update(name=legend, cliponaxis=False)  # the top State's value stands above the plot
        return [(caption, phone_figure(
            q, style, data, plot_height=len(states) * PHONE_NUMBER_ROW, count=_present_line(result), ticks=True,
            axis_title=unit or "Value", legend=names, headroom=PHONE_NUMBER_ROW // 2,
            left=PHONE_LEFT + round(max(text_px(c, style.font) for c in states)) + 6,
            xaxis=dict(range=[lo - pad, hi + pad], showgrid=True, gridcolor="#E5E5E5", zeroline=False),
            yaxis=dict(type="category", categoryorder="array", categoryarray=states, autorange="reversed",
                       ticklen=0, ticklabelstandoff=4)))]
    fig = _figure(q, style, data, labels=states, rows=len(states), count=_present_line(result),
                  legend_rows=_legend_rows([t.name for t in data], style), showlegend=True,
                  xaxis=dict(title=unit or "Value", showgrid=True, gridcolor="#E5E5E5"),
                  yaxis=dict(type="category", categoryorder="array", categoryarray=states, autorange="reversed"))
    return [(caption, fig)]


def gap_states(result: StateResult, style: Style) -> Figures:
    """Gap register: States citing each gap type (most first), the gaps' severity and the need named most."""
    gaps = result.gaps
    if not gaps:
        return []
    caption = ("The number of States citing each gap type, not the number of gaps (a State counts once however "
               "many of its delegates cite it); then the severity of that type's gaps (1 = minor … 5 = critical) "
               "and the need for support named most for it.")
    if style.phone:  # the States past the bar; severity, need and the States named (if any) under the label
        notes = ["\n".join(part for part in (
            " · ".join(p for p in (f"severity {g.mean_severity:.1f}" if g.mean_severity is not None else "",
                                   f"need: {g.top_need}" if g.top_need else "") if p),
            ", ".join(country_name(c) for c in g.states)) if part) for g in gaps]
        return [(caption, phone_hbar(result.question, style, [g.label for g in gaps], [g.state_count for g in gaps],
                                     [f"{g.state_count} of {result.present}" for g in gaps], notes=notes,
                                     top=result.present, count=_present_line(result)))]
    labels = [wrap(g.label, style.label_width) for g in gaps]
    texts = [wrap(" · ".join(part for part in (_states(g.state_count),
                                               f"severity {g.mean_severity:.1f}" if g.mean_severity is not None
                                               else "", g.top_need or "") if part), 45 if style.big else 60)
             for g in gaps]
    who = [(", ".join(country_name(c) for c in g.states) + "<br>") if g.states else "" for g in gaps]
    bar = go.Bar(x=[g.state_count for g in gaps], y=labels, orientation="h", text=texts, textposition="auto",
                 insidetextanchor="start", cliponaxis=False, marker_color=PALETTE[5],
                 textfont=dict(size=style.bar_text),
                 customdata=[[w, g.gaps] for w, g in zip(who, gaps)],
                 hovertemplate="%{y}<br>%{text}<br>%{customdata[0]}%{customdata[1]} gaps recorded<extra></extra>")
    top = max(result.present, max(g.state_count for g in gaps), 1)
    fig = _figure(result.question, style, [bar], labels=labels, rows=len(labels), count=_present_line(result),
                  xaxis=dict(range=[0, top], dtick=1 if top <= 15 else None, showgrid=True, gridcolor="#E5E5E5",
                             title=f"States citing it (of {result.present} present)"),
                  yaxis=dict(type="category", autorange="reversed"))
    return [(caption, fig)]


#: Question type -> chart function(State findings as privacy left them, style) -> [(caption, figure)].
STATE_CHARTS: dict[str, Callable[[StateResult, Style], Figures]] = {
    "single_choice": choice_states,
    "multiple_choice": multiple_states,
    "matrix": matrix_states,
    "number": number_states,
    "gap_register": gap_states,
}


def state_figures_for(result: StateResult, audience: Audience | None = None, *, big: bool = False,
                      scale: float = 1.0, phone: bool = False) -> Figures:
    """(caption, figure) pairs for one state question as `audience` may see it; [] when nobody answered
    it. Raw findings go through `gapmap.privacy.visible_states` first; a view is drawn as it is.
    `big`: the projector's sizes, multiplied by `scale` (the screen's height / 1080). `phone`: the
    phone layout (a delegate's revealed results; the page writes the question above the figures)."""
    kind = result.question.type
    if kind not in STATE_CHARTS:
        raise TypeError(f"A {kind} question does not count by State: draw it with gapmap.charts.figures_for.")
    if not isinstance(result.question, VisibleQuestion):
        if audience is None:
            raise TypeError("Raw State findings need an audience: gapmap.privacy decides which States may be named.")
        result = visible_states({result.question.id: result}, audience)[result.question.id]
    if not result.question.respondents:
        return []
    return STATE_CHARTS[kind](result, Style(big, scale if big else 1.0, phone))
