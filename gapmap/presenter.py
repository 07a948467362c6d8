"""Presenter mode: what the room's screen shows for an event, and the slides it steps through.

The presenter console (a facilitator's laptop) writes one row per event (`db.models.ProjectorSlide`);
the projector page reads it about every second (a primary-key read) and draws that slide. Moving a
slide on either page writes the row, so the other follows.

| View       | The projector shows                                                  |
|------------|----------------------------------------------------------------------|
| `question` | slide `slide_index` of the agenda session's deck (see `deck`)          |
| `join`     | the join screen: QR code, link and code                               |
| `blank`    | nothing (a dark screen)                                               |

A **deck** is the slides of one agenda session, built from its results as the projector's audience
may see them (a `gapmap.privacy` view): per question, one slide per chart, and a chart with more
rows than fit one screen is split over several slides ("rows 1–5 of 13"); a text question shows its
newest answers that fit ("10 of 20 answers, newest first"). The deck depends on the data only, never
on the screen's size, so the console and the projector agree on slide numbers; the sizes of what is
drawn scale with the screen (`gapmap.charts.Style`).

Plain Python: no Streamlit here (the pages draw; this module decides and writes).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from db.engine import read_session, write_session
from db.models import AgendaSession, ProjectorSlide, utcnow
from gapmap.privacy import VisibleQuestion, VisibleResults

VIEWS = ("question", "join", "blank")
VIEW_LABELS = {"question": "Results", "join": "Join screen", "blank": "Blank"}
TEXT_TYPES = ("short_text", "long_text")

#: A chart slide holds rows whose labels add up to this many lines (each row counts its label's
#: lines plus one for the gap between bars), drawn for a 1920 × 1080 slide and scaled with the screen.
ROW_LINES = 16
#: A text slide holds the newest answers that add up to this many lines, at most `TEXT_MAX`;
#: an answer counts its lines (`TEXT_LINE` characters each, at most `TEXT_CLAMP`) plus one.
TEXT_LINES = 40
TEXT_LINE = 56
TEXT_CLAMP = 5
TEXT_MAX = 14


class PresenterError(ValueError):
    """A change the presenter console cannot make (an unknown view, another event's session)."""


# --- what the screen shows ------------------------------------------------------------------------

@dataclass(frozen=True)
class Showing:
    """The projector's slide for one event (the row, or what it would be without one)."""

    event_id: int
    agenda_session_id: int | None
    view: str = "question"
    slide_index: int = 0
    updated_at: datetime | None = None
    updated_by: str = ""

    @property
    def key(self) -> tuple:
        """What the screen shows, for telling a change (who changed it and when are left out)."""
        return self.agenda_session_id, self.view, self.slide_index


def _showing(row: ProjectorSlide) -> Showing:
    return Showing(row.event_id, row.agenda_session_id, row.view, row.slide_index, row.updated_at, row.updated_by)


def _first_session(db, event_id: int) -> int | None:
    """The session a screen opens on: the first open one of the agenda, else the first."""
    rows = db.exec(select(AgendaSession.id, AgendaSession.state).where(AgendaSession.event_id == event_id)
                   .order_by(AgendaSession.day, AgendaSession.position)).all()
    return next((i for i, state in rows if state == "open"), rows[0][0] if rows else None)


def current(engine: Engine, event_id: int) -> Showing:
    """What the event's screen shows now: one primary-key read (two while nothing was chosen yet)."""
    with read_session(engine) as db:
        row = db.get(ProjectorSlide, event_id)
        if row is not None and row.agenda_session_id is not None:
            return _showing(row)
        first = _first_session(db, event_id)
        if row is None:
            return Showing(event_id, first)
        return Showing(event_id, first, row.view, 0, row.updated_at, row.updated_by)


def _write(engine: Engine, event_id: int, change) -> Showing:
    """Read the row, let `change(row)` update it and store it, in one write transaction."""
    def once() -> Showing:
        with write_session(engine) as db:
            row = db.get(ProjectorSlide, event_id)
            if row is None:
                row = ProjectorSlide(event_id=event_id, agenda_session_id=_first_session(db, event_id))
            elif row.agenda_session_id is None:
                row.agenda_session_id, row.slide_index = _first_session(db, event_id), 0
            change(db, row)
            row.updated_at = utcnow()
            db.add(row)
            db.flush()
            return _showing(row)

    try:
        return once()
    except IntegrityError:  # two first writes created the row at once: it exists now
        return once()


def show(engine: Engine, event_id: int, *, actor: str, agenda_session_id: int | None = None,
         view: str | None = None, slide_index: int | None = None) -> Showing:
    """Show another session (its first slide, unless `slide_index` says otherwise), view or slide.
    Arguments left as None keep what the screen shows."""
    if view is not None and view not in VIEWS:
        raise PresenterError(f"Unknown view {view!r}: the projector shows one of {', '.join(VIEWS)}.")
    if slide_index is not None and slide_index < 0:
        raise PresenterError(f"A slide number starts at 0, not {slide_index}.")

    def change(db, row: ProjectorSlide) -> None:
        if agenda_session_id is not None and agenda_session_id != row.agenda_session_id:
            agenda_session = db.get(AgendaSession, agenda_session_id)
            if agenda_session is None or agenda_session.event_id != event_id:
                raise PresenterError("That agenda session is not part of this event.")
            row.agenda_session_id, row.slide_index = agenda_session_id, 0
        if view is not None:
            row.view = view
        if slide_index is not None:
            row.slide_index = slide_index
        row.updated_by = actor[:20]

    return _write(engine, event_id, change)


def step(engine: Engine, event_id: int, by: int, *, count: int, actor: str) -> Showing:
    """Move `by` slides (+1 next, -1 previous) in a deck of `count` slides, wrapping around at
    either end. On the join screen or a blank screen, the first key brings the slides back first."""
    def change(_db, row: ProjectorSlide) -> None:
        if row.view != "question":
            row.view = "question"
        else:
            row.slide_index = (min(row.slide_index, max(count - 1, 0)) + by) % max(count, 1)
        row.updated_by = actor[:20]

    return _write(engine, event_id, change)


# --- the deck ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slide:
    """One screen of a session's deck."""

    question_id: str
    title: str  # the question
    kind: str  # "chart", "text" (the newest answers), "empty" (nobody answered), "withheld" (fewer than k)
    number: int  # the question's number in the deck, from 1
    questions: int  # questions in the deck
    figure: int = 0  # which of the question's charts ("chart")
    figures: int = 1
    rows: tuple[int, int] | None = None  # the chart's rows shown (start, stop), None: all of them
    total_rows: int = 0
    texts: int = 0  # answers shown ("text")
    total_texts: int = 0

    @property
    def where(self) -> str:
        """'Question 3 of 11 · chart 2 of 2 · rows 1–5 of 13'."""
        parts = [f"Question {self.number} of {self.questions}"]
        if self.figures > 1:
            parts.append(f"chart {self.figure + 1} of {self.figures}")
        if self.rows is not None:
            parts.append(f"rows {self.rows[0] + 1}–{self.rows[1]} of {self.total_rows}")
        return " · ".join(parts)

    @property
    def shown(self) -> str:
        """A text slide's one count: '10 of 20 answers, newest first'."""
        noun = "answer" if self.total_texts == 1 else "answers"
        if self.texts == self.total_texts:
            return f"{self.total_texts} {noun}, newest first"
        return f"{self.texts} of {self.total_texts} {noun}, newest first"


def row_labels(figure) -> list[str]:
    """The rows of a chart drawn in rows (horizontal bars, heatmaps, dots per State), top first;
    [] for other charts (a single diverging bar counts one row, a box plot none)."""
    labels: list[str] = []
    for trace in figure.data:
        kind = trace.type
        if kind == "bar" and trace.orientation != "h":
            continue
        if kind not in ("bar", "heatmap", "scatter") or trace.y is None:
            continue
        if kind == "scatter" and not all(isinstance(y, str) for y in trace.y):
            continue
        labels += [y for y in trace.y if y not in labels]
    return labels


def _lines(label: str) -> int:
    return str(label).count("<br>") + 1


def pages(labels: list[str], budget: int = ROW_LINES) -> list[tuple[int, int]]:
    """Split a chart's rows into as few slides as hold them, as even as possible: [(start, stop)]."""
    n = len(labels)
    costs = [_lines(label) + 1 for label in labels]
    if sum(costs) <= budget:
        return [(0, n)]
    count = min(n, max(2, math.ceil(sum(costs) / budget)))
    while True:
        sizes = [n // count + (1 if i < n % count else 0) for i in range(count)]  # differ by one at most
        ends = [sum(sizes[:i + 1]) for i in range(count)]
        spans = list(zip([0, *ends[:-1]], ends))
        if all(sum(costs[a:b]) <= budget for a, b in spans) or count >= n:
            return spans
        count += 1


def answers_shown(texts: list[str]) -> int:
    """How many of the newest answers fit one text slide (at least one)."""
    used, shown = 0, 0
    for text in texts[:TEXT_MAX]:
        cost = min(TEXT_CLAMP, max(1, math.ceil(len(text) / TEXT_LINE))) + 1
        if shown and used + cost > TEXT_LINES:
            break
        used, shown = used + cost, shown + 1
    return shown


def visible_texts(q: VisibleQuestion) -> list[str]:
    """A text question's answers that may be shown, newest first (hidden ones left out)."""
    items = getattr(q.result, "items", None) or []
    return [i.text for i in items if not i.hidden]


def deck(view: VisibleResults | None, figures: dict[str, list]) -> list[Slide]:
    """The slides of a session, in question order. `figures` maps each question id to the charts the
    projector draws for it ((caption, figure) pairs: the State charts for questions that count by
    State); the charts' rows decide how many slides a chart needs. Unanswered optional text questions
    are left out; other unanswered questions keep a slide that says so."""
    if view is None:
        return []
    questions = [q for q in view.questions if q.type not in TEXT_TYPES or q.respondents]
    slides: list[Slide] = []
    for number, q in enumerate(questions, start=1):
        common = dict(question_id=q.id, title=q.text, number=number, questions=len(questions))
        if view.withheld:
            slides.append(Slide(kind="withheld", **common))
            continue
        mine: list[Slide] = []
        texts = visible_texts(q) if q.type in TEXT_TYPES else []
        if texts:
            mine.append(Slide(kind="text", texts=answers_shown(texts), total_texts=len(texts), **common))
        charts = figures.get(q.id, []) if q.respondents else []
        for index, (_, figure) in enumerate(charts):
            labels = row_labels(figure)
            spans = pages(labels)
            if texts:  # the most frequent words and tags of a text question: the top ones say it
                spans = spans[:1]
            for span in spans:
                mine.append(Slide(kind="chart", figure=index, figures=len(charts),
                                  rows=None if span == (0, len(labels)) else span, total_rows=len(labels),
                                  **common))
        slides += mine or [Slide(kind="empty", **common)]
    return slides


def clamp(index: int, count: int) -> int:
    """The slide a stored index points at in a deck of `count` (a deck that shrank shows its last)."""
    return min(max(index, 0), max(count - 1, 0))
