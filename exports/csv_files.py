"""CSV writers for the report's long tables: UTF-8 with a byte-order mark, so Excel opens Thai,
Khmer or Thaana text correctly; formula-looking text neutralised.

A demo event's file starts with one comment line, `# Synthetic demo data — not the States' answers`
(`gapmap.demo_marker.CSV_COMMENT`), before the header row: a reader skips that line (pandas:
`skiprows=1`; Python's csv module: `next(reader)`). Other events' files start with the header row.
"""
from __future__ import annotations

import csv
import io

from exports.cells import csv_value
from exports.tables import Report
from gapmap.demo_marker import CSV_COMMENT, demo_marker


def table_csv(report: Report, sheet_name: str) -> bytes:
    """One of the report's tables ("Raw answers", "Gap register", "Free text") as CSV bytes."""
    table = report.sheet(sheet_name).tables[0]
    buffer = io.StringIO(newline="")
    if demo_marker(report.event):
        buffer.write(CSV_COMMENT + "\r\n")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
