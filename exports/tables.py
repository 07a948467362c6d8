"""What a report is made of, as plain data (formpack style): sheets of titled tables with a header
and rows. The writers (`exports.xlsx`, `exports.csv_files`) turn these into files; nothing here
knows about the database or about privacy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from db.models import Event


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


_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules in one place: at most 31 characters, none of []:*?/\\, unique, not blank.

    The name returned is added to `used`."""
    base = " ".join(title.translate(_FORBIDDEN).split()).strip("'") or "Sheet"
    name, n = base[:31].rstrip(), 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
    used.add(name)
    return name
