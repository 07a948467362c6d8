"""The tables (and charts) a questionnaire's sheet shows for one question, per question type.

`QUESTION_TABLES` is keyed by question type; every type must have its entry, and `question_tables`
refuses a type without one rather than leave the question out of the workbook. Each entry takes
a question as the report's audience may see it (`gapmap.privacy.VisibleQuestion`).

These tables count respondents, like the dashboard's charts. A question that counts by State
(`counts_by`) says so in its note and points to the sheet 'Findings', which counts States.
"""
from __future__ import annotations

from typing import Callable

from exports.tables import Chart, Table
from gapmap.privacy import VisibleQuestion

QuestionTables = Callable[[VisibleQuestion], list[Table]]


def _title(q: VisibleQuestion) -> str:
    return f"{q.text} (n = {q.respondents})"


def _choice(q: VisibleQuestion) -> list[Table]:
    return [Table(_title(q), ["Option", "Respondents", "Share"],
                  [[o.label, o.count, o.share] for o in q.result.options],
                  Chart("bar", q.text, 0, [1]), percent_columns=(2,))]


def _likert(q: VisibleQuestion) -> list[Table]:
    res = q.result
    rows = [[p.label, p.count, p.share] for p in res.points]
    rows.append(["N/A", res.na, res.na / q.respondents if q.respondents else 0])
    labels = {p.id: p.label for p in res.points}
    median = f"Median: {labels.get(res.median, res.median)}" if res.median is not None else "No ratings"
    return [Table(_title(q), ["Point", "Respondents", "Share"], rows, Chart("bar", q.text, 0, [1]), note=median,
                  percent_columns=(2,))]


def _ranking(q: VisibleQuestion) -> list[Table]:
    res = q.result
    return [Table(_title(q), ["Option", "Borda score", "Ranked first", "Mentioned"],
                  [[row.label, row.borda, row.firsts, row.mentions] for row in res.rows],
                  Chart("bar", f"{q.text} (Borda score)", 0, [1]),
                  note=f"Borda: a 1st place earns {res.top_n} points, a 2nd {res.top_n - 1}, …")]


def _matrix(q: VisibleQuestion) -> list[Table]:
    """Respondents per answer and element; the convergence (by State, naming the position) is on the
    sheet 'Matrix'."""
    res = q.result
    scale = [label for _, label in res.scale]
    rows = [[row.label] + [row.counts.get(o, 0) for o, _ in res.scale] for row in res.rows]
    return [Table(_title(q), ["Element"] + scale, rows, Chart("stacked", q.text, 0, list(range(1, len(scale) + 1))))]


def _number(q: VisibleQuestion) -> list[Table]:
    res = q.result
    v = res.values
    rows = [["Answers", len(v)], ["Median", res.median], ["Mean", sum(v) / len(v) if v else None],
            ["Lowest", min(v) if v else None], ["Highest", max(v) if v else None]]
    return [Table(_title(q), ["Statistic", f"Value ({res.unit})" if res.unit else "Value"], rows)]


def _text(q: VisibleQuestion) -> list[Table]:
    res = q.result
    return [Table(_title(q), ["Free text", "Answers"],
                  [["See the sheet 'Free text'", len([i for i in res.items if not i.hidden])]]
                  + [[f"Tag: {t.label}", t.count] for t in res.tags])]


def _gap_register(q: VisibleQuestion) -> list[Table]:
    return [Table(_title(q), ["Gap type", "Gaps"], [[o.label, o.count] for o in q.result.gap_totals],
                  Chart("bar", q.text, 0, [1]), note="Every gap is on the sheet 'Gap register'.")]


QUESTION_TABLES: dict[str, QuestionTables] = {
    "single_choice": _choice,
    "multiple_choice": _choice,
    "likert": _likert,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "short_text": _text,
    "long_text": _text,
    "gap_register": _gap_register,
}


#: What the first table's note says a question counts (`counts_by`), before its own note.
COUNTS_NOTE = {
    "respondent": "Counts respondents.",
    "state": "Counts every delegate's answers here; this question counts States: see the sheet 'Findings'.",
}


def question_tables(q: VisibleQuestion, counts: str | None = None) -> list[Table]:
    """The tables for one question; a question type without an entry is an error, never left out.
    `counts` ("state" or "respondent", the question's `counts_by`) is said in the first table's note."""
    try:
        tables = QUESTION_TABLES[q.type]
    except KeyError:
        raise TypeError(f"The report has no tables for question type {q.type!r}: add it to "
                        "exports.question_tables.QUESTION_TABLES.") from None
    made = tables(q)
    if counts is not None and made:
        made[0].note = " ".join(part for part in (COUNTS_NOTE[counts], made[0].note) if part)
    return made
