"""State positions: what each delegation's answers say about its State's law, and findings that
count States ("5 of 12 States"), never respondents, for the questions that count by State.

A delegation's **position** on a question (on a matrix row; on one option of a multiple choice):

| Delegates' answers                         | Position                                         |
|--------------------------------------------|--------------------------------------------------|
| all the same answer                        | that answer                                      |
| one answer, plus "don't know" / "n/a"      | that answer (a no-view answer never outvotes one) |
| different answers                          | **split**, with the distribution; no tie-break   |
| only no-view answers, all the same         | that no-view answer (counted apart, not as a view)|
| a number: all the same value               | that value; different values: split (median, range) |
| cleared by the head of delegation          | the cleared answer, marked cleared, with its note |
| nobody of the State answered               | no answer                                        |

A **finding** counts, per answer, the States holding it, the States split, and the States present
at the event that gave no answer, of N States present. Its convergence is the share of answering
States holding the most common position, named, ties kept as ties. Gap registers are merged per
State and gap type: a finding says how many States cite each gap type. Nothing here averages an
ordinal or categorical scale.

Everything is computed from the per-country counts of `gapmap.aggregation` (GROUP BY in SQL), so
a State's position costs a few dictionary look-ups. Privacy (who may see which State named) is
`gapmap.privacy`'s, applied to these results like to any other.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from db.delegations import agenda_session_row, cleared_rows, present_states
from db.engine import read_session
from gapmap.aggregation import (
    NO_VIEW,
    ChoiceResult,
    GapProfile,
    GapResult,
    MatrixResult,
    NumberResult,
    QuestionResult,
    Scope,
    SessionResults,
    gap_profiles,
)
from questionnaires.schema import localise

SELECTED, NOT_SELECTED = "selected", "not_selected"
SPLIT, NO_ANSWER = "split", "no_answer"


@dataclass(frozen=True)
class Cleared:
    """A position the head of a delegation cleared (see `db.models.ClearedPosition`)."""

    country: str
    question_id: str
    item: str  # a matrix row, a multiple-choice option, or ""
    position: str = ""  # an option id (or SELECTED / NOT_SELECTED)
    number: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Position:
    """One State's position on one finding."""

    value: str | None  # the answer held; None when split or not answered
    distribution: dict[str, int] = field(default_factory=dict)  # answer -> delegates
    delegates: int = 0  # delegates of the State who answered
    split: bool = False
    cleared: bool = False
    note: str = ""
    number: float | None = None  # numbers: the value held (or the delegation's median when split)
    low: float | None = None  # numbers: the delegation's range
    high: float | None = None

    @property
    def no_view(self) -> bool:
        return self.value in NO_VIEW


@dataclass
class StateCount:
    id: str
    label: str
    states: int  # States whose position this is


@dataclass
class Finding:
    """One question, matrix row or multiple-choice option, counted by State."""

    item: str  # "" for a whole question, else a matrix row, option or gap type id
    label: str
    positions: dict[str, Position]  # country -> position (answering States only)
    counts: list[StateCount]  # per answer, in the question's order (no-view answers last)
    split: int  # answering States whose delegates disagree
    no_answer: int  # States present with no answer
    present: int  # N: States present at the event (in scope)
    consensus: list[str] = field(default_factory=list)  # the most common position(s); several = a tie
    convergence: float | None = None  # share of answering States holding it

    @property
    def answering(self) -> int:
        return len(self.positions)

    def states(self, answer: str) -> int:
        return next((c.states for c in self.counts if c.id == answer), 0)


@dataclass
class GapFinding:
    """One gap type of a gap register, merged per State."""

    id: str
    label: str
    states: list[str]  # countries citing it (at least one delegate), as far as the audience may see them
    gaps: int  # gaps recorded of this type, all delegates
    mean_severity: float | None
    top_need: str | None  # label of the need named most for it (ties: "A / B")
    state_count: int = 0  # States citing it (all of them, named or not)


@dataclass
class StateResult:
    """A state question's findings (`findings`) or, for a gap register, `gaps`; numbers have
    positions with values and no counts per answer."""

    question: QuestionResult
    findings: list[Finding] = field(default_factory=list)
    gaps: list[GapFinding] = field(default_factory=list)
    present: int = 0


# --- one delegation's position -----------------------------------------------------------------

def position_of(distribution: dict[str, int]) -> Position:
    """The position that delegates' answers (answer -> delegates) give; see the module's table."""
    answers = {a: n for a, n in distribution.items() if n > 0}
    delegates = sum(answers.values())
    if not answers:
        return Position(None)
    viewed = [a for a in answers if a not in NO_VIEW]
    if len(viewed) == 1:
        return Position(viewed[0], answers, delegates)
    if not viewed and len(answers) == 1:
        return Position(next(iter(answers)), answers, delegates)
    return Position(None, answers, delegates, split=True)


def number_position(values: list[float]) -> Position:
    if not values:
        return Position(None)
    low, high = min(values), max(values)
    median = statistics.median(values)
    return Position(None if low != high else str(_plain(low)), {}, len(values), split=low != high,
                    number=median, low=low, high=high)


def _plain(value: float):
    return int(value) if float(value).is_integer() else value


def cleared_position(cleared: Cleared, computed: Position) -> Position:
    """A cleared position overrides the computed one; the delegates' answers stay visible."""
    if cleared.number is not None:
        return Position(str(_plain(cleared.number)), computed.distribution, computed.delegates, cleared=True,
                        note=cleared.note, number=cleared.number, low=computed.low, high=computed.high)
    return Position(cleared.position, computed.distribution, computed.delegates, cleared=True, note=cleared.note)


# --- findings ----------------------------------------------------------------------------------

def finding(item: str, label: str, per_country: dict[str, dict[str, int]], answers: list[tuple[str, str]],
            present: list[str], cleared: dict[tuple[str, str], Cleared], question_id: str) -> Finding:
    """Count States per answer for one question / row / option. `answers` is [(id, label)] in order."""
    positions = {}
    for country in sorted(set(per_country) | {c for c, i in cleared if i == item}):
        computed = position_of(per_country.get(country, {}))
        mark = cleared.get((country, item))
        if mark is not None and mark.question_id == question_id:
            computed = cleared_position(mark, computed)
        if computed.value is not None or computed.split:
            positions[country] = computed
    held = Counter(p.value for p in positions.values() if not p.split)
    known = [a for a, _ in answers]
    order = [a for a in known if a not in NO_VIEW] + [a for a in known if a in NO_VIEW]
    order += sorted(a for a in held if a not in known)  # answers an older version had
    labels = dict(answers)
    counts = [StateCount(a, labels.get(a, a), held.get(a, 0)) for a in order]
    split = sum(1 for p in positions.values() if p.split)
    answered_present = [c for c in present if c in positions]
    no_answer = len(present) - len(answered_present)
    viewed = {a: n for a, n in held.items() if a not in NO_VIEW}
    consensus, convergence = [], None
    if viewed:
        top = max(viewed.values())
        consensus = [a for a in order if viewed.get(a) == top]
        convergence = top / len(positions)
    return Finding(item, label, positions, counts, split, max(no_answer, 0), len(present), consensus, convergence)


def _cleared_for(question_id: str, cleared: list[Cleared]) -> dict[tuple[str, str], Cleared]:
    return {(c.country, c.item): c for c in cleared if c.question_id == question_id}


def _choice(q: QuestionResult, present, cleared, options: list[tuple[str, str]]) -> list[Finding]:
    result: ChoiceResult = q.result
    return [finding("", q.text, result.by_country, options, present, cleared, q.id)]


def _multiple(q: QuestionResult, present, cleared, options: list[tuple[str, str]],
              no_view_options: set[str]) -> list[Finding]:
    """Per option: selected by the delegation, not selected, or split; a delegate who answered only
    an exclusive "don't know" holds no view on the other options."""
    result: ChoiceResult = q.result
    findings = []
    for option, label in options:
        per_country = {}
        for country, answering in q.by_country_n.items():
            chosen = result.by_country.get(country, {})
            selected = chosen.get(option, 0)
            no_view = sum(chosen.get(o, 0) for o in no_view_options if o != option)
            per_country[country] = {SELECTED: selected, "dont_know": no_view,
                                    NOT_SELECTED: max(answering - selected - no_view, 0)}
        findings.append(finding(option, label, per_country, [(SELECTED, "Selected"), (NOT_SELECTED, "Not selected")],
                                present, cleared, q.id))
    return findings


def _matrix(q: QuestionResult, present, cleared) -> list[Finding]:
    result: MatrixResult = q.result
    return [finding(row.id, row.label, row.by_country, result.scale, present, cleared, q.id) for row in result.rows]


def _number(q: QuestionResult, present, cleared) -> list[Finding]:
    result: NumberResult = q.result
    positions = {}
    for country in sorted(set(result.by_country) | {c for c, _ in cleared}):
        computed = number_position(result.by_country.get(country, []))
        if (mark := cleared.get((country, ""))) is not None:
            computed = cleared_position(mark, computed)
        if computed.value is not None or computed.split:
            positions[country] = computed
    split = sum(1 for p in positions.values() if p.split)
    no_answer = sum(1 for c in present if c not in positions)
    return [Finding("", q.text, positions, [], split, no_answer, len(present))]


def _gaps(q: QuestionResult, profiles: list[GapProfile], need_labels: dict[str, str]) -> list[GapFinding]:
    result: GapResult = q.result
    mine = [p for p in profiles if p.question_id == q.id]
    findings = []
    for gap_type, label in result.gap_types:
        rows = [p for p in mine if p.gap_type == gap_type]
        states = sorted({c for c, types in result.by_country.items() if types.get(gap_type)})
        if not states:
            continue
        rated = [(p.severity, p.gaps) for p in rows if p.severity is not None]
        weight = sum(n for _, n in rated)
        needs = Counter()
        for p in rows:
            if p.need:
                needs[p.need] += p.gaps
        most = max(needs.values(), default=0)
        top = " / ".join(sorted(need_labels.get(n, n) for n, c in needs.items() if c == most)) if most else None
        gaps = sum(types.get(gap_type, 0) for types in result.by_country.values())
        findings.append(GapFinding(gap_type, label, states, gaps,
                                   sum(s * n for s, n in rated) / weight if weight else None, top, len(states)))
    findings.sort(key=lambda g: (-g.state_count, -g.gaps, g.label))
    return findings


def state_results(results: SessionResults, *, present: list[str], cleared: list[Cleared] = (),
                  gap_profiles: list[GapProfile] = ()) -> dict[str, StateResult]:
    """Question id -> its State findings, for every question of the session that counts by State.

    `present` are the States whose delegates joined the event (in scope); `cleared` the positions
    heads of delegation cleared for this session."""
    out = {}
    questionnaire = results.questionnaire
    for q in results.questions:
        spec = questionnaire.question(q.id)
        if counts_by(spec) != "state":
            continue
        mine = _cleared_for(q.id, list(cleared))
        state = StateResult(q, present=len(present))
        if q.type == "single_choice":
            state.findings = _choice(q, present, mine, [(o.id, _label(o.label, results)) for o in spec.options])
        elif q.type == "multiple_choice":
            no_view = {o.id for o in spec.options if o.id in NO_VIEW or o.exclusive}
            state.findings = _multiple(q, present, mine, [(o.id, _label(o.label, results)) for o in spec.options],
                                       no_view)
        elif q.type == "matrix":
            state.findings = _matrix(q, present, mine)
        elif q.type == "number":
            state.findings = _number(q, present, mine)
        elif q.type == "gap_register":
            state.gaps = _gaps(q, list(gap_profiles), {o.id: _label(o.label, results) for o in spec.need_types})
        else:
            raise TypeError(f"A {q.type} question cannot count by State.")
        out[q.id] = state
    return out


def _label(text, results: SessionResults) -> str:
    default = results.questionnaire.default_language
    return localise(text, default, default)


def session_positions(engine, agenda_session_id: int, results: SessionResults,
                      scope: Scope = Scope()) -> dict[str, StateResult]:
    """The State findings of one session: `results` (from `session_results` with the same scope)
    plus the States present, the cleared positions and the gap profiles, read now."""
    with read_session(engine) as db:
        agenda_session = agenda_session_row(db=db, agenda_session_id=agenda_session_id)
        if agenda_session is None:
            return {}
        present = present_states(db=db, event_id=agenda_session.event_id)
        cleared = [Cleared(c.country, c.question_id, c.item, c.position, c.number, c.note)
                   for c in cleared_rows(db=db, agenda_session_id=agenda_session_id)]
    if scope.countries is not None:
        present = [c for c in present if c in scope.countries]
        cleared = [c for c in cleared if c.country in scope.countries]
    profiles = gap_profiles(engine, agenda_session_id, scope)
    return state_results(results, present=present, cleared=cleared, gap_profiles=profiles)


def counts_by(question) -> str:
    """What a question counts: "state" or "respondent" (see `questionnaires.schema.COUNTS_BY_DEFAULT`)."""
    return question.counting_unit
