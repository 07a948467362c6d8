"""The Excel writer: turns a `Report`'s tables into a workbook (openpyxl, write-only, native charts).

Write-only mode streams rows to disk, so a report with 100,000 raw answers stays small in memory.
Every string goes through `exports.cells.xlsx_value`: nothing a delegate typed becomes a formula.

A workbook of the demo event says `gapmap.demo_marker.DEMO_MARKER` on every sheet: in its printed
header and footer, and in its first row (frozen, so it stays in view); the sheet's tables start one
row lower. Other events' sheets start in row 1, as before.
"""
from __future__ import annotations

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
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo

from exports.cells import xlsx_value
from exports.tables import Report, Sheet, Table
from gapmap.demo_marker import demo_marker

TITLE_FONT = Font(bold=True, size=12)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
NOTE_FONT = Font(italic=True, color="555555")
WRAP = Alignment(wrap_text=True, vertical="top")
DEMO_COLOR = "B00020"
DEMO_FONT = Font(bold=True, color=DEMO_COLOR)


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
        if marker:
            _mark_demo(ws, marker)
        if sheet.excel_table:
            tables_made += _write_excel_table(ws, sheet, tables_made, first_row=first_row)
        else:
            _write_blocks(ws, sheet, demo=report.event.is_demo and sheet.name == "Cover", first_row=first_row)
    wb.save(target)


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


def _write_blocks(ws, sheet: Sheet, *, demo: bool, first_row: int = 1) -> None:
    """Tables stacked down the sheet from `first_row`, each with its title, header, note and a chart beside it."""
    row = first_row
    for table in sheet.tables:
        ws.append([_styled(ws, table.title, font=TITLE_FONT)])
        header_row = row + 1
        ws.append([_styled(ws, h, font=HEADER_FONT, fill=HEADER_FILL) for h in table.header])
        for i, values in enumerate(table.rows):
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
            ws.append([_styled(ws, table.note, font=NOTE_FONT)])
        if table.chart and table.rows:
            _add_chart(ws, table, header_row, last_row)
        used = len(table.rows) + 2 + (1 if table.note else 0)
        if table.chart and table.rows:  # leave room for the chart below short tables
            used = max(used, 2 + int(_chart_height(table) / 0.5))
        ws.append([])
        for _ in range(used - (len(table.rows) + 2 + (1 if table.note else 0))):
            ws.append([])
        row += used + 1


def _chart_height(table: Table) -> float:
    """Room for the title and one readable bar per row (centimetres)."""
    return max(7.5, 4.0 + 0.65 * len(table.rows))


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
    chart.width = 20
    anchor_column = get_column_letter(len(table.header) + 2)
    ws.add_chart(chart, f"{anchor_column}{header_row - 1}")


def _write_excel_table(ws, sheet: Sheet, index: int, *, first_row: int = 1) -> int:
    """One table as a filterable Excel table, its header in `first_row` (frozen by the caller);
    returns 1 if a table was made."""
    table = sheet.tables[0]
    ws.append([_styled(ws, h, font=HEADER_FONT) for h in table.header])
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

    def styled(j, v):
        if j in percent and isinstance(v, (int, float)):
            return _styled(ws, v, number_format="0%")
        return v

    for values in table.rows:
        if sheet.wrap:
            ws.append([_styled(ws, v, wrap=True) if isinstance(v, str) else styled(j, v) for j, v in enumerate(values)])
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
