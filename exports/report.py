"""An event's report: gather what it needs (`exports.gather`), then lay out its sheets
(`exports.sheets`) as plain tables (`exports.tables`); thin writers turn it into xlsx or csv.

The figures come from `gapmap.aggregation`, the same code path as the live dashboard, so a
workbook and the dashboard agree for the same data. What each audience may see is decided by
`gapmap.privacy` alone (see `export_audience` there): organisers' reports show everything;
anonymised reports, for sharing, number the respondents, name no country under the Chatham House
Rule, count States per position where they may not name them, and keep free text and gaps unless
they would point to fewer than k States (the rule is in `gapmap.privacy`'s docstring). Participant
tokens are credentials and are never exported.

How each sheet prints is decided here too (`PRINTS`, `SESSION_PRINTS`); `exports.xlsx` writes the
page set-up.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy.engine import Engine

from exports import sheets, state_sheets
from exports.gather import ALL_PARTS, GAPS, POSITIONS, RAW, ReportData, ReportError, gather
from exports.question_tables import QUESTION_TABLES
from exports.sheets import PRIVACY_NOTE, RAW_HEADER
from exports.tables import PRINT_HEADER_ONLY, PRINT_ONE_PAGE, Chart, Report, Sheet, Table

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


#: How sheets print (exports.tables.Sheet.prints); every other sheet prints on as many pages as it takes.
#: The findings per answer are the data behind the Findings, as the raw answers are: printed on request.
PRINTS = {"Cover": PRINT_ONE_PAGE, "Summary": PRINT_ONE_PAGE, "Findings by answer": PRINT_HEADER_ONLY,
          "State positions": PRINT_HEADER_ONLY,  # each State's position: the Findings and Matrix print the counts
          "Raw answers": PRINT_HEADER_ONLY, "Data dictionary": PRINT_HEADER_ONLY}
#: How a session's sheet (a table and a chart per question: about 6 printed pages each in the demo)
#: prints: its first row only, unless asked; the Findings, the Matrix and the gap and text sheets
#: print the same figures counted by State, and the demo workbook prints on at most 60 pages.
SESSION_PRINTS = PRINT_HEADER_ONLY


def lay_out(data: ReportData) -> Report:
    """Every sheet of the report, in order, from data read beforehand (no database needed): the
    cover, the findings, the summary, the findings per answer, then the details; the raw data last."""
    laid = [sheets.cover(data), state_sheets.findings_sheet(data), sheets.summary(data),
            state_sheets.findings_by_answer_sheet(data)]
    if (positions := state_sheets.positions_sheet(data)) is not None:  # None in an anonymised report
        laid.append(positions)
    if (records := state_sheets.records_sheet(data)) is not None:  # the same
        laid.append(records)
    if (by_state := state_sheets.gaps_by_state_sheet(data)) is not None:  # the same
        laid.append(by_state)
    tail = [state_sheets.matrix_sheet(data), sheets.gap_sheet(data), sheets.text_sheet(data), sheets.raw_sheet(data),
            sheets.dictionary(data)]
    used_names = {s.name for s in laid + tail}  # fixed names first: a session's sheet never takes one
    sessions = [sheets.questionnaire_sheet(s, used_names) for s in data.sessions]
    for sheet in sessions:  # the data behind the Findings, question by question: printed on request
        sheet.prints = SESSION_PRINTS
    laid += sessions + tail
    for sheet in laid:
        sheet.prints = PRINTS.get(sheet.name, sheet.prints)
    return Report(data.event, laid, data.anonymised, data.generated_at, data.session_ids)
