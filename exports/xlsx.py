"""The Excel writer: turns a `Report`'s tables into a workbook (openpyxl, write-only, native charts).

Write-only mode streams rows to disk, so a report with 100,000 raw answers stays small in memory.
Every string goes through `exports.cells.xlsx_value`: nothing a delegate typed becomes a formula.

A workbook of the demo event says `gapmap.demo_marker.DEMO_MARKER` on every sheet: in its printed
header and footer, and in its first row (frozen, so it stays in view); the sheet's tables start one
row lower. Other events' sheets start in row 1, as before.

Every sheet prints (`_page_setup`): A4 landscape, fitted to the page width (no column is ever cut
onto a page of its own), as many pages down as it takes, or on one page for the cover and the
summary; an Excel table's header rows repeat on every page (print titles). The printed header says
the event, the sheet and "Page 3 of 41"; the footer the report's privacy mode ("Anonymised (for
sharing) · Chatham House Rule · k = 3") and when it was made; the demo marker stays in the middle of
both. The raw answers, the data dictionary, the findings by answer and the sessions' sheets are data,
not a report (`exports.report` says which): their print area is their header row (a session's
sheet: its first row), and their footer says how to print the rest (clear the print area). openpyxl
cannot mark a sheet "do not print", and a print area is what Excel and LibreOffice both honour.
"""
from __future__ import annotations

import math
import re
import warnings
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo

from exports.cells import xlsx_value
from exports.tables import PRINT_HEADER_ONLY, PRINT_ONE_PAGE, Report, Sheet, Table
from gapmap.demo_marker import demo_marker
from gapmap.privacy import minimum_group, policy_label

FONT = "Calibri"  # named on every styled cell: a font without a name prints in a serif face in LibreOffice
TITLE_FONT = Font(name=FONT, bold=True, size=12)
HEADER_FONT = Font(name=FONT, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
NOTE_FONT = Font(name=FONT, italic=True, color="555555")
WRAP = Alignment(wrap_text=True, vertical="top")
#: The page set-up of every sheet: openpyxl's Worksheet.PAPERSIZE_A4, landscape, narrow margins (inches).
A4, LANDSCAPE = 9, "landscape"
MARGINS = dict(left=0.4, right=0.4, top=0.75, bottom=0.75, header=0.3, footer=0.3)
HEADER_PARTS = ("oddHeader", "evenHeader", "firstHeader")
FOOTER_PARTS = ("oddFooter", "evenFooter", "firstFooter")
DEMO_COLOR = "B00020"
DEMO_FONT = Font(name=FONT, bold=True, color=DEMO_COLOR)


def write_xlsx(report: Report, target: str | BinaryIO) -> None:
    wb = Workbook(write_only=True)
    tables_made = 0
    marker = demo_marker(report.event)  # None unless the demo event
    for sheet in report.sheets:
        ws = wb.create_sheet(sheet.name)
        for column, width in sheet.widths.items():
            ws.column_dimensions[get_column_letter(column + 1)].width = width
        first_row = 2 if marker else 1  # the demo marker takes the first row
        frozen = first_row + (1 if sheet.excel_table else 0)  # the marker and an Excel table's header stay in view
        if frozen > 1:
            ws.freeze_panes = f"A{frozen}"  # write-only: before the first row
        _page_setup(ws, report, sheet, first_row=first_row)  # write-only: before the first row too
        if marker:
            _mark_demo(ws, marker)
        if sheet.excel_table:
            tables_made += _write_excel_table(ws, sheet, tables_made, first_row=first_row)
        else:
            _write_blocks(ws, sheet, demo=report.event.is_demo and sheet.name == "Cover", first_row=first_row)
    wb.save(target)


def privacy_mode(report: Report) -> str:
    """What a printed page's footer says of the report's privacy: its mode and the event's terms."""
    mode = "Anonymised (for sharing)" if report.anonymised else "Full report (organisers only)"
    return f"{mode} · {policy_label(report.event)} · k = {minimum_group(report.event)}"


def _header_text(text: str, limit: int = 80) -> str:
    """Literal text for a printed header or footer: '&' doubled (it starts a code), kept short
    (Excel allows 255 characters for a whole header)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text.replace("&", "&&")


def _page_setup(ws, report: Report, sheet: Sheet, *, first_row: int) -> None:
    """A4 landscape, fitted to the page width; print titles, print area, header and footer (see the
    module docstring). The demo marker's own part of the header and footer (the centre) is left
    to `_mark_demo`."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = A4
    ws.page_setup.orientation = LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if sheet.prints == PRINT_ONE_PAGE else 0  # 0: as many pages as it takes
    ws.page_margins = PageMargins(**MARGINS)
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = not sheet.excel_table  # an Excel table has its own bands
    last_column = get_column_letter(max(1, max((len(t.header) for t in sheet.tables), default=1)))
    if sheet.excel_table:
        ws.print_title_rows = f"1:{first_row}"  # the demo marker and the table's header, on every page
    footer = f"Generated {report.generated_at:%Y-%m-%d %H:%M} UTC"
    if sheet.prints == PRINT_HEADER_ONLY:
        ws.print_area = f"A1:{last_column}{first_row}"
        if sheet.excel_table:
            rows = sum(len(t.rows) for t in sheet.tables)
            footer = f"Not printed by default: the print area is the header row. To print all {rows:,} rows"
        else:  # a sheet of tables and charts (a session's): its first table's title
            charts = sum(1 for t in sheet.tables if t.chart and t.rows)
            footer = (f"Not printed by default: only the first row prints. To print its {len(sheet.tables):,} tables"
                      + (f" and {charts:,} charts" if charts else ""))
        footer += ", clear the print area (Page Layout > Print Area > Clear Print Area)."
    for name in HEADER_PARTS:
        part = getattr(ws.HeaderFooter, name)
        part.left.text, part.left.size = _header_text(report.event.title, 60), 9
        part.right.text, part.right.size = "&A · Page &P of &N", 9
    for name in FOOTER_PARTS:
        part = getattr(ws.HeaderFooter, name)
        part.left.text, part.left.size = _header_text(privacy_mode(report), 120), 9
        part.right.text, part.right.size = _header_text(footer, 160), 9


def _mark_demo(ws, marker: str) -> None:
    """The demo marker in the sheet's header and footer (on every page: odd, even and first) and in
    its first row."""
    for name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
        part = getattr(ws.HeaderFooter, name).center
        part.text, part.font, part.color = marker, "Calibri,Bold", DEMO_COLOR
    ws.append([_styled(ws, marker, font=DEMO_FONT)])


def _styled(ws, value, *, font=None, fill=None, number_format=None, wrap=False):
    cell = xlsx_value(ws, value)
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(ws, value=cell)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    if wrap:
        cell.alignment = WRAP
    return cell


#: Row heights, which a write-only sheet must state (LibreOffice does not fit a row to its wrapped
#: text when it opens a workbook, so a printed page would cut it): one line of Calibri 11 is 15
#: points; a unit of column width holds about 1.2 characters of text; Excel's highest row is 409 points.
LINE_HEIGHT, CHARS_PER_WIDTH, MAX_ROW_HEIGHT, DEFAULT_WIDTH = 15.0, 1.2, 409.0, 8.43


def _lines(text: str, width: float, wide: float = 1.0) -> int:
    """The lines `text` takes in a column `width` wide, wrapped at spaces as Excel does (`wide`:
    how much wider its letters are than body text's)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH / wide))
    lines = 0
    for paragraph in text.split("\n"):
        lines, used = lines + 1, 0
        for word in paragraph.split(" "):
            if used and used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            lines += 1 if used else 0
            whole, used = divmod(len(word), per_line)  # a word longer than the line breaks inside it
            lines += whole - (1 if whole and not used else 0)
            used = used or (per_line if whole else 0)
    return max(1, lines)


#: How much wider than body text a header's bold letters are, and a table title's (bold, 12 points).
BOLD, TITLE = 1.08, 1.2


def _height(values, widths: dict[int, float], *, spans: dict[int, float] | None = None, wide: float = 1.0) -> float:
    """The height in points a row needs for its wrapped text (`spans`: column -> the width of a
    merged cell starting there)."""
    lines = 1
    for j, value in enumerate(values):
        if isinstance(value, str) and len(value) > 6:
            width = (spans or {}).get(j) or widths.get(j, DEFAULT_WIDTH)
            lines = max(lines, _lines(value, width, wide))
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT * (1.1 if wide == TITLE and lines > 1 else 1.0))


def _fit_row(ws, row: int, values, widths: dict[int, float], *, spans: dict[int, float] | None = None,
             wide: float = 1.0) -> float:
    """Give `row` the height its wrapped text needs; a row of one line keeps the default. Returns
    the row's height in points."""
    height = _height(values, widths, spans=spans, wide=wide)
    if height > LINE_HEIGHT:
        ws.row_dimensions[row].height = height
    return height


#: The printable area of an A4 landscape page within MARGINS, in points; a column's width in points
#: (Excel: a unit is one '0', 7 pixels at 96 dpi, plus 5 pixels of padding; 0.75 points a pixel).
PAGE_WIDTH, PAGE_HEIGHT = (29.7 / 2.54 - 0.8) * 72, (21.0 / 2.54 - 1.5) * 72
CHART_WIDTH = 20  # centimetres


def _column_points(width: float) -> float:
    return (width * 7 + 5) * 0.75


def _page_room(sheet: Sheet) -> float:
    """How many points of the sheet one printed page holds, once fitted to the page width (a little
    less, for the printer's rounding)."""
    content = max((sum(_column_points(sheet.widths.get(j, DEFAULT_WIDTH)) for j in range(len(t.header) + 1))
                   + (CHART_WIDTH * POINTS_PER_CM if t.chart else 0) for t in sheet.tables), default=1)
    return 0.95 * PAGE_HEIGHT / min(1.0, PAGE_WIDTH / content)


def _block_height(table: Table, sheet: Sheet) -> float:
    """A table's height in points: its title, header, rows and note, and its chart beside it."""
    columns, widths = max(1, len(table.header)), sheet.widths
    span = {0: sum(widths.get(j, DEFAULT_WIDTH) for j in range(columns))}
    height = (_height([table.title], widths, spans=span, wide=TITLE) + _height(table.header, widths, wide=BOLD)
              + sum(_height(values, widths) if sheet.wrap else LINE_HEIGHT for values in table.rows)
              + (_height([table.note], widths, spans=span) if table.note else 0))
    return max(height, _chart_height(table) * POINTS_PER_CM if table.chart and table.rows else 0)


def _span(ws, row: int, columns: int, widths: dict[int, float]) -> dict[int, float]:
    """Merge a title or note cell across the table's `columns` (its text wraps inside them)."""
    if columns > 1:
        ws.merged_cells.add(f"A{row}:{get_column_letter(columns)}{row}")
    return {0: sum(widths.get(j, DEFAULT_WIDTH) for j in range(columns))}


def _write_blocks(ws, sheet: Sheet, *, demo: bool, first_row: int = 1) -> None:
    """Tables stacked down the sheet from `first_row`, each with its title, header, note and a chart
    beside it. A title and a note span the table's columns and wrap; rows are as high as their text."""
    row = first_row
    widths = sheet.widths
    room = None if sheet.prints == PRINT_ONE_PAGE else _page_room(sheet)
    on_page = LINE_HEIGHT * (first_row - 1)  # the demo marker's row
    for table in sheet.tables:
        columns = max(1, len(table.header))
        block = _block_height(table, sheet) + LINE_HEIGHT  # and the blank row under it
        if room and on_page and on_page + block > room and block <= room:  # a table and its chart on one page
            ws.row_breaks.append(Break(id=row - 1))
            on_page = 0
        on_page = (on_page + block) % room if room else 0
        height = _fit_row(ws, row, [table.title], widths, spans=_span(ws, row, columns, widths), wide=TITLE)
        ws.append([_styled(ws, table.title, font=TITLE_FONT, wrap=True)])
        header_row = row + 1
        height += _fit_row(ws, header_row, table.header, widths, wide=BOLD)
        ws.append([_styled(ws, h, font=HEADER_FONT, fill=HEADER_FILL, wrap=True) for h in table.header])
        for i, values in enumerate(table.rows):
            height += _fit_row(ws, header_row + 1 + i, values, widths) if sheet.wrap else LINE_HEIGHT
            cells = []
            for j, value in enumerate(values):
                fill = table.fills.get((i, j))
                percent = j in table.percent_columns and isinstance(value, (int, float))
                is_demo = demo and j == 0 and value == "DEMO DATA"
                if fill or percent or sheet.wrap or is_demo:
                    cells.append(_styled(ws, value, fill=PatternFill("solid", fgColor=fill) if fill else None,
                                         number_format="0%" if percent else None, wrap=sheet.wrap,
                                         font=DEMO_FONT if is_demo else None))
                else:
                    cells.append(xlsx_value(ws, value))
            ws.append(cells)
        last_row = header_row + len(table.rows)
        if table.note:
            height += _fit_row(ws, last_row + 1, [table.note], widths, spans=_span(ws, last_row + 1, columns, widths))
            ws.append([_styled(ws, table.note, font=NOTE_FONT, wrap=True)])
        if table.chart and table.rows:
            _add_chart(ws, table, header_row, last_row)
        used = len(table.rows) + 2 + (1 if table.note else 0)
        below = 0  # blank rows that leave room for the chart beside a table shorter than the chart
        if table.chart and table.rows:
            below = max(0, math.ceil((_chart_height(table) * POINTS_PER_CM - height) / LINE_HEIGHT))
        for _ in range(below + 1):  # and one blank row between tables
            ws.append([])
        row += used + below + 1


#: A chart's height: room for its title and one readable bar per row (centimetres).
CHART_MIN_HEIGHT, CHART_BASE, CHART_PER_BAR, POINTS_PER_CM = 6.0, 3.0, 0.6, 72 / 2.54


def _chart_height(table: Table) -> float:
    return max(CHART_MIN_HEIGHT, CHART_BASE + CHART_PER_BAR * len(table.rows))


def _add_chart(ws, table: Table, header_row: int, last_row: int) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    title = table.chart.title  # the table above holds the full question; the chart a short title
    chart.title = title if len(title) <= 70 else title[:68].rsplit(" ", 1)[0] + " …"
    chart.legend = None if len(table.chart.value_columns) == 1 else chart.legend
    if table.chart.kind == "stacked":
        chart.grouping = "stacked"
        chart.overlap = 100
    for column in table.chart.value_columns:
        data = Reference(ws, min_col=column + 1, min_row=header_row, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=table.chart.label_column + 1, min_row=header_row + 1, max_row=last_row))
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # first option at the top, as in the table
    chart.height = _chart_height(table)
    chart.width = CHART_WIDTH
    anchor_column = get_column_letter(len(table.header) + 2)
    ws.add_chart(chart, f"{anchor_column}{header_row - 1}")


def _write_excel_table(ws, sheet: Sheet, index: int, *, first_row: int = 1) -> int:
    """One table as a filterable Excel table, its header in `first_row` (frozen by the caller);
    returns 1 if a table was made."""
    table = sheet.tables[0]
    _fit_row(ws, first_row, table.header, sheet.widths, wide=BOLD)
    ws.append([_styled(ws, h, font=HEADER_FONT, wrap=True) for h in table.header])
    safe: dict[str, object] = {}  # labels repeat on every row: check each distinct short text once

    def value(v):
        if not isinstance(v, str):
            return v
        if len(v) > 200:
            return xlsx_value(ws, v)
        if v not in safe:
            checked = xlsx_value(ws, v)
            safe[v] = checked if isinstance(checked, str) else None  # formula-looking: a fresh cell each time
        return safe[v] if safe[v] is not None else xlsx_value(ws, v)

    percent = set(table.percent_columns)

    def styled(j, v, *, top=False):
        if j in percent and isinstance(v, (int, float)):
            return _styled(ws, v, number_format="0%", wrap=top)
        return _styled(ws, v, wrap=True) if top and v is not None else v

    for i, values in enumerate(table.rows, start=first_row + 1):
        if sheet.wrap:
            _fit_row(ws, i, values, sheet.widths)
            ws.append([_styled(ws, v, wrap=True) if isinstance(v, str) else styled(j, v, top=True)
                       for j, v in enumerate(values)])
        elif percent:
            ws.append([value(v) if isinstance(v, str) else styled(j, v) for j, v in enumerate(values)])
        else:
            ws.append([value(v) for v in values])
    if not table.rows:
        ws.append(["(none)"])
        return 0
    ref = f"A{first_row}:{get_column_letter(len(table.header))}{len(table.rows) + first_row}"
    name = re.sub(r"\W", "_", sheet.name)[:200] + f"_{index + 1}"
    excel_table = ExcelTable(displayName=name if name[0].isalpha() else f"T_{name}", ref=ref)
    # Write-only sheets cannot read their header back: name the columns and the filter here.
    excel_table.tableColumns = [TableColumn(id=i + 1, name=str(h)) for i, h in enumerate(table.header)]
    excel_table.autoFilter = AutoFilter(ref=ref)
    excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():  # openpyxl always warns in write-only mode; the columns are set above
        warnings.filterwarnings("ignore", message="In write-only mode you must add table columns manually")
        ws.add_table(excel_table)
    return 1
