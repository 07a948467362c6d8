"""CSV writers for the report's long tables: UTF-8 with a byte-order mark, so Excel opens Thai,
Khmer or Thaana text correctly; formula-looking text neutralised."""
from __future__ import annotations

import csv
import io

from exports.cells import csv_value
from exports.tables import Report


def table_csv(report: Report, sheet_name: str) -> bytes:
    """One of the report's tables ("Raw answers", "Gap register", "Free text") as CSV bytes."""
    table = report.sheet(sheet_name).tables[0]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
