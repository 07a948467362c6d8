"""Exports as the organiser asks for them: built, returned as bytes and recorded in the audit log."""
from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from db import audit
from db.engine import write_session
from exports.csv_files import table_csv
from exports.report import build_report
from exports.xlsx import write_xlsx

#: `--table` name -> the long table; "positions" (each State's position) is for organisers only.
CSV_TABLES = {"raw": "Raw answers", "gaps": "Gap register", "text": "Free text", "positions": "Positions"}


@dataclass(frozen=True)
class Export:
    filename: str
    data: bytes
    mime: str


def _record(engine: Engine, *, actor: str, event_id: int, kind: str, **detail) -> None:
    with write_session(engine) as s:
        audit.record(db=s, actor=actor, action="export", event_id=event_id, detail={"kind": kind, **detail})


def excel_report(engine: Engine, code: str, *, actor: str, session_ids: list[int] | None = None,
                 anonymise: bool = False) -> Export:
    report = build_report(engine, code, session_ids=session_ids, anonymise=anonymise)
    buffer = io.BytesIO()
    write_xlsx(report, buffer)
    suffix = "-anonymised" if anonymise else ""
    _record(engine, actor=actor, event_id=report.event.id, kind="xlsx", anonymised=anonymise,
            sessions=report.session_ids, bytes=buffer.getbuffer().nbytes)
    return Export(f"gapmap-{code}{suffix}.xlsx", buffer.getvalue(),
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def csv_table(engine: Engine, code: str, table: str, *, actor: str, session_ids: list[int] | None = None,
              anonymise: bool = False) -> Export:
    report = build_report(engine, code, session_ids=session_ids, anonymise=anonymise, only=CSV_TABLES[table])
    data = table_csv(report, CSV_TABLES[table])
    _record(engine, actor=actor, event_id=report.event.id, kind=f"csv:{table}", anonymised=anonymise,
            sessions=report.session_ids, bytes=len(data))
    suffix = "-anonymised" if anonymise else ""
    return Export(f"gapmap-{code}-{table}{suffix}.csv", data, "text/csv")


def rapporteur_brief(engine: Engine, code: str, *, actor: str, session_ids: list[int] | None = None,
                     anonymise: bool = False) -> Export:
    """The rapporteur's draft (Word), from the same data as the Excel report (exports.brief)."""
    from db.engine import read_session
    from db.events import event_by_code
    from exports.brief import brief_content
    from exports.brief_docx import write_docx
    from exports.gather import GAPS, POSITIONS, gather
    from gapmap.event_time import local, zone_name
    from gapmap.privacy import brief_anonymised
    from gapmap.quotes import quotable_quotes

    with read_session(engine) as s:
        event = event_by_code(db=s, code=code, include_archived=True)
    shared = brief_anonymised(event, anonymise=anonymise) if event is not None else anonymise
    data = gather(engine, code, session_ids=session_ids, anonymise=shared, parts={GAPS, POSITIONS})
    quotes = quotable_quotes(engine, data.event.id, data.audience, session_ids=data.session_ids)
    at = data.generated_at
    when = f"{at:%d %b %Y %H:%M} UTC"
    if data.event.time_zone != "UTC":
        when = f"{local(data.event, at):%d %b %Y %H:%M} {zone_name(data.event)} ({when})"
    payload = write_docx(brief_content(data, quotes, when))
    _record(engine, actor=actor, event_id=data.event.id, kind="brief", anonymised=shared,
            sessions=data.session_ids, bytes=len(payload))
    suffix = "-anonymised" if shared else ""
    return Export(f"gapmap-{code}-brief{suffix}.docx", payload,
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def json_archive(engine: Engine, code: str, *, actor: str) -> Export:
    """The complete, lossless archive of an event (not anonymised: organisers only)."""
    from db.engine import read_session
    from db.events import event_by_code
    from exports.archive import archive_json
    from exports.gather import ReportError

    with read_session(engine) as s:
        event = event_by_code(db=s, code=code, include_archived=True)
    if event is None:
        raise ReportError(f"No event has the code {code}.")
    data = archive_json(engine, code).encode("utf-8")
    _record(engine, actor=actor, event_id=event.id, kind="json-archive", bytes=len(data))
    return Export(f"gapmap-{code}-archive.json", data, "application/json")
