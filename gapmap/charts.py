"""Plotly figures for the consolidated results of one question, readable on a projector, a laptop
and (`phone=True`, a delegate's revealed results) a 390-px phone.

`figures_for(question, audience)` returns (caption, figure) pairs; the page draws them (and the
text walls). The charts draw a `gapmap.privacy` view of the question, never the raw results: its
by-country breakdowns hold only the countries this audience may see, so under Chatham House, or
while every country has fewer than k respondents, the charts fall back to regional figures.

Conventions: horizontal bars are listed largest first in the trace data and drawn top to bottom
(reversed y axis); colours are colour-blind safe (Okabe-Ito, a vermillion-grey-blue diverging
list for agreement scales, Cividis for heatmaps).

The phone layout (`Style(phone=True)`) is drawn for the narrowest plot a phone gives it
(`PHONE_PLOT_WIDTH`) and stays readable when wider: each bar has its label written above it (no
label column eating the width), its count just past its end and inside the figure at any width,
one figure per question whose height follows its rows; numbered columns where a table is wider
than a phone (the caption gives the key); vertical legends; nothing to zoom or drag.
"""
from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass
from typing import Callable

import plotly.graph_objects as go
from plotly.colors import hex_to_rgb, n_colors

from gapmap.aggregation import NO_VIEW, OptionCount, QuestionResult
from gapmap.privacy import Audience, VisibleQuestion, visible_question

#: Okabe & Ito (2008): black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
PALETTE = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
#: Agreement scales, strongest disagreement first: vermillion/orange, grey in the middle, blues.
DIVERGING = ["#D55E00", "#E69F00", "#F3CB8B", "#BBBBBB", "#A6D4F2", "#56B4E9", "#0072B2"]
NEUTRAL = DIVERGING[3]
#: Heatmaps: scores 0..1 (perceptually uniform, readable with any colour vision) and counts (0 = white).
SEQUENTIAL = "Cividis"
COUNTS = "Blues"
BAR = PALETTE[5]

Figures = list[tuple[str, go.Figure]]


@dataclass(frozen=True)
class Style:
    """Sizes for a laptop (default) or the projector (big). The projector's sizes are drawn for a
    1920 × 1080 slide and multiplied by `scale` (the screen's height / 1080), so a 1280 × 720 screen
    shows the same slide, smaller; at 1080 px every text is at least 24 px."""

    big: bool = False
    scale: float = 1.0
    #: A phone's layout (a delegate's revealed results): labels above the bars, sizes for 360-430 px.
    phone: bool = False

    def __post_init__(self) -> None:
        if self.big and self.phone:
            raise ValueError("A figure is drawn for the projector or for a phone, not both.")

    def px(self, value: float) -> int:
        """A length of the projector's 1080-px design at this screen's scale (laptop sizes stay as they are)."""
        return round(value * self.scale) if self.big else round(value)

    @property
    def font(self) -> int:
        return self.px(25) if self.big else 15

    @property
    def bar_text(self) -> int:
        return self.px(24) if self.big else 15 if self.phone else 14

    @property
    def title_width(self) -> int:
        return 110 if self.big else 70

    @property
    def label_width(self) -> int:
        return 34 if self.big else PHONE_LABEL_WIDTH if self.phone else 40


# --- layout helpers -------------------------------------------------------------------------

def wrap(text: str, width: int) -> str:
    """Break a long label into lines of about `width` characters for plotly (<br>)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def wrap_lines(text: str, width: int) -> str:
    """`wrap` each line of a text (its lines split by newlines)."""
    return "<br>".join(wrap(line, width) for line in text.split("\n") if line)


def _lines(label: str) -> int:
    return label.count("<br>") + 1


def _figure(q: QuestionResult, style: Style, data: list, *, labels: list[str] = (), rows: int = 1,
            axis_on_top: bool = False, legend_rows: int = 0, xaxis: dict | None = None, yaxis: dict | None = None,
            count: str = "", **layout) -> go.Figure:
    """One figure, built in one go: title (question + "n = N respondents", or `count`: what else it
    counts, such as "n = 12 States present"), fonts, white background, a height that gives every row
    (bar, heatmap row) room for its wrapped label, margins for the labels."""
    people = "respondent" if q.respondents == 1 else "respondents"
    title = f"{wrap(q.text, style.title_width)}<br>{count or f'n = {q.respondents} {people}'}"
    top = int(_lines(title) * (style.font + 4) * 1.3) + style.px(30) + (2 * style.font if axis_on_top else 0)
    bottom = style.px(70) + int(legend_rows * style.font * 1.6)
    longest = max((len(line) for label in labels for line in label.split("<br>")), default=0)
    left = max(style.px(60), int(longest * style.font * 0.55) + style.px(30))
    per_row = int(max((_lines(label) for label in labels), default=1) * style.font * 1.3 + style.font)
    height = top + bottom + style.px(20) + max(rows, 1) * per_row
    base = dict(
        # Anchored at its first line (plotly places multi-line titles by their first line).
        title=dict(text=title, x=0, xanchor="left", xref="container", pad=dict(l=10), yref="container",
                   yanchor="top", y=1 - (style.font + style.px(16)) / height, font=dict(size=style.font + 4)),
        font=dict(size=style.font), paper_bgcolor="white",
        plot_bgcolor="white",
        height=height, margin=dict(l=left, r=style.px(40), t=top, b=bottom),
        legend=dict(font=dict(size=style.font), orientation="h", x=0, xanchor="left", yref="container", y=0,
                    yanchor="bottom", traceorder="normal"),
        xaxis=dict(automargin=True, **(xaxis or {})), yaxis=dict(automargin=True, **(yaxis or {})),
    )
    return go.Figure(data=data, layout={**base, **layout})


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _percent_axis(lo: int, hi: int, title: str) -> dict:
    ticks = list(range(lo, hi + 1, 25))
    return dict(range=[lo, hi], tickvals=ticks, ticktext=[f"{abs(t)}%" for t in ticks], title=title)


def _hbar(q: QuestionResult, style: Style, labels: list[str], values: list[float], texts: list[str], *,
          colour: str = BAR, x_title: str = "", xaxis: dict | None = None, inline: bool = False) -> go.Figure:
    """Horizontal bars in the given order, first on top, with a text label beside each bar (`inline`:
    single words, which a phone writes beside their bars rather than above them)."""
    if style.phone:
        return phone_hbar(q, style, labels, values, texts, colour=colour, inline=inline)
    wrapped = [wrap(label, style.label_width) for label in labels]
    bar = go.Bar(x=values, y=wrapped, orientation="h", text=texts, textposition="outside", cliponaxis=False,
                 marker_color=colour, textfont=dict(size=style.bar_text), hovertemplate="%{y}: %{text}<extra></extra>")
    top = max(values, default=0) or 1
    axis = xaxis or dict(title=x_title, range=[0, top * 1.35])
    return _figure(q, style, [bar], labels=wrapped, rows=len(wrapped),
                   xaxis=dict(showgrid=True, gridcolor="#E5E5E5", **axis),
                   yaxis=dict(autorange="reversed", type="category"))


def _counts(q: QuestionResult, style: Style, options: list[OptionCount], **kwargs) -> go.Figure:
    """Bars of counts, largest first, labelled "12 (35%)"."""
    ordered = sorted(options, key=lambda o: -o.count)
    return _hbar(q, style, [o.label for o in ordered], [o.count for o in ordered],
                 [f"{o.count} ({o.share:.0%})" for o in ordered], **kwargs)


def _side(colours: list[str], k: int) -> list[str]:
    """k colours from strongest to mildest, interpolating when the scale is longer than the list."""
    if k <= len(colours):
        return colours[:k]
    steps = n_colors(hex_to_rgb(colours[0]), hex_to_rgb(colours[-1]), k, colortype="tuple")
    return ["rgb({:.0f},{:.0f},{:.0f})".format(*rgb) for rgb in steps]


def _spread(colours: list[str], k: int) -> list[str]:
    """k colours spread evenly over the list, both ends included."""
    if k <= 1 or k > len(colours):
        return _side(colours, k)
    return [colours[round(i * (len(colours) - 1) / (k - 1))] for i in range(k)]


# --- the phone layout ------------------------------------------------------------------------

#: The narrowest plot the phone layout is drawn for: a 360-px phone's page column (the page and the
#: "Results so far" expander pad it by about 33 px a side) less the figure's margins. Everything is
#: placed so that it fits at this width; a wider screen only lengthens the bars.
PHONE_PLOT_WIDTH = 250
#: The figure's margins (px): room for the first and last tick label and for a label running past the bar.
PHONE_LEFT, PHONE_RIGHT = 14, 22
#: Characters per line: labels above the bars, notes under the labels, legend entries, column keys.
PHONE_LABEL_WIDTH, PHONE_NOTE_WIDTH, PHONE_LEGEND_WIDTH = 34, 40, 28
#: The phone's own sans-serif (San Francisco, Roboto, Segoe UI): narrower than Verdana, plotly's
#: choice on an iPhone, which has no Open Sans.
PHONE_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
#: A character's width in ems, on the wide side (DejaVu Sans, the widest fallback, has 0.64-em digits;
#: its lower-case letters average about 0.56 em).
CHAR_EM, WORD_EM = 0.64, 0.6
#: A bar's thickness, the space between a bar and the next label, a note's font, a table row (px).
PHONE_BAR, PHONE_ROW_GAP, NOTE_FONT, PHONE_CELL = 24, 14, 13, 30
#: Words this short (a text question's most frequent words) stand left of their bars on a phone.
PHONE_INLINE_LABEL = 15
#: Plotly's line height for multi-line text, in ems.
LINE = 1.3
INK, GREY_TEXT = "#222222", "#555555"
_TAGS = re.compile(r"<[^>]+>")


def text_px(text: str, size: float, em: float = CHAR_EM) -> float:
    """A generous estimate of a plotly text's width in px (its longest line, tags left out); `em`: a
    character's width (`CHAR_EM` for numbers, less for words)."""
    lines = _TAGS.sub("", text.replace("<br>", "\n")).split("\n")
    return max((len(line) for line in lines), default=0) * size * em


def reach(values: list[float], texts: list[str], size: float, *, top: float = 0,
          width: float = PHONE_PLOT_WIDTH) -> float:
    """The x-axis range for bars with their text just past their end: the shortest one (at least
    `top`) in which every bar and its text fit a plot `width` px wide, and so any wider plot."""
    end = max([top, *values]) or 1
    for value, text in zip(values, texts):
        room = width - text_px(text, size) - 8  # plotly leaves a few px between a bar and its text
        end = max(end, value * width / max(room, width / 4))
    return end


def ticks_every(top: float, most: int = 6) -> int:
    """A whole-number tick step that puts at most `most` + 1 ticks on 0..top (a phone's axis)."""
    return max(1, math.ceil(top / most))


def phone_legend(names: list[str]) -> list[str]:
    """Legend entries wrapped for the phone's vertical legend."""
    return [wrap(name, PHONE_LEGEND_WIDTH) for name in names]


def _legend_px(names: list[str], style: Style) -> int:
    """A vertical legend's height: an entry a row, each as tall as its lines, and its padding."""
    if not names:
        return 0
    return round(sum(max(_lines(name) * style.font * LINE, 20) + 5 for name in names) + 6)


def column_key(labels: list[str]) -> str:
    """The key to a phone table's numbered columns: "Columns: 1 = …; 2 = …." (plain text)."""
    return "Columns: " + "; ".join(f"{n} = {label}" for n, label in enumerate(labels, start=1)) + "."


def _phone_label(text: str, y: float, size: int, colour: str) -> dict:
    return dict(text=text, x=0, xref="paper", xanchor="left", y=y, yref="y", yanchor="top", align="left",
                showarrow=False, borderpad=0, font=dict(size=size, color=colour))


def phone_rows(labels: list[str], notes: list[str], style: Style) -> tuple[list[float], list[dict], int]:
    """Bars one under another in a plot measured in px from its top (a y axis of `range=[height, 0]`):
    each bar's label, and its note in smaller grey, written above it from the plot's left edge.
    Returns the bars' centres, the labels (annotations) and the plot's height."""
    line, note_line = style.font * LINE, NOTE_FONT * LINE
    centres, annotations, y = [], [], 0.0
    for i, label in enumerate(labels):
        note = notes[i] if i < len(notes) else ""
        y += PHONE_ROW_GAP if i else 0
        if label:
            annotations.append(_phone_label(label, y, style.font, INK))
            y += _lines(label) * line
        if note:
            annotations.append(_phone_label(note, y, NOTE_FONT, GREY_TEXT))
            y += _lines(note) * note_line
        y += 4
        centres.append(y + PHONE_BAR / 2)
        y += PHONE_BAR
    return centres, annotations, math.ceil(y) + 2


def phone_figure(q: QuestionResult, style: Style, data: list, *, plot_height: int, count: str = "",
                 ticks: bool = False, axis_title: str = "", legend: list[str] = (), left: int = PHONE_LEFT,
                 ticks_on_top: bool = False, headroom: int = 0, xaxis: dict | None = None,
                 yaxis: dict | None = None, annotations: list[dict] = (), **layout) -> go.Figure:
    """One phone figure: the count as its title ("n = 30 respondents"; the page writes the question above
    the figure, where it wraps at any width), a plot `plot_height` px high, the x axis's ticks below it
    (or on top) when `ticks`, a vertical legend of `legend` (wrapped names) at the bottom. The margins are
    fixed (nothing grows at a width the layout was not measured for); nothing zooms or drags."""
    people = "respondent" if q.respondents == 1 else "respondents"
    line = round(style.font * LINE) + 6
    top = line + 8 + headroom + (line if ticks and ticks_on_top else 0)
    bottom = ((line if ticks and not ticks_on_top else 4) + (line if axis_title else 0)
              + _legend_px(list(legend), style))
    height = top + plot_height + bottom
    title = dict(text=axis_title, standoff=6) if axis_title else None
    base = dict(
        title=dict(text=count or f"n = {q.respondents} {people}", x=0, xanchor="left", xref="container",
                   pad=dict(l=PHONE_LEFT), yref="container", yanchor="top", y=1 - 6 / height,
                   font=dict(size=style.font, color=GREY_TEXT)),
        font=dict(size=style.font, family=PHONE_FONT, color=INK), paper_bgcolor="white", plot_bgcolor="white",
        height=height, margin=dict(l=left, r=PHONE_RIGHT, t=top, b=bottom, pad=0, autoexpand=False),
        dragmode=False, showlegend=bool(legend),
        legend=dict(orientation="v", x=0, xanchor="left", xref="container", y=0, yanchor="bottom",
                    yref="container", font=dict(size=style.font), traceorder="normal", itemclick=False,
                    itemdoubleclick=False, maxheight=1),  # plotly cuts a legend at half the figure by default
        xaxis=dict(fixedrange=True, automargin=False, showticklabels=ticks, title=title,
                   side="top" if ticks_on_top else "bottom", **(xaxis or {})),
        yaxis=dict(fixedrange=True, automargin=False, **(yaxis or {})),
        annotations=list(annotations),
    )
    return go.Figure(data=data, layout={**base, **layout})


def phone_hbar(q: QuestionResult, style: Style, labels: list[str], values: list[float], texts: list[str], *,
               colour: str = BAR, markers: list[dict] | None = None, notes: list[str] = (), count: str = "",
               top: float = 0, inline: bool = False) -> go.Figure:
    """Bars one under another, each with its label (and note) above it and its count just past its end,
    in an x range (`reach`) that keeps every count inside the figure at the narrowest phone. `top`:
    the longest bar's length at least (12 of 12 States present: the full width). `markers`: one per
    bar (a hatched split, say), else all in `colour`. `inline`: single words (a text question's most
    frequent words) stand left of their bars instead, which keeps fifteen of them short."""
    markers = markers or [dict(color=colour)] * len(values)
    if inline and max((len(label) for label in labels), default=0) <= PHONE_INLINE_LABEL:
        step = PHONE_BAR + PHONE_ROW_GAP // 2
        centres, annotations, plot_height = [step * (i + 0.5) for i in range(len(labels))], [], step * len(labels)
        left = PHONE_LEFT + round(max((text_px(label, style.font, WORD_EM) for label in labels), default=0)) + 6
        yaxis = dict(range=[plot_height, 0], tickvals=centres, ticktext=labels, showgrid=False, zeroline=False,
                     ticklen=0, ticklabelstandoff=6)
        width = PHONE_PLOT_WIDTH + PHONE_LEFT - left
    else:
        wrapped = [wrap(label, PHONE_LABEL_WIDTH) for label in labels]
        centres, annotations, plot_height = phone_rows(wrapped, [wrap_lines(n, PHONE_NOTE_WIDTH) for n in notes],
                                                       style)
        left, yaxis, width = PHONE_LEFT, dict(range=[plot_height, 0], visible=False), PHONE_PLOT_WIDTH
    # a bar each (its own marker); a bar of 0 has no outline, which would show as a sliver of colour
    data = [go.Bar(x=[value], y=[centre], width=PHONE_BAR, orientation="h", text=[text], textposition="outside",
                   cliponaxis=False, marker=marker if value else {**marker, "line": dict(width=0)},
                   textfont=dict(size=style.bar_text), showlegend=False, customdata=[label],
                   hovertemplate="%{customdata}: %{text}<extra></extra>")
            for label, value, text, centre, marker in zip(labels, values, texts, centres, markers)]
    return phone_figure(q, style, data, plot_height=plot_height, count=count, annotations=annotations, left=left,
                        barmode="overlay",
                        xaxis=dict(range=[0, reach(values, texts, style.bar_text, top=top, width=width)],
                                   visible=False),
                        yaxis=yaxis)


def phone_stacked(q: QuestionResult, style: Style, labels: list[str],
                  segments: list[tuple[str, list[float], dict, list[str]]], *, end: float, axis: dict,
                  axis_title: str, count: str = "", notes: list[str] = ()) -> go.Figure:
    """Stacked bars one under another, each with its label above it; `segments` are (name, values,
    marker, texts), drawn in order. A segment's text is written inside it where it fits at the bars'
    font, else left out (plotly's uniformtext), never shrunk to an unreadable size; the legend names
    every segment, one a row."""
    wrapped = [wrap(label, PHONE_LABEL_WIDTH) for label in labels]
    centres, annotations, plot_height = phone_rows(wrapped, [wrap_lines(n, PHONE_NOTE_WIDTH) for n in notes], style)
    names = phone_legend([name for name, _, _, _ in segments])
    data = [go.Bar(x=values, y=centres, width=PHONE_BAR, orientation="h", name=legend, legendrank=rank + 1,
                   marker=marker, text=texts, textposition="inside", insidetextanchor="middle", textangle=0,
                   textfont=dict(size=style.bar_text), customdata=[name] * len(values),
                   hovertemplate="%{customdata}: %{x}<extra></extra>")
            for rank, ((name, values, marker, texts), legend) in enumerate(zip(segments, names))]
    return phone_figure(q, style, data, plot_height=plot_height, count=count, annotations=annotations,
                        ticks=True, axis_title=axis_title, legend=names, barmode="stack",
                        uniformtext=dict(minsize=style.bar_text, mode="hide"),
                        xaxis=dict(range=[0, end], showgrid=False, zeroline=False, **axis),
                        yaxis=dict(range=[plot_height, 0], visible=False))


def phone_table(q: QuestionResult, style: Style, heatmap: go.Heatmap, rows: list[str], *, count: str = "",
                legend: list[str] = (), data: list = ()) -> go.Figure:
    """A heatmap as a phone table: `rows` (short names, such as ISO codes) down the left, numbered
    columns on top (the caption gives the key: `column_key`), a row `PHONE_CELL` px high."""
    left = PHONE_LEFT + round(max((text_px(r, style.font) for r in rows), default=0)) + 4
    return phone_figure(q, style, [heatmap, *data], plot_height=len(rows) * PHONE_CELL, count=count, left=left,
                        ticks=True, ticks_on_top=True, legend=legend,
                        xaxis=dict(type="category", showgrid=False),
                        yaxis=dict(type="category", autorange="reversed", showgrid=False, ticklen=0,
                                   ticklabelstandoff=4))


# --- one function per chart kind ------------------------------------------------------------

def choice_chart(q: VisibleQuestion, style: Style) -> Figures:
    many = " (several answers allowed, so shares add up to more than 100%)" if q.type == "multiple_choice" else ""
    return [(f"Respondents per option, share of the {q.respondents} respondents{many}.",
             _counts(q, style, q.result.options, x_title="Respondents"))]


def likert_chart(q: VisibleQuestion, style: Style) -> Figures:
    """One diverging bar: disagreement left of zero, agreement right, a neutral middle split across zero."""
    r = q.result
    rated = sum(p.count for p in r.points)
    if not rated:
        return []
    n, half = len(r.points), len(r.points) // 2
    neutral = n % 2 == 1
    colours = (_side(DIVERGING[:3], half) + ([NEUTRAL] if neutral else [])
               + _side(DIVERGING[4:][::-1], half)[::-1])
    pct = [100 * p.count / rated for p in r.points]
    labels = {p.id: p.label for p in r.points}
    median = (f"Median: {labels.get(r.median, r.median)} ({r.median} on {r.points[0].id}–{r.points[-1].id})"
              if r.median is not None else "")
    na = f"{r.na} of {q.respondents} ({r.na / q.respondents:.0%}) answered N/A"
    caption = " · ".join(part for part in (median, na) if part)
    if style.phone:  # a bar per point of the scale, in its order: a diverging bar's % would not fit a phone
        return [(caption, phone_hbar(q, style, [p.label for p in r.points], [p.count for p in r.points],
                                     [f"{p.count} ({pct[i]:.0f}%)" for i, p in enumerate(r.points)],
                                     markers=[dict(color=c) for c in colours]))]

    def segment(i: int, x: float, *, text: bool = True, legend: bool = True) -> go.Bar:
        p = r.points[i]
        return go.Bar(x=[x], y=[""], orientation="h", name=p.label, legendgroup=p.id, legendrank=i + 1,
                      showlegend=legend, marker_color=colours[i],
                      text=[f"{pct[i]:.0f}%" if text and pct[i] >= 5 else ""],
                      textposition="inside", insidetextanchor="middle", textfont=dict(size=style.bar_text),
                      hovertemplate=f"{p.label}: {p.count} ({pct[i]:.0f}%)<extra></extra>")

    # Bars stack outwards from zero in the order they are given: the middle first.
    data = ([segment(half, -pct[half] / 2, text=False, legend=False), segment(half, pct[half] / 2, text=False)]
            if neutral else [])
    data += [segment(i, -pct[i]) for i in range(half - 1, -1, -1)]
    data += [segment(i, pct[i]) for i in range(n - half, n)]
    fig = _figure(q, style, data, rows=2, legend_rows=1 + n // 4, barmode="relative",
                  xaxis=dict(zeroline=True, zerolinecolor="#444444",
                             **_percent_axis(-100, 100, "Share of rated answers")),
                  yaxis=dict(showticklabels=False))
    if neutral and pct[half] >= 5:  # the neutral share, centred on zero across its two halves
        fig.add_annotation(x=0, y=0, text=f"{pct[half]:.0f}%", showarrow=False, font=dict(size=style.bar_text))
    return [(caption, fig)]


def ranking_chart(q: VisibleQuestion, style: Style) -> Figures:
    r = q.result
    rows = sorted(r.rows, key=lambda row: (-row.borda, -row.firsts))
    if style.phone:  # the score past the bar, the first places under the label
        fig = phone_hbar(q, style, [row.label for row in rows], [row.borda for row in rows],
                         [f"{row.borda} pts" for row in rows], notes=[f"{row.firsts}× first" for row in rows])
    else:
        fig = _hbar(q, style, [row.label for row in rows], [row.borda for row in rows],
                    [f"Borda {row.borda} · {row.firsts}× first" for row in rows], x_title="Borda score")
    second = f", 2nd {r.top_n - 1}" if r.top_n > 1 else ""
    caption = (f"Borda score: a 1st place earns {r.top_n} point{'s' if r.top_n > 1 else ''}{second}, … "
               f"summed over all respondents; \"× first\" counts first places.")
    return [(caption, fig)]


def _heatmap(q: QuestionResult, style: Style, heatmap: go.Heatmap, labels: list[str]) -> go.Figure:
    return _figure(q, style, [heatmap], labels=labels, rows=len(labels), axis_on_top=True,
                   xaxis=dict(type="category", side="top"), yaxis=dict(type="category", autorange="reversed"))


def _matrix_shares(q: QuestionResult, style: Style) -> go.Figure:
    """A 100% stacked bar per row: how all respondents answered, no country named."""
    r = q.result
    labels = [wrap(row.label, style.label_width) for row in r.rows]
    viewed = [o for o, _ in r.scale if o not in NO_VIEW]
    colour = dict(zip(viewed, _spread([PALETTE[5], PALETTE[2], PALETTE[1], PALETTE[6]], len(viewed))))
    totals = [sum(row.counts.values()) or 1 for row in r.rows]
    if style.phone:
        segments = []
        for option, name in r.scale:
            shares = [100 * row.counts.get(option, 0) / total for row, total in zip(r.rows, totals)]
            segments.append((name, shares, dict(color=colour.get(option, NEUTRAL), line=dict(color="white", width=1)),
                             [f"{s:.0f}%" if s else "" for s in shares]))
        return phone_stacked(q, style, [row.label for row in r.rows], segments, end=100,
                             axis=dict(tickvals=[0, 50, 100], ticktext=["0%", "50%", "100%"]),
                             axis_title="Share of respondents")
    data = []
    for rank, (option, name) in enumerate(r.scale):
        shares = [100 * row.counts.get(option, 0) / total for row, total in zip(r.rows, totals)]
        data.append(go.Bar(
            x=shares, y=labels, orientation="h", name=name, legendrank=rank + 1,
            marker_color=colour.get(option, NEUTRAL), text=[f"{s:.0f}%" if s >= 6 else "" for s in shares],
            textposition="inside", insidetextanchor="middle", textfont=dict(size=style.bar_text),
            hovertemplate=f"{name}: %{{x:.0f}}%<extra></extra>"))
    return _figure(q, style, data, labels=labels, rows=len(labels), legend_rows=len(r.scale), barmode="stack",
                   xaxis=_percent_axis(0, 100, "Share of respondents"),
                   yaxis=dict(type="category", autorange="reversed"))


def matrix_chart(q: VisibleQuestion, style: Style) -> Figures:
    """Respondents' answers per row as shares: never a score or a mean of the scale. Each State's
    position, and how far States converge, are the State view's (`gapmap.state_charts`)."""
    where = f"{q.no_breakdown}: shares" if q.no_breakdown and not q.no_breakdown.startswith("No country") else "Shares"
    return [(f"{where} of all respondents per row (counts respondents; count by State for each State's "
             "position).", _matrix_shares(q, style))]

def number_chart(q: VisibleQuestion, style: Style) -> Figures:
    """Every answer as a dot over a box plot, the median marked with its unit."""
    r = q.result
    if not r.values:
        return []
    unit = f" {r.unit}" if r.unit else ""
    box = go.Box(x=r.values, name="", orientation="h", boxpoints="all", jitter=0.4, pointpos=0,
                 marker=dict(color=PALETTE[5], size=style.px(14) if style.big else 7, opacity=0.7),
                 line=dict(color=PALETTE[0]), fillcolor="rgba(86,180,233,0.25)",
                 hovertemplate=f"%{{x}}{unit}<extra></extra>")
    median = dict(type="line", x0=r.median, x1=r.median, xref="x", y0=0, y1=1, yref="paper",
                  line=dict(color=PALETTE[6], width=3, dash="dash"))
    label = dict(x=r.median, xref="x", y=1, yref="paper", yanchor="bottom", showarrow=False,
                 text=f"Median {_number(r.median)}{unit}", font=dict(size=style.bar_text, color=PALETTE[6]))
    caption = (f"Each dot is one answer ({len(r.values)} in all); the box spans the middle half of the answers, "
               f"the dashed line marks the median.")
    if style.phone:  # the median's label runs inwards from its line, so it stays inside the figure
        lo, hi = min(r.values), max(r.values)
        label["xanchor"] = "left" if r.median <= (lo + hi) / 2 else "right"
        return [(caption, phone_figure(
            q, style, [box], plot_height=110, ticks=True, axis_title=r.unit or "Value", shapes=[median],
            annotations=[label], headroom=round(style.bar_text * LINE),
            xaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False),
            yaxis=dict(visible=False)))]
    fig = _figure(q, style, [box], rows=4, shapes=[median], annotations=[label],
                  xaxis=dict(title=r.unit or "Value", showgrid=True, gridcolor="#E5E5E5"),
                  yaxis=dict(showticklabels=False))
    return [(caption, fig)]


def text_chart(q: VisibleQuestion, style: Style) -> Figures:
    """Facilitators' tags and frequent words; the answers themselves are the page's text wall."""
    r = q.result
    figures = []
    if r.tags:
        figures.append(("Facilitators' tags on the visible answers (an answer may have several).",
                        _counts(q, style, r.tags, colour=PALETTE[7], x_title="Answers")))
    words = sorted(r.words, key=lambda w: -w[1])[:15]
    if words:
        figures.append(("The most frequent words of the visible answers (common words left out).",
                        _hbar(q, style, [w for w, _ in words], [c for _, c in words], [str(c) for _, c in words],
                              colour=PALETTE[2], x_title="Mentions", inline=True)))
    return figures


def gap_chart(q: VisibleQuestion, style: Style) -> Figures:
    """Where the gaps are (per country, or per gap type when countries are not named), severity, needs."""
    r = q.result
    figures = []
    countries = q.countries
    names = dict(r.gap_types)
    types = [g for g, _ in r.gap_types if any(r.by_country.get(c, {}).get(g) for c in countries)]
    if types and style.phone:  # a row per country, the gap types numbered (the caption's key)
        z = [[r.by_country.get(c, {}).get(g, 0) for g in types] for c in countries]
        fig = phone_table(q, style, go.Heatmap(
            z=z, x=[str(n) for n in range(1, len(types) + 1)], y=countries, colorscale=COUNTS, zmin=0, xgap=2,
            ygap=2, showscale=False, text=[[str(v) if v else "" for v in row] for row in z], texttemplate="%{text}",
            textfont=dict(size=style.bar_text), customdata=[[names[g] for g in types]] * len(countries),
            hovertemplate="%{y} · %{customdata}: %{z} gaps<extra></extra>"), countries)
        figures.append(("Gaps recorded per country (row) and gap type (numbered column; only gap types with at "
                        f"least one gap). {column_key([names[g] for g in types])}" + q.left_out, fig))
    elif types:
        z = [[r.by_country.get(c, {}).get(g, 0) for c in countries] for g in types]
        labels = [wrap(names[g], style.label_width) for g in types]
        fig = _heatmap(q, style, go.Heatmap(
            z=z, x=countries, y=labels, colorscale=COUNTS, zmin=0, xgap=2, ygap=2,
            text=[[str(v) if v else "" for v in row] for row in z], texttemplate="%{text}",
            textfont=dict(size=style.bar_text), colorbar=dict(title="Gaps"),
            hovertemplate="%{x} · %{y}: %{z} gaps<extra></extra>"), labels)
        figures.append(("Gaps recorded per country and gap type (only gap types with at least one gap)."
                        + q.left_out, fig))
    elif r.gap_totals:
        figures.append((f"Gaps per gap type, share of all {r.gaps} gaps recorded.",
                        _counts(q, style, r.gap_totals, x_title="Gaps")))
    if any(r.severity.values()) and style.phone:
        levels = sorted(r.severity)
        bar = go.Bar(x=[str(s) for s in levels], y=[r.severity[s] for s in levels],
                     text=[r.severity[s] for s in levels], textposition="outside", cliponaxis=False,
                     textfont=dict(size=style.bar_text),
                     marker_color=_side([DIVERGING[0], DIVERGING[2]], len(levels))[::-1])
        figures.append((f"How severe the {r.gaps} recorded gaps are (1 = minor, 3 = serious, 5 = critical).",
                        phone_figure(q, style, [bar], plot_height=140, ticks=True,
                                     axis_title="Severity (1 minor … 5 critical)", xaxis=dict(type="category"),
                                     yaxis=dict(visible=False, range=[0, max(r.severity.values()) * 1.3]))))
    elif any(r.severity.values()):
        levels = sorted(r.severity)
        bar = go.Bar(x=[str(s) for s in levels], y=[r.severity[s] for s in levels],
                     text=[r.severity[s] for s in levels], textposition="outside", cliponaxis=False,
                     textfont=dict(size=style.bar_text),
                     marker_color=_side([DIVERGING[0], DIVERGING[2]], len(levels))[::-1],  # 5 = darkest
                     hovertemplate="Severity %{x}: %{y} gaps<extra></extra>")
        figures.append((f"How severe the {r.gaps} recorded gaps are.", _figure(
            q, style, [bar], rows=6,
            xaxis=dict(type="category", title="Severity (1 = minor, 3 = serious, 5 = critical)"),
            yaxis=dict(title="Gaps", range=[0, max(r.severity.values()) * 1.25]))))
    if r.needs and style.phone:
        needs = sorted(r.needs, key=lambda n: (-n[2], -n[3]))
        figures.append(("Gaps per need for support, with the high-priority ones.", phone_hbar(
            q, style, [label for _, label, _, _ in needs], [gaps for _, _, gaps, _ in needs],
            [str(gaps) for _, _, gaps, _ in needs], notes=[f"{high} high priority" for _, _, _, high in needs],
            colour=PALETTE[3])))
    elif r.needs:
        needs = sorted(r.needs, key=lambda n: (-n[2], -n[3]))
        figures.append(("Gaps per need for support; high priority in brackets.",
                        _hbar(q, style, [label for _, label, _, _ in needs], [gaps for _, _, gaps, _ in needs],
                              [f"{gaps} ({high} high priority)" for _, _, gaps, high in needs],
                              colour=PALETTE[3], x_title="Gaps")))
    return figures


#: Question type -> chart function(question's privacy view, style) -> [(caption, figure)].
CHARTS: dict[str, Callable[[VisibleQuestion, Style], Figures]] = {
    "single_choice": choice_chart,
    "multiple_choice": choice_chart,
    "likert": likert_chart,
    "ranking": ranking_chart,
    "matrix": matrix_chart,
    "number": number_chart,
    "short_text": text_chart,
    "long_text": text_chart,
    "gap_register": gap_chart,
}


def figures_for(question: QuestionResult, audience: Audience | None, *, big: bool = False,
                scale: float = 1.0, phone: bool = False) -> Figures:
    """(caption, figure) pairs for one question as `audience` may see it; [] when nobody answered it
    (the page says so). A raw question goes through `gapmap.privacy` first; a view is drawn as it is.
    `big`: the projector's sizes, multiplied by `scale` (the screen's height / 1080). `phone`: the
    phone layout (a delegate's revealed results; the page writes the question above the figures)."""
    if not isinstance(question, VisibleQuestion):
        if audience is None:
            raise TypeError("Raw results need an audience: gapmap.privacy decides what they may show.")
        question = visible_question(question, audience)
    if not question.respondents or question.result is None:
        return []
    return CHARTS[question.type](question, Style(big, scale if big else 1.0, phone))
