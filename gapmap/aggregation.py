"""Consolidated results of one agenda session, computed with GROUP BY in the database.

Only submitted responses count. A handful of queries per session (counts per option and
country, respondents, numbers, texts, gap register needs) feed every question type; their rows
reach the builders as named rows (`Cell`, `NumberRow`, `TextRow`, `NeedRow`), bundled per question
in one `QuestionData`, and each question type's builder (`BUILDERS`) reshapes them into one result
object per question. Works the same on SQLite and PostgreSQL.

Privacy is applied afterwards by `gapmap.privacy`, so the same figures feed the facilitator's
screen, the projector and the exports.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine

from db.engine import read_session
from db.models import AgendaSession, Answer, ClearedPosition, Moderation, Participant, QuestionnaireVersion, Response
from db.questionnaire_store import definition
from gapmap.answers import NA
from questionnaires.schema import GAP_PRIORITIES, GAP_SEVERITIES, Questionnaire, localise

#: Answers that say "no view": they never outvote an answer in a State's position (gapmap.positions).
NO_VIEW = {"dont_know", "prefer_not", "na", "not_applicable"}


@dataclass(frozen=True)
class Scope:
    """Which respondents count: all, or only some countries (a country group) or sectors."""

    countries: tuple[str, ...] | None = None
    sectors: tuple[str, ...] | None = None


@dataclass
class OptionCount:
    id: str
    label: str
    count: int
    share: float  # of the question's respondents


@dataclass
class ChoiceResult:
    kind = "choice"
    options: list[OptionCount]  # sorted by count, largest first
    by_country: dict[str, dict[str, int]] = field(default_factory=dict)  # country -> option -> count


@dataclass
class LikertResult:
    kind = "likert"
    points: list[OptionCount]  # in scale order
    na: int
    median: str | None  # the point id of the ordinal median of the rated answers (N/A left out); None if none
    by_country: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class RankingRow:
    id: str
    label: str
    borda: int  # top_n points for a first place, top_n - 1 for a second, ...
    firsts: int
    mentions: int


@dataclass
class RankingResult:
    kind = "ranking"
    rows: list[RankingRow]  # by Borda score, highest first
    top_n: int


@dataclass
class MatrixRowResult:
    id: str
    label: str
    counts: dict[str, int]  # scale option -> respondents
    by_country: dict[str, dict[str, int]]  # country -> option -> respondents


@dataclass
class MatrixResult:
    """Respondents per scale option for each row. Nothing is scored or averaged: the scale is
    ordinal or categorical. Each State's position and the convergence of States are
    `gapmap.positions`'."""

    kind = "matrix"
    scale: list[tuple[str, str]]  # (id, label)
    rows: list[MatrixRowResult]


@dataclass
class NumberResult:
    kind = "number"
    values: list[float]
    median: float | None
    unit: str = ""
    by_country: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class TextItem:
    answer_id: int
    text: str  # the redacted text where a facilitator redacted it
    country: str
    hidden: bool
    redacted: bool
    tags: list[str]
    original: str  # the delegate's own text (organisers only)
    quotable: bool = False  # a facilitator marked it quotable (gapmap.moderation)


@dataclass
class TextResult:
    kind = "text"
    items: list[TextItem]  # newest first
    words: list[tuple[str, int]]  # frequent words of the visible texts, stop words removed
    tags: list[OptionCount]  # facilitators' codes, charted like a multiple-choice question


@dataclass
class GapResult:
    kind = "gaps"
    gap_types: list[tuple[str, str]]
    by_country: dict[str, dict[str, int]]  # country -> gap type -> gaps
    gap_totals: list[OptionCount]  # gap types by number of gaps
    severity: dict[int, int]  # 1..5 -> gaps
    needs: list[tuple[str, str, int, int]]  # (id, label, gaps, of which high priority), most first
    gaps: int
    texts: list[TextItem] = field(default_factory=list)


#: What a builder returns: one kind of result per question type (see `BUILDERS`).
Result = ChoiceResult | LikertResult | RankingResult | MatrixResult | NumberResult | TextResult | GapResult


@dataclass
class GapProfile:
    """A row of `gap_profiles`: gaps of one type, severity and need, per country."""

    question_id: str
    country: str
    gap_type: str
    severity: int | None
    need: str | None
    gaps: int


@dataclass
class QuestionResult:
    id: str
    type: str
    text: str
    respondents: int
    by_country_n: dict[str, int]  # respondents per country for this question
    result: Result


@dataclass
class SessionResults:
    agenda_session_id: int
    title: str
    questionnaire: Questionnaire
    respondents: int  # submitted responses in scope
    countries: dict[str, int]  # respondents per country
    sectors: dict[str, int]
    questions: list[QuestionResult]
    late_drafts: int = 0

    def question(self, question_id: str) -> QuestionResult:
        return next(q for q in self.questions if q.id == question_id)


def data_version(engine: Engine, agenda_session_id: int) -> tuple:
    """A cheap fingerprint of everything a session's results depend on: submissions, late drafts,
    moderation, the questionnaire version, cleared positions and the States present. Equal fingerprints
    mean equal results."""
    with read_session(engine) as s:
        responses = s.execute(
            select(func.count(), func.max(Response.submitted_at))
            .where(Response.agenda_session_id == agenda_session_id, Response.status == "submitted")
        ).one()
        late = s.execute(select(func.count()).where(
            Response.agenda_session_id == agenda_session_id, Response.status == "draft", Response.late)).scalar_one()
        # Moderation is rare and its table small: any moderation anywhere counts as a change.
        moderated = s.execute(select(func.count(), func.max(Moderation.updated_at))).one()
        version = s.execute(select(AgendaSession.questionnaire_version_id)
                            .where(AgendaSession.id == agenda_session_id)).scalar_one_or_none()
        # State findings also change when a head clears a position or a new State's delegate joins.
        cleared = s.execute(select(func.count(), func.max(ClearedPosition.cleared_at))
                            .where(ClearedPosition.agenda_session_id == agenda_session_id)).one()
        event = select(AgendaSession.event_id).where(AgendaSession.id == agenda_session_id).scalar_subquery()
        joined = s.execute(select(func.count(Participant.country.distinct())).where(Participant.event_id == event)
                           ).scalar_one()
    return (responses[0], str(responses[1]), late, moderated[0], str(moderated[1]), version, cleared[0],
            str(cleared[1]), joined)


# --- what the queries hand the builders ---------------------------------------------------------

class Cell(NamedTuple):
    """Submitted answer rows of one question with the same (item, option, rank, country).

    `count` is the number of answer rows. `uq_answer_cell` allows one row per (response,
    question, row, item, option) and only the gap register numbers its rows (1..n; every other
    type stores row 0), so outside the gap register `count` is the number of respondents who gave
    this answer; in the gap register it is the number of gaps.
    """

    item: str
    option: str
    rank: int | None
    country: str
    count: int


class NumberRow(NamedTuple):
    """One submitted number (Likert points are options, not numbers here)."""

    country: str
    value: float


class TextRow(NamedTuple):
    """One submitted text (or gap description) with its moderation, if any."""

    answer_id: int
    text: str
    country: str
    hidden: bool | None  # None: never moderated
    redacted_text: str | None
    tags: list[str] | None
    quotable: bool | None = None  # None: never moderated


class NeedRow(NamedTuple):
    """Gap register: gaps naming one need with one priority (None: no priority given)."""

    need: str
    priority: str | None
    count: int


@dataclass(frozen=True)
class QuestionData:
    """Everything the queries found for one question; each builder reads the parts it needs."""

    cells: list[Cell] = field(default_factory=list)
    numbers: list[NumberRow] = field(default_factory=list)
    texts: list[TextRow] = field(default_factory=list)  # newest first
    needs: list[NeedRow] = field(default_factory=list)


Label = Callable[[object], str]  # a LocalText in the chosen language
Builder = Callable[[object, Label, int, QuestionData], Result]  # (question, label, respondents, data)


def _filters(scope: Scope):
    conditions = []
    if scope.countries is not None:
        conditions.append(Participant.country.in_(scope.countries))
    if scope.sectors is not None:
        conditions.append(Participant.sector.in_(scope.sectors))
    return conditions


def session_results(engine: Engine, agenda_session_id: int, scope: Scope = Scope(), *,
                    language: str | None = None, text_limit: int = 500) -> SessionResults | None:
    """Everything the dashboard, the projector and the exports show for one agenda session."""
    with read_session(engine) as s:
        agenda_session = s.get(AgendaSession, agenda_session_id)
        if agenda_session is None:
            return None
        questionnaire = definition(s.get(QuestionnaireVersion, agenda_session.questionnaire_version_id))
        base = and_(Response.agenda_session_id == agenda_session_id, Response.status == "submitted",
                    *_filters(scope))
        joined = (Answer.__table__.join(Response.__table__, Answer.response_id == Response.id)
                  .join(Participant.__table__, Response.participant_id == Participant.id))

        people = s.execute(
            select(Participant.country, Participant.sector, func.count())
            .select_from(Response.__table__.join(Participant.__table__, Response.participant_id == Participant.id))
            .where(base).group_by(Participant.country, Participant.sector)
        ).all()
        late = s.execute(
            select(func.count()).select_from(Response).where(
                Response.agenda_session_id == agenda_session_id, Response.status == "draft", Response.late)
        ).scalar_one()
        counts = s.execute(
            # Answer rows per cell: respondents, or gaps in the gap register (see `Cell`).
            select(Answer.question_id, Answer.item, Answer.option, Answer.rank, Participant.country,
                   func.count())
            .select_from(joined).where(base, Answer.option != "")
            .group_by(Answer.question_id, Answer.item, Answer.option, Answer.rank, Participant.country)
        ).all()
        answered = (select(Answer.response_id, Answer.question_id, Participant.country).distinct()
                    .select_from(joined).where(base).subquery())
        answering = s.execute(
            select(answered.c.question_id, answered.c.country, func.count())
            .group_by(answered.c.question_id, answered.c.country)
        ).all()
        numbers = s.execute(
            select(Answer.question_id, Participant.country, Answer.number)
            .select_from(joined).where(base, Answer.number.is_not(None), Answer.option == "")
        ).all()
        needs = s.execute(_needs_query(joined, base)).all()
        texts = s.execute(
            select(Answer.question_id, Answer.id, Answer.text, Participant.country,
                   Moderation.hidden, Moderation.redacted_text, Moderation.tags, Moderation.quotable)
            .select_from(joined.outerjoin(Moderation.__table__, Moderation.answer_id == Answer.id))
            .where(base, Answer.text.is_not(None), Answer.item.in_(["", "description"]))
            .order_by(Response.submitted_at.desc(), Answer.id.desc())
            .limit(text_limit * max(1, len(questionnaire.questions)))
        ).all()

    language = language or questionnaire.default_language
    countries: Counter = Counter()
    sectors: Counter = Counter()
    for country, sector, n in people:
        countries[country] += n
        sectors[sector] += n
    per_question_n: dict[str, Counter] = defaultdict(Counter)
    for qid, country, n in answering:
        per_question_n[qid][country] += n
    cells_of, numbers_of = _by_question(counts, Cell), _by_question(numbers, NumberRow)
    texts_of, needs_of = _by_question(texts, TextRow), _by_question(needs, NeedRow)

    results = []
    for q in questionnaire.questions:
        n_by_country = dict(per_question_n.get(q.id, {}))
        n = sum(n_by_country.values())
        label = lambda text: localise(text, language, questionnaire.default_language)  # noqa: E731
        data = QuestionData(cells_of.get(q.id, []), numbers_of.get(q.id, []),
                            texts_of.get(q.id, [])[:text_limit], needs_of.get(q.id, []))
        result = BUILDERS[q.type](q, label, n, data)
        results.append(QuestionResult(q.id, q.type, label(q.text), n, n_by_country, result))
    return SessionResults(agenda_session_id, agenda_session.title, questionnaire, sum(countries.values()),
                          dict(countries), dict(sectors), results, int(late))


def _by_question(rows, row_type):
    """Query rows that start with a question id, as `row_type` rows per question id."""
    grouped: dict[str, list] = defaultdict(list)
    for question_id, *values in rows:
        grouped[question_id].append(row_type(*values))
    return grouped


def _needs_query(joined, base):
    """Gap register: needs per (question, need, priority), one row per gap."""
    need = Answer.__table__.alias("need")
    priority = Answer.__table__.alias("priority")
    from_ = joined.join(need, and_(need.c.response_id == Answer.response_id, need.c.question_id == Answer.question_id,
                                   need.c.row == Answer.row, need.c.item == "need_type")
                        ).outerjoin(priority, and_(priority.c.response_id == Answer.response_id,
                                                   priority.c.question_id == Answer.question_id,
                                                   priority.c.row == Answer.row, priority.c.item == "priority"))
    return (select(Answer.question_id, need.c.option, priority.c.option, func.count())
            .select_from(from_).where(base, Answer.item == "gap_type")
            .group_by(Answer.question_id, need.c.option, priority.c.option))


def gap_profiles(engine: Engine, agenda_session_id: int, scope: Scope = Scope()) -> list:
    """Gap registers per (question, country, gap type, severity, need): gaps counted in SQL, for the
    State synthesis of `gapmap.positions` (which types each State cites, how severe, which need)."""
    joined = (Answer.__table__.join(Response.__table__, Answer.response_id == Response.id)
              .join(Participant.__table__, Response.participant_id == Participant.id))
    severity = Answer.__table__.alias("severity")
    need = Answer.__table__.alias("need")
    same_gap = lambda alias, item: and_(alias.c.response_id == Answer.response_id,  # noqa: E731
                                        alias.c.question_id == Answer.question_id, alias.c.row == Answer.row,
                                        alias.c.item == item)
    from_ = joined.outerjoin(severity, same_gap(severity, "severity")).outerjoin(need, same_gap(need, "need_type"))
    base = and_(Response.agenda_session_id == agenda_session_id, Response.status == "submitted", *_filters(scope))
    with read_session(engine) as db:
        rows = db.execute(
            select(Answer.question_id, Participant.country, Answer.option, severity.c.option, need.c.option,
                   func.count())
            .select_from(from_).where(base, Answer.item == "gap_type")
            .group_by(Answer.question_id, Participant.country, Answer.option, severity.c.option, need.c.option)
        ).all()
    return [GapProfile(qid, country, gap_type, int(sev) if sev and sev.isdigit() else None, need_id or None, int(n))
            for qid, country, gap_type, sev, need_id, n in rows]


def _share(count: int, n: int) -> float:
    return count / n if n else 0.0


def _choice(q, label: Label, n: int, data: QuestionData) -> ChoiceResult:
    names = {o.id: label(o.label) for o in q.options}
    totals: Counter = Counter()
    by_country: dict[str, Counter] = defaultdict(Counter)
    for cell in data.cells:
        totals[cell.option] += cell.count
        by_country[cell.country][cell.option] += cell.count
    options = [OptionCount(o, names.get(o, o), c, _share(c, n)) for o, c in totals.items()]
    options += [OptionCount(o, names[o], 0, 0.0) for o in names if o not in totals]
    options.sort(key=lambda o: (-o.count, list(names).index(o.id) if o.id in names else 999))
    return ChoiceResult(options, {c: dict(v) for c, v in by_country.items()})


def _likert(q, label: Label, n: int, data: QuestionData) -> LikertResult:
    totals: Counter = Counter()
    by_country: dict[str, Counter] = defaultdict(Counter)
    for cell in data.cells:
        totals[cell.option] += cell.count
        by_country[cell.country][cell.option] += cell.count
    points = [OptionCount(str(p.value), label(p.label), totals.get(str(p.value), 0),
                          _share(totals.get(str(p.value), 0), n)) for p in q.scale]
    return LikertResult(points, totals.get(NA, 0), ordinal_median(points), {c: dict(v) for c, v in by_country.items()})


def ordinal_median(points: list[OptionCount]) -> str | None:
    """The scale point (id) at which the cumulative count of rated answers first reaches half of
    them: the middle answer, or for an even count the lower middle one. No average of the scale."""
    rated = sum(p.count for p in points)
    running = 0
    for p in points:
        running += p.count
        if rated and 2 * running >= rated:
            return p.id
    return None


def _ranking(q, label: Label, _n: int, data: QuestionData) -> RankingResult:
    names = {o.id: label(o.label) for o in q.options}
    borda: Counter = Counter()
    firsts: Counter = Counter()
    mentions: Counter = Counter()
    for cell in data.cells:  # cell.count: respondents who put cell.option in place cell.rank
        if cell.rank is None or cell.rank > q.top_n:
            continue
        borda[cell.option] += (q.top_n - cell.rank + 1) * cell.count
        mentions[cell.option] += cell.count
        if cell.rank == 1:
            firsts[cell.option] += cell.count
    rows = [RankingRow(o, names.get(o, o), borda[o], firsts[o], mentions[o]) for o in names]
    rows += [RankingRow(o, o, borda[o], firsts[o], mentions[o]) for o in borda if o not in names]
    rows.sort(key=lambda r: (-r.borda, -r.firsts, list(names).index(r.id) if r.id in names else 999))
    return RankingResult(rows, q.top_n)


def _matrix(q, label: Label, _n: int, data: QuestionData) -> MatrixResult:
    scale = [(o.id, label(o.label)) for o in q.scale]
    by_row: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for cell in data.cells:  # cell.item: the matrix row
        by_row[cell.item][cell.country][cell.option] += cell.count
    rows = []
    for r in q.rows:
        per_country = {c: dict(v) for c, v in by_row.get(r.id, {}).items()}
        totals: Counter = Counter()
        for counts in per_country.values():
            totals.update(counts)
        rows.append(MatrixRowResult(r.id, label(r.text), dict(totals), per_country))
    return MatrixResult(scale, rows)


def _number(q, _label: Label, _n: int, data: QuestionData) -> NumberResult:
    values = [float(row.value) for row in data.numbers]
    by_country: dict[str, list[float]] = defaultdict(list)
    for row in data.numbers:
        by_country[row.country].append(float(row.value))
    return NumberResult(sorted(values), statistics.median(values) if values else None, q.unit or "", dict(by_country))


def _text_items(rows: list[TextRow]) -> list[TextItem]:
    items = []
    for row in rows:
        redacted = row.redacted_text
        items.append(TextItem(row.answer_id, redacted if redacted is not None else row.text, row.country,
                              bool(row.hidden), redacted is not None, list(row.tags or []), row.text,
                              bool(row.quotable)))
    return items


STOP_WORDS = set("""
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just law laws legal may me more most must my no nor not now of off on once only or
other our ours out over own same shall she should so some such than that the their theirs them then there these they
this those through to too under until up very was we were what when where which while who whom why will with would
you your e g eg ie etc national country countries also well one two many often much
""".split())
_TOKEN = re.compile(r"[^\s\d.,;:!?()\[\]{}\"“”‘’/\\|<>=+*&^%$#@~`_]+")


def word_frequencies(texts: list[str], top: int = 30) -> list[tuple[str, int]]:
    """The most frequent words (3+ characters, any script), stop words removed.

    Words are split at spaces and punctuation, so scripts written without spaces between words
    (Thai, Khmer, Lao) count whole phrases.
    """
    counts: Counter = Counter()
    for text in texts:
        for token in _TOKEN.findall(text):
            word = token.strip("'-").lower()
            if len(word) >= 3 and any(ch.isalpha() for ch in word) and word not in STOP_WORDS:
                counts[word] += 1
    return counts.most_common(top)


WORD_SAMPLE = 300  # the newest visible answers that feed the word frequencies


def _text(_q, _label: Label, _n: int, data: QuestionData) -> TextResult:
    items = _text_items(data.texts)
    visible = [i for i in items if not i.hidden]
    tag_counts = Counter(t for i in visible for t in i.tags)
    tags = [OptionCount(t, t, c, _share(c, len(visible))) for t, c in tag_counts.most_common()]
    return TextResult(items, word_frequencies([i.text for i in visible[:WORD_SAMPLE]]), tags)


def _gaps(q, label: Label, _n: int, data: QuestionData) -> GapResult:
    gap_names = {o.id: label(o.label) for o in q.gap_types}
    need_names = {o.id: label(o.label) for o in q.need_types}
    by_country: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    severity: Counter = Counter()
    for cell in data.cells:  # cell.count: gaps (one answer row per gap and field)
        if cell.item == "gap_type":
            by_country[cell.country][cell.option] += cell.count
            totals[cell.option] += cell.count
        elif cell.item == "severity" and cell.option.isdigit():
            severity[int(cell.option)] += cell.count
    gaps = sum(totals.values())
    need_rows: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for need in data.needs:
        need_rows[need.need][0] += need.count
        if need.priority == GAP_PRIORITIES[0]:
            need_rows[need.need][1] += need.count
    ranked_needs = sorted(((i, need_names.get(i, i), c[0], c[1]) for i, c in need_rows.items()),
                          key=lambda r: (-r[2], -r[3], r[1]))
    gap_totals = sorted((OptionCount(g, gap_names.get(g, g), c, _share(c, gaps)) for g, c in totals.items()),
                        key=lambda o: -o.count)
    return GapResult(list(gap_names.items()), {c: dict(v) for c, v in by_country.items()}, gap_totals,
                     {s: severity.get(s, 0) for s in GAP_SEVERITIES}, ranked_needs, gaps, _text_items(data.texts))


#: One builder per question type: `builder(question, label, respondents, data) -> Result`.
BUILDERS: dict[str, Builder] = {
    "single_choice": _choice,
    "multiple_choice": _choice,
    "likert": _likert,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "short_text": _text,
    "long_text": _text,
    "gap_register": _gaps,
}
