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


#: How a sheet prints (A4 landscape, fitted to the page width, in every case): as many pages down as
#: it takes; the whole sheet on one page (the cover, the summary); or only its header row, with a
#: footer that says how to print the rest (raw answers, the data dictionary: data, not a report).
PRINT_PAGES, PRINT_ONE_PAGE, PRINT_HEADER_ONLY = "pages", "one page", "header only"


@dataclass
class Sheet:
    name: str
    tables: list[Table]
    excel_table: bool = False  # one table, written as a filterable Excel table with a frozen header
    widths: dict[int, int] = field(default_factory=dict)  # column -> width in characters
    wrap: bool = False
    prints: str = PRINT_PAGES  # PRINT_PAGES, PRINT_ONE_PAGE or PRINT_HEADER_ONLY


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
SHEET_NAME_LIMIT = 31
#: Words a shortened name does not end on ("1.2 Diverging definitions and the" -> "… definitions").
_DANGLING = {"a", "an", "and", "the", "of", "or", "in", "on", "for", "to", "with", "by", "at", "from", "about",
             "your", "its", "their", "vs", "&"}


def _shortened(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, without a dangling word or
    punctuation at its end; a single word longer than `limit` is cut inside it."""
    if len(text) <= limit:
        return text
    words = text[: limit + 1].split(" ")[:-1] if " " in text[: limit + 1] else [text[:limit]]
    while len(words) > 1 and (words[-1].lower().strip(",;.-–—") in _DANGLING or not words[-1].strip(",;.-–—")):
        words.pop()
    return " ".join(words).rstrip(" ,;.-–—'") or text[:limit].rstrip(" '")


def sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules in one place: at most 31 characters, none of []:*?/\\, unique (ignoring case),
    not blank. A longer title is shortened at a word boundary ("2.3 Data collection, management and
    victim privacy" -> "2.3 Data collection"); a name already used gets " (2)", " (3)" …

    The name returned is added to `used`."""
    base = " ".join(title.translate(_FORBIDDEN).split()).strip("' ") or "Sheet"
    taken = {u.lower() for u in used}
    name, n = _shortened(base, SHEET_NAME_LIMIT), 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = _shortened(base, SHEET_NAME_LIMIT - len(suffix)) + suffix, n + 1
    used.add(name)
    return name
