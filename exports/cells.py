"""Text that is safe in a spreadsheet: never a formula, no characters Excel refuses, within limits.

Delegates type free text; some of it may start with `=`, `+`, `-`, `@`, a tab or a carriage
return, which Excel would read as a formula. Such text is written as a string cell with Excel's
"quote prefix" (the text itself unchanged to the reader); in CSV it gets a leading apostrophe.
"""
from __future__ import annotations

import re

from openpyxl.cell import WriteOnlyCell

EXCEL_CELL_LIMIT = 32_767
CUT_MARKER = " … [cut at Excel's cell limit; the full text is in the JSON archive]"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses (IllegalCharacterError)


def clean(text: str) -> str:
    """Without the control characters Excel cannot store, and cut with a marker past its limit."""
    text = _ILLEGAL.sub("", text)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(CUT_MARKER)] + CUT_MARKER
    return text


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def xlsx_value(ws, value):
    """A value for a write-only row: strings cleaned, formula-looking ones as literal text cells."""
    if not isinstance(value, str):
        return value
    text = clean(value)
    if looks_like_formula(text):
        cell = WriteOnlyCell(ws, value=None)
        cell.value = text  # bound below as a plain string, never a formula
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return text


def csv_value(value):
    """A value for a CSV row: formula-looking text neutralised with a leading apostrophe."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return "" if value is None else value
