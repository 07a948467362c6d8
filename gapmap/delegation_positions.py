"""The head of delegation's picture of one agenda session: per state question and per item (the
whole question, a matrix row, a multiple-choice option) the State's position computed from the
colleagues' submitted answers, the position the head cleared, and each colleague's answer.

Positions follow `gapmap.positions` (unanimous, split with the distribution, a no-view answer never
outvotes one, a cleared position overrides); here they are computed from one delegation's decoded
answers, which the head may see, rather than from the per-country counts of the whole session.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from db.models import ClearedPosition, Participant
from gapmap.aggregation import NO_VIEW
from gapmap.delegation import DelegationQuestion, delegation_view
from gapmap.positions import NOT_SELECTED, SELECTED, Cleared, Position, cleared_position, number_position, position_of
from questionnaires.schema import localise

NO_VIEW_KEY = "dont_know"  # a multiple choice's exclusive no-view option, counted as in gapmap.positions


@dataclass(frozen=True)
class ItemAnswer:
    delegate: str  # "Delegate 2 · Prosecution"
    answer: str  # the answer's label ("Covered expressly", "Selected", "12"), "No answer" when blank
    mine: bool = False


@dataclass
class ItemPosition:
    """The State's position on one question, matrix row or multiple-choice option."""

    item: str  # "" for a whole question, else a row or option id
    label: str  # the row's or option's text; "" for a whole question
    choices: list[tuple[str, str]]  # the answers a cleared position may take: (id, label); none for numbers
    computed: Position
    cleared: ClearedPosition | None
    answers: list[ItemAnswer]

    @property
    def position(self) -> Position:
        """What counts: the cleared position, else the computed one."""
        if self.cleared is None:
            return self.computed
        c = self.cleared
        return cleared_position(Cleared(c.country, c.question_id, c.item, c.position, c.number, c.note),
                                self.computed)

    @property
    def answered(self) -> bool:
        return self.computed.value is not None or self.computed.split

    def label_of(self, answer: str | None) -> str:
        known = dict(self.choices)
        if answer in known:
            return known[answer]
        return "Don't know" if answer == NO_VIEW_KEY else answer or ""


@dataclass
class QuestionPositions:
    question: Any  # questionnaires.schema question
    text: str
    items: list[ItemPosition] = field(default_factory=list)  # none for a gap register
    gaps: list[ItemAnswer] = field(default_factory=list)  # a gap register: each colleague's gaps, counted
    delegates: int = 0  # colleagues who answered the question

    @property
    def cleared(self) -> list[ItemPosition]:
        return [i for i in self.items if i.cleared is not None]


def _plain(value: float) -> str:
    return f"{value:g}"


def _choice_labels(options, language: str) -> list[tuple[str, str]]:
    return [(o.id, localise(o.label, language, language)) for o in options]


def _single(dq: DelegationQuestion, language: str) -> list[ItemPosition]:
    choices = _choice_labels(dq.question.options, language)
    names = dict(choices)
    answers = [ItemAnswer(a.delegate, names.get(a.value, str(a.value)), a.mine) for a in dq.answers]
    computed = position_of(Counter(a.value for a in dq.answers))
    return [ItemPosition("", "", choices, computed, dq.cleared.get(""), answers)]


def _multiple(dq: DelegationQuestion, language: str) -> list[ItemPosition]:
    """Per option: selected, not selected, or a no-view option (e.g. "Don't know") chosen instead."""
    q = dq.question
    options = _choice_labels(q.options, language)
    names = dict(options)
    no_view = {o.id for o in q.options if o.id in NO_VIEW or o.exclusive}
    choices = [(SELECTED, "Selected"), (NOT_SELECTED, "Not selected")]
    items = []
    for option, label in options:
        held, answers = Counter(), []
        for a in dq.answers:
            chosen = list(a.value or [])
            if option in chosen:
                value, text = SELECTED, "Selected"
            elif other := [o for o in chosen if o in no_view and o != option]:
                value, text = NO_VIEW_KEY, names.get(other[0], other[0])
            else:
                value, text = NOT_SELECTED, "Not selected"
            held[value] += 1
            answers.append(ItemAnswer(a.delegate, text, a.mine))
        items.append(ItemPosition(option, label, choices, position_of(held), dq.cleared.get(option), answers))
    return items


def _matrix(dq: DelegationQuestion, language: str) -> list[ItemPosition]:
    q = dq.question
    choices = _choice_labels(q.scale, language)
    names = dict(choices)
    items = []
    for row in q.rows:
        given = [(a, (a.value or {}).get(row.id)) for a in dq.answers]
        answers = [ItemAnswer(a.delegate, names.get(v, v) if v else "No answer", a.mine) for a, v in given]
        computed = position_of(Counter(v for _, v in given if v))
        items.append(ItemPosition(row.id, localise(row.text, language, language), choices, computed,
                                  dq.cleared.get(row.id), answers))
    return items


def _number(dq: DelegationQuestion, _language: str) -> list[ItemPosition]:
    values = [float(a.value) for a in dq.answers]
    answers = [ItemAnswer(a.delegate, _plain(float(a.value)), a.mine) for a in dq.answers]
    return [ItemPosition("", "", [], number_position(values), dq.cleared.get(""), answers)]


def _gaps(dq: DelegationQuestion) -> list[ItemAnswer]:
    out = []
    for a in dq.answers:
        n = len(a.value or [])
        out.append(ItemAnswer(a.delegate, f"{n} gap{'s' if n != 1 else ''}", a.mine))
    return out


ITEMS = {"single_choice": _single, "multiple_choice": _multiple, "matrix": _matrix, "number": _number}


def delegation_positions(engine: Engine, participant: Participant, agenda_session_id: int, *,
                         language: str = "en") -> list[QuestionPositions]:
    """For the head's State, per state question of the session: the positions item by item and each
    colleague's answer. Raises `DelegationError` for anyone but the head of the delegation."""
    out = []
    for dq in delegation_view(engine, participant, agenda_session_id):
        q = dq.question
        found = QuestionPositions(q, localise(q.text, language, language), delegates=len(dq.answers))
        if q.type == "gap_register":
            found.gaps = _gaps(dq)
        else:
            found.items = ITEMS[q.type](dq, language)
        out.append(found)
    return out


def describe(item: ItemPosition, *, computed: bool = False) -> tuple[str, str]:
    """(kind, text) of an item's position, for a badge and a line: kind is "cleared", "agreed",
    "split" or "none"; the text names the answer, or the distribution of a split. With `computed`,
    the position the delegates' answers give, whatever was cleared."""
    p = item.computed if computed else item.position
    if item.cleared is not None and not computed:
        return "cleared", _value_text(item, p)
    if p.split:
        if p.number is not None:
            return "split", f"median {_plain(p.number)} (range {_plain(p.low)}–{_plain(p.high)})"
        return "split", _distribution(item, p.distribution)
    if p.value is None:
        return "none", "No answer yet"
    text = _value_text(item, p)
    others = {a: n for a, n in p.distribution.items() if a != p.value}
    if others:  # a no-view answer beside the one held: shown, never outvoting
        text += f" (also {_distribution(item, others)})"
    return "agreed", text


def _distribution(item: ItemPosition, distribution: dict[str, int]) -> str:
    """'Covered expressly 2 · Partly 1', in the question's order of answers."""
    order = [c for c, _ in item.choices]
    ranked = sorted(distribution, key=lambda a: (order.index(a) if a in order else len(order), a))
    return " · ".join(f"{item.label_of(a)} {distribution[a]}" for a in ranked)


def _value_text(item: ItemPosition, p: Position) -> str:
    if p.number is not None and not item.choices:
        return _plain(p.number)
    return item.label_of(p.value)
