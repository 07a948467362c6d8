"""The demo marker: the one sentence that says the demo event's data are made up.

The demo event (`Event.is_demo`, code BKK2024) holds synthetic answers about the 12 real Bali
Process Member States, so nothing of it may pass for their real answers: every screen of it says
this sentence (`ui.demo_banner`), and so does every file exported from it: each workbook sheet in
its header, its footer and its first row (`exports.xlsx`), each CSV file in a first comment line
(`exports.csv_files`) and the JSON archive at its top level (`exports.archive`). Other events say
nothing. One constant, so the screens and the files never drift apart.
"""
from __future__ import annotations

from typing import Protocol

#: The exact words, everywhere.
DEMO_MARKER = "Synthetic demo data — not the States' answers"
#: The first line of a demo event's CSV file (a reader skips it: `skiprows=1`).
CSV_COMMENT = f"# {DEMO_MARKER}"


class _Event(Protocol):
    is_demo: bool


def demo_marker(event: _Event | None) -> str | None:
    """The marker when `event` is the demo event, else None (no event: None)."""
    return DEMO_MARKER if event is not None and event.is_demo else None
