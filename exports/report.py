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

from typing import Callable

from sqlalchemy.engine import Engine

from exports import sheets, state_sheets
from exports.gather import ALL_PARTS, GAPS, POSITIONS, RAW, ReportData, ReportError, gather
from exports.question_tables import QUESTION_TABLES
from exports.sheets import PRIVACY_NOTE, RAW_HEADER
from exports.tables import Chart, Report, Sheet, Table

__all__ = ["Chart", "Table", "Sheet", "Report", "ReportError", "QUESTION_TABLES", "RAW_HEADER", "PRIVACY_NOTE",
           "LONG_TABLES", "build_report", "lay_out"]

#: The long tables a CSV can hold: sheet name -> (what `gather` must read, the sheet).
LONG_TABLES: dict[str, tuple[frozenset[str], Callable[[ReportData], Sheet]]] = {
    "Gap register": (frozenset({GAPS}), sheets.gap_sheet),
    "Free text": (frozenset(), sheets.text_sheet),
    "Raw answers": (frozenset({RAW}), sheets.raw_sheet),
    "Positions": (frozenset({POSITIONS}), state_sheets.positions_long_sheet),  # organisers only
}


def build_report(engine: Engine, event_code: str, *, session_ids: list[int] | None = None,
                 anonymise: bool = False, only: str | None = None) -> Report:
    """The whole report, or with `only` just one of its long tables ("Raw answers", "Gap register",
    "Free text", "Positions") for a CSV download."""
    if only is not None:
        parts, sheet = LONG_TABLES[only]
        data = gather(engine, event_code, session_ids=session_ids, anonymise=anonymise, parts=parts)
        return Report(data.event, [sheet(data)], anonymise, data.generated_at, data.session_ids)
    return lay_out(gather(engine, event_code, session_ids=session_ids, anonymise=anonymise, parts=ALL_PARTS))


def lay_out(data: ReportData) -> Report:
    """Every sheet of the report, in order, from data read beforehand (no database needed)."""
    laid = [sheets.cover(data), sheets.summary(data), state_sheets.findings_sheet(data)]
    if (positions := state_sheets.positions_sheet(data)) is not None:  # None in an anonymised report
        laid.append(positions)
    if (records := state_sheets.records_sheet(data)) is not None:  # the same
        laid.append(records)
    used_names = {s.name for s in laid} | {"Matrix", "Gap register", "Free text", "Raw answers", "Data dictionary"}
    laid += [sheets.questionnaire_sheet(s, used_names) for s in data.sessions]
    laid += [state_sheets.matrix_sheet(data), sheets.gap_sheet(data), sheets.text_sheet(data), sheets.raw_sheet(data),
             sheets.dictionary(data)]
    return Report(data.event, laid, data.anonymised, data.generated_at, data.session_ids)
