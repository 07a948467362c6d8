"""An event's report as plain tables first (formpack style); thin writers turn it into xlsx or csv.

The figures come from `gapmap.aggregation`, the same code path as the live dashboard, so a
workbook and the dashboard agree for the same data.

Anonymised mode (for sharing beyond the organisers): respondents are numbered, not coded; under
the Chatham House policy no country is named; breakdowns and free text from countries with fewer
than k respondents are left out. Participant tokens are credentials and are never exported.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import select
from sqlalchemy.engine import Engine

from db.engine import read_session
from db.events import event_by_code
from db.models import AgendaSession, Answer, Event, Participant, QuestionnaireVersion, Response, utcnow
from db.questionnaire_store import definition
from gapmap.agenda import event_agenda, event_dates
from gapmap.aggregation import SessionResults, session_results
from gapmap.participation import board
from gapmap.privacy import Audience, shown_countries
from gapmap.reference import country_name
from questionnaires.schema import localise

PRIVACY_NOTE = (
    "Views of delegates on national legal frameworks, collected without names, e-mails or agencies. "
    "Report under the Chatham House Rule: attribute no statement to a person, agency or country in outcome "
    "documents. Do not share raw data with third parties without a written agreement (IOM Data Protection "
    "Principles)."
)


@dataclass
class Chart:
    kind: str  # "bar" (horizontal bars) or "stacked" (stacked horizontal bars)
    title: str
    label_column: int  # 0-based column of the table holding the category labels
    value_columns: list[int]  # 0-based columns holding the series


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]
    chart: Chart | None = None
    note: str = ""
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> hex colour (matrix scale)
    percent_columns: tuple[int, ...] = ()


@dataclass
class Sheet:
    name: str
    tables: list[Table]
    excel_table: bool = False  # one table, written as a filterable Excel table with a frozen header
    widths: dict[int, int] = field(default_factory=dict)  # column -> width in characters
    wrap: bool = False


@dataclass
class Report:
    event: Event
    sheets: list[Sheet]
    anonymised: bool
    generated_at: datetime
    session_ids: list[int]

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


class ReportError(ValueError):
    pass


def build_report(engine: Engine, event_code: str, *, session_ids: list[int] | None = None,
                 anonymise: bool = False, only: str | None = None) -> Report:
    """The whole report, or with `only` just one of its long tables ("Raw answers", "Gap register",
    "Free text") for a CSV download."""
    with read_session(engine) as s:
        event = event_by_code(session=s, code=event_code, include_archived=True)
    if event is None:
        raise ReportError(f"No event has the code {event_code}.")
    _, items = event_agenda(engine, event.id)
    if session_ids:
        unknown = set(session_ids) - {i.id for i in items}
        if unknown:
            raise ReportError(f"Sessions {sorted(unknown)} are not part of event {event_code}.")
        items = [i for i in items if i.id in session_ids]
    name_countries = not (anonymise and event.attribution_policy == "chatham_house")
    audience = Audience(k=event.min_group_size if anonymise else 1, name_countries=name_countries)
    results = [(item, session_results(engine, item.id, text_limit=100_000)) for item in items]
    results = [(i, r) for i, r in results if r is not None]

    long_tables = {
        "Gap register": lambda: _gap_sheet(engine, results, audience),
        "Free text": lambda: _text_sheet(results, audience),
        "Raw answers": lambda: _raw_sheet(engine, event, [i.id for i, _ in results], anonymise, audience),
    }
    if only is not None:
        return Report(event, [long_tables[only]()], anonymise, utcnow(), [i.id for i, _ in results])
    sheets = [_cover(event, results, anonymise), _summary(engine, event, results, audience)]
    used_names = {s.name for s in sheets}
    for item, r in results:
        sheets.append(Sheet(_sheet_name(f"{item.day}.{item.position} {item.title}", used_names),
                            _question_tables(r, audience), widths={0: 48, 1: 12, 2: 10}))
    sheets.append(_matrix_sheet(results, audience))
    sheets += [long_tables["Gap register"](), long_tables["Free text"](), long_tables["Raw answers"](),
               _dictionary(results)]
    return Report(event, sheets, anonymise, utcnow(), [i.id for i, _ in results])


# --- sheet names ---------------------------------------------------------------------------------

_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules in one place: at most 31 characters, none of []:*?/\\, unique, not blank."""
    base = " ".join(title.translate(_FORBIDDEN).split()).strip("'") or "Sheet"
    name, n = base[:31].rstrip(), 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
    used.add(name)
    return name


# --- cover and summary ---------------------------------------------------------------------------

def _cover(event: Event, results, anonymise: bool) -> Sheet:
    versions = sorted({(r.questionnaire.key, item.questionnaire_version) for item, r in results})
    rows = [
        ["Event", event.title],
        ["Dates", event_dates(event)],
        ["Venue", event.venue],
        ["Organisers", "; ".join(event.organisers)],
        ["Participating countries", "; ".join(country_name(c) for c in event.countries)],
        ["Join code", event.code],
        ["Covers", f"{len(results)} agenda sessions: " + "; ".join(f"Day {i.day} · {i.title}" for i, _ in results)],
        ["Mode", "Anonymised (for sharing)" if anonymise else "Full (organisers only)"],
        ["Attribution policy", "Chatham House Rule" if event.attribution_policy == "chatham_house"
         else "Country-attributable"],
        ["Minimum group size (k)", event.min_group_size],
        ["Questionnaire versions", "; ".join(f"{k} v{v}" for k, v in versions)],
        ["Generated at (UTC)", utcnow().strftime("%Y-%m-%d %H:%M")],
        ["Privacy note", PRIVACY_NOTE],
        ["Counted", "Submitted responses only; drafts are not counted."],
    ]
    if event.is_demo:
        rows.insert(0, ["DEMO DATA", "This report is built from the demo event: every response in it is synthetic."])
    return Sheet("Cover", [Table("GapMap report", ["Item", "Value"], rows)], widths={0: 26, 1: 110}, wrap=True)


def _summary(engine: Engine, event: Event, results, audience: Audience) -> Sheet:
    tables = []
    b = board(engine, event.id, event.countries)
    chosen = {i.id for i, _ in results}
    sessions = [(sid, title) for sid, title in b.sessions if sid in chosen]
    countries = event.countries if audience.name_countries else []
    rows = [[country_name(c)] + [b.cell(c, sid).submitted for sid, _ in sessions] for c in countries]
    rows.append(["All countries"] + [b.totals(sid).submitted for sid, _ in sessions])
    tables.append(Table("Participation: submitted responses per country and session",
                        ["Country"] + [t for _, t in sessions], rows))
    for item, r in results:
        for q in r.questions:
            if q.type == "gap_register" and q.respondents:
                g = q.result
                tables.append(Table(f"{item.title}: the most frequent gap types", ["Gap type", "Gaps", "Share"],
                                    [[o.label, o.count, o.share] for o in g.gap_totals[:8]], percent_columns=(2,)))
                tables.append(Table(f"{item.title}: the needs named most", ["Need", "Gaps", "Of which high priority"],
                                    [[label, n, high] for _, label, n, high in g.needs[:8]]))
    convergence = [[q.text, row.label, row.convergence, row.countries_answering]
                   for _, r in results if r.questionnaire.theme == "definitions"
                   for q in r.questions if q.type == "matrix" for row in q.result.rows if row.convergence is not None]
    if convergence:
        tables.append(Table("Definitions: convergence per element (share of countries whose usual answer is the "
                            "region's usual answer)", ["Checklist part", "Element", "Convergence", "Countries"],
                            sorted(convergence, key=lambda x: x[2]), percent_columns=(2,)))
    return Sheet("Summary", tables, widths={0: 60, 1: 40, 2: 14, 3: 12})


# --- one sheet per questionnaire -------------------------------------------------------------------

def _question_tables(r: SessionResults, audience: Audience) -> list[Table]:
    tables = []
    for q in r.questions:
        title = f"{q.text} (n = {q.respondents})"
        res = q.result
        if q.type in ("single_choice", "multiple_choice"):
            tables.append(Table(title, ["Option", "Respondents", "Share"],
                                [[o.label, o.count, o.share] for o in res.options],
                                Chart("bar", q.text, 0, [1]), percent_columns=(2,)))
        elif q.type == "likert":
            rows = [[p.label, p.count, p.share] for p in res.points] + [["N/A", res.na, res.na / q.respondents if q.respondents else 0]]
            mean = f"Mean {res.mean:.2f}" if res.mean is not None else "No ratings"
            tables.append(Table(title, ["Point", "Respondents", "Share"], rows, Chart("bar", q.text, 0, [1]),
                                note=mean, percent_columns=(2,)))
        elif q.type == "ranking":
            tables.append(Table(title, ["Option", "Borda score", "Ranked first", "Mentioned"],
                                [[row.label, row.borda, row.firsts, row.mentions] for row in res.rows],
                                Chart("bar", f"{q.text} (Borda score)", 0, [1]),
                                note=f"Borda: a 1st place earns {res.top_n} points, a 2nd {res.top_n - 1}, …"))
        elif q.type == "matrix":
            scale = [label for _, label in res.scale]
            rows = [[row.label] + [row.counts.get(o, 0) for o, _ in res.scale] + [row.convergence] for row in res.rows]
            tables.append(Table(title, ["Element"] + scale + ["Convergence"], rows,
                                Chart("stacked", q.text, 0, list(range(1, len(scale) + 1))),
                                percent_columns=(len(scale) + 1,)))
        elif q.type == "number":
            v = res.values
            rows = [["Answers", len(v)], ["Median", res.median], ["Mean", sum(v) / len(v) if v else None],
                    ["Lowest", min(v) if v else None], ["Highest", max(v) if v else None]]
            tables.append(Table(title, ["Statistic", f"Value ({res.unit})" if res.unit else "Value"], rows))
        elif q.type in ("short_text", "long_text"):
            tables.append(Table(title, ["Free text", "Answers"],
                                [["See the sheet 'Free text'", len([i for i in res.items if not i.hidden])]]
                                + [[f"Tag: {t.label}", t.count] for t in res.tags]))
        elif q.type == "gap_register":
            tables.append(Table(title, ["Gap type", "Gaps"], [[o.label, o.count] for o in res.gap_totals],
                                Chart("bar", q.text, 0, [1]), note="Every gap is on the sheet 'Gap register'."))
    return tables


# --- matrix, gaps, free text -----------------------------------------------------------------------

def _score_colour(score: float) -> str:
    """A colour-blind-safe scale from dark blue (0, not covered) to yellow (1, covered expressly)."""
    stops = [(0.0, (0x00, 0x20, 0x4C)), (0.5, (0x7C, 0x7B, 0x78)), (1.0, (0xFF, 0xE9, 0x45))]
    for (a, ca), (b, cb) in zip(stops, stops[1:]):
        if score <= b:
            t = (score - a) / (b - a)
            return "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb))
    return "FFE945"


def _matrix_sheet(results, audience: Audience) -> Sheet:
    tables = []
    for item, r in results:
        for q in r.questions:
            if q.type != "matrix" or not q.respondents:
                continue
            scores = q.result.country_scores()
            countries = shown_countries(q.by_country_n, audience)
            header = ["Element"] + [country_name(c) for c in countries] + ["Region", "Convergence"]
            rows, fills = [], {}
            for i, row in enumerate(q.result.rows):
                scored = [(q.result.scores[o], n) for o, n in row.counts.items() if o in q.result.scores]
                total = sum(n for _, n in scored)
                region = sum(sc * n for sc, n in scored) / total if total else None
                values = [scores.get(c, {}).get(row.id) for c in countries] + [region]
                for j, value in enumerate(values, start=1):
                    if value is not None:
                        fills[(i, j)] = _score_colour(value)
                rows.append([row.label] + [round(v, 2) if v is not None else None for v in values] + [row.convergence])
            best, worst = q.result.scale[0][1], [lbl for o, lbl in q.result.scale if o in q.result.scores][-1]
            note = (f"Scale: 1 = {best}, 0 = {worst} (mean per country; 'Don't know' left out). Colours: yellow = 1, "
                    "grey = 0.5, dark blue = 0." + ("" if audience.name_countries else " Countries are not named."))
            tables.append(Table(f"{item.title} · {q.text}", header, rows, note=note, fills=fills,
                                percent_columns=(len(header) - 1,)))
    if not tables:
        tables.append(Table("No matrix questions in this selection", ["Note"], [["—"]]))
    return Sheet("Matrix", tables, widths={0: 60})


def gap_rows(engine: Engine, agenda_session_id: int, question_id: str) -> list[dict]:
    """Every gap of a gap register question (submitted responses), one dict per gap with its country."""
    with read_session(engine) as s:
        cells = s.execute(
            select(Response.id, Participant.country, Answer.row, Answer.item, Answer.option, Answer.text, Answer.number)
            .select_from(Answer.__table__.join(Response.__table__, Answer.response_id == Response.id)
                         .join(Participant.__table__, Response.participant_id == Participant.id))
            .where(Response.agenda_session_id == agenda_session_id, Response.status == "submitted",
                   Answer.question_id == question_id)
            .order_by(Participant.country, Response.id, Answer.row)
        ).all()
    gaps: dict[tuple[int, int], dict] = {}
    for response_id, country, row, item, option, text, number in cells:
        gap = gaps.setdefault((response_id, row), {"country": country})
        gap[item] = text if item in ("description", "law") else int(number) if item == "severity" else option
    return list(gaps.values())


def _gap_sheet(engine: Engine, results, audience: Audience) -> Sheet:
    header = ["Session", "Country", "Gap type", "Description", "Law or provision", "Severity", "Need", "Priority"]
    rows = []
    for item, r in results:
        for q in r.questions:
            if q.type != "gap_register":
                continue
            defs = r.questionnaire.question(q.id)
            gap_labels = {o.id: localise(o.label, "en") for o in defs.gap_types}
            need_labels = {o.id: localise(o.label, "en") for o in defs.need_types}
            large = _large_enough(q.by_country_n, audience)
            for gap in gap_rows(engine, item.id, q.id):
                if gap["country"] not in large:
                    continue  # anonymised: nothing from a country with fewer than k respondents
                rows.append([item.title, country_name(gap["country"]) if audience.name_countries else "",
                             gap_labels.get(gap.get("gap_type"), gap.get("gap_type")), gap.get("description"),
                             gap.get("law"), gap.get("severity"), need_labels.get(gap.get("need_type"), gap.get("need_type")),
                             (gap.get("priority") or "").capitalize() or None])
    if not audience.name_countries:
        header, rows = [h for h in header if h != "Country"], [[c for n, c in enumerate(row) if n != 1] for row in rows]
    return Sheet("Gap register", [Table("Gap register", header, rows)], excel_table=True, wrap=True,
                 widths={0: 30, 1: 16, 2: 36, 3: 60, 4: 30, 5: 10, 6: 30, 7: 10} if audience.name_countries
                 else {0: 30, 1: 36, 2: 60, 3: 30, 4: 10, 5: 30, 6: 10})


def _large_enough(by_country_n: dict[str, int], audience: Audience) -> set[str]:
    """Countries whose respondents to a question reach k (all of them outside anonymised mode)."""
    return {c for c, n in by_country_n.items() if n >= audience.k}


def _text_sheet(results, audience: Audience) -> Sheet:
    header = ["Session", "Question", "Country", "Answer", "Tags", "Redacted"]
    rows = []
    for item, r in results:
        for q in r.questions:
            if q.type not in ("short_text", "long_text"):
                continue
            large = _large_enough(q.by_country_n, audience)
            for i in q.result.items:
                if i.hidden or i.country not in large:
                    continue  # hidden by moderation, or (anonymised) from a country with fewer than k respondents
                rows.append([item.title, q.text, country_name(i.country) if audience.name_countries else "",
                             i.text, ", ".join(i.tags), "yes" if i.redacted else ""])
    if not audience.name_countries:
        header, rows = [h for h in header if h != "Country"], [[c for n, c in enumerate(row) if n != 2] for row in rows]
    return Sheet("Free text", [Table("Moderated free text (hidden answers left out)", header, rows)],
                 excel_table=True, wrap=True, widths={0: 30, 1: 50, 2: 16, 3: 90, 4: 24, 5: 10})


# --- raw answers and data dictionary ------------------------------------------------------------------

#: One row per answer. Questionnaire keys and versions are on the data dictionary sheet (keyed by
#: session and question id): repeating them on 100,000 rows would cost a third more time.
RAW_HEADER = ["Respondent", "Country", "Sector", "Session", "Question id", "Question", "Row", "Item", "Option id",
              "Option", "Number", "Text", "Rank"]


def raw_rows(engine: Engine, event: Event, session_ids: list[int], anonymise: bool, audience: Audience):
    """Every submitted answer in long form (one row per answer), in a stable order."""
    with read_session(engine) as s:
        slots = {slot.id: (slot, definition(s.get(QuestionnaireVersion, slot.questionnaire_version_id)),
                           s.get(QuestionnaireVersion, slot.questionnaire_version_id))
                 for slot in s.exec(select(AgendaSession).where(AgendaSession.id.in_(session_ids)))}
        rows = s.execute(
            select(Participant.token, Participant.country, Participant.sector, Response.agenda_session_id,
                   Answer.question_id, Answer.row, Answer.item, Answer.option, Answer.number, Answer.text, Answer.rank)
            .select_from(Answer.__table__.join(Response.__table__, Answer.response_id == Response.id)
                         .join(Participant.__table__, Response.participant_id == Participant.id))
            .where(Response.agenda_session_id.in_(session_ids), Response.status == "submitted")
            .order_by(Response.agenda_session_id, Participant.token, Answer.question_id, Answer.row, Answer.item,
                      Answer.option)
        ).all()
    labels = {}
    for sid, (slot, questionnaire, version) in slots.items():
        for q in questionnaire.questions:
            opts = {}
            for attr in ("options", "scale", "gap_types", "need_types"):
                for o in getattr(q, attr, None) or []:
                    opts[getattr(o, "id", str(getattr(o, "value", "")))] = localise(o.label, "en")
            rows_ = {row.id: localise(row.text, "en") for row in getattr(q, "rows", None) or []}
            labels[(sid, q.id)] = (localise(q.text, "en"), opts, rows_)
    numbers: dict[str, str] = {}
    for token, country, sector, sid, qid, row, item, option, number, text, rank in rows:
        slot, questionnaire, version = slots[sid]
        qtext, opts, row_labels = labels.get((sid, qid), (qid, {}, {}))
        if anonymise:
            respondent = numbers.setdefault(token, f"R{len(numbers) + 1:05d}")
        else:
            respondent = "P-" + hashlib.sha256(token.encode()).hexdigest()[:10]
        yield [respondent, country_name(country) if audience.name_countries else "", sector, slot.title,
               qid, qtext, row or None, row_labels.get(item, item) or None, option or None,
               opts.get(option, option) or None, number, text, rank]


def _raw_sheet(engine: Engine, event: Event, session_ids, anonymise: bool, audience: Audience) -> Sheet:
    rows = list(raw_rows(engine, event, session_ids, anonymise, audience))
    return Sheet("Raw answers", [Table("Raw answers (long form)", RAW_HEADER, rows)], excel_table=True,
                 widths={0: 12, 1: 14, 2: 16, 3: 30, 4: 14, 5: 50, 6: 6, 7: 30, 8: 16, 9: 30, 10: 10, 11: 60, 12: 6})


def _dictionary(results) -> Sheet:
    rows = []
    for item, r in results:
        for q in r.questionnaire.questions:
            choices = []
            for attr in ("options", "scale", "gap_types", "need_types"):
                for o in getattr(q, attr, None) or []:
                    choices.append(f"{getattr(o, 'id', getattr(o, 'value', ''))} = {localise(o.label, 'en')}")
            extra = ""
            if q.type == "matrix":
                extra = "Rows: " + "; ".join(f"{row.id} = {localise(row.text, 'en')}" for row in q.rows)
            rows.append([item.title, r.questionnaire.key, item.questionnaire_version, q.id, localise(q.text, "en"),
                         q.type, "; ".join(choices), extra])
    return Sheet("Data dictionary", [Table("Every question in this report", ["Session", "Questionnaire", "Version",
                                                                            "Question id", "Question", "Type",
                                                                            "Options", "Rows"], rows)],
                 excel_table=True, wrap=True, widths={0: 30, 1: 16, 2: 8, 3: 14, 4: 60, 5: 14, 6: 60, 7: 40})
