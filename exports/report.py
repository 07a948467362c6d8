"""An event's report: gather what it needs (`exports.gather`), then lay out its sheets
(`exports.sheets`) as plain tables (`exports.tables`); thin writers turn it into xlsx or csv.

The figures come from `gapmap.aggregation`, the same code path as the live dashboard, so a
workbook and the dashboard agree for the same data. What each audience may see is decided by
`gapmap.privacy` alone (see `export_audience` there): organisers' reports show everything;
anonymised reports, for sharing, number the respondents, name no country under the Chatham House
Rule and leave out free text and gaps from countries with fewer than k respondents. Participant
tokens are credentials and are never exported.
"""
from __future__ import annotations

from typing import Callable, Iterator

from sqlalchemy.engine import Engine

from db.engine import read_session
from db.models import Event
from exports import sheets
from exports.gather import ALL_PARTS, GAPS, RAW, ReportData, ReportError, gather, read_gaps
from exports.question_tables import QUESTION_TABLES
from exports.sheets import PRIVACY_NOTE, RAW_HEADER
from exports.tables import Chart, Report, Sheet, Table
from gapmap.privacy import Audience

__all__ = ["Chart", "Table", "Sheet", "Report", "ReportError", "QUESTION_TABLES", "RAW_HEADER", "PRIVACY_NOTE",
           "LONG_TABLES", "build_report", "lay_out", "gap_rows", "raw_rows"]

#: The long tables a CSV can hold: sheet name -> (what `gather` must read, the sheet).
LONG_TABLES: dict[str, tuple[frozenset[str], Callable[[ReportData], Sheet]]] = {
    "Gap register": (frozenset({GAPS}), sheets.gap_sheet),
    "Free text": (frozenset(), sheets.text_sheet),
    "Raw answers": (frozenset({RAW}), sheets.raw_sheet),
}


def build_report(engine: Engine, event_code: str, *, session_ids: list[int] | None = None,
                 anonymise: bool = False, only: str | None = None) -> Report:
    """The whole report, or with `only` just one of its long tables ("Raw answers", "Gap register",
    "Free text") for a CSV download."""
    if only is not None:
        parts, sheet = LONG_TABLES[only]
        data = gather(engine, event_code, session_ids=session_ids, anonymise=anonymise, parts=parts)
        return Report(data.event, [sheet(data)], anonymise, data.generated_at, data.session_ids)
    return lay_out(gather(engine, event_code, session_ids=session_ids, anonymise=anonymise, parts=ALL_PARTS))


def lay_out(data: ReportData) -> Report:
    """Every sheet of the report, in order, from data read beforehand (no database needed)."""
    laid = [sheets.cover(data), sheets.summary(data)]
    used_names = {s.name for s in laid}
    laid += [sheets.questionnaire_sheet(s, used_names) for s in data.sessions]
    laid += [sheets.matrix_sheet(data), sheets.gap_sheet(data), sheets.text_sheet(data), sheets.raw_sheet(data),
             sheets.dictionary(data)]
    return Report(data.event, laid, data.anonymised, data.generated_at, data.session_ids)


# --- kept for callers of the earlier API ----------------------------------------------------------

def gap_rows(engine: Engine, agenda_session_id: int, question_id: str) -> list[dict]:
    """Every gap of a gap register question (submitted responses), one dict per gap with its country."""
    with read_session(engine) as s:
        gaps = read_gaps(session=s, questions={agenda_session_id: [question_id]})
    return [{k: v for k, v in g._asdict().items() if v is not None}
            for g in gaps.get(agenda_session_id, {}).get(question_id, [])]


def raw_rows(engine: Engine, event: Event, session_ids: list[int], anonymise: bool,
             audience: Audience | None = None) -> Iterator[list]:  # noqa: ARG001 (kept for old callers)
    """Every submitted answer in long form (one row per answer, under `RAW_HEADER`), in a stable order,
    for the audience of a report of `event` (`audience` is ignored: `gapmap.privacy` decides)."""
    if not session_ids:
        return iter(())
    data = gather(engine, event.code, session_ids=session_ids, anonymise=anonymise, parts={RAW})
    return sheets.raw_answer_rows(data)
