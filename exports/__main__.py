"""`python -m exports COMMAND`: report (Excel), csv, archive (JSON) and restore.

    python -m exports report --event BKK2024 --out report.xlsx [--anonymise] [--session ID ...]
    python -m exports brief --event BKK2024 --out brief.docx [--anonymise] [--session ID ...]
    python -m exports csv --event BKK2024 --table raw|gaps|text|positions --out answers.csv [--anonymise]
    python -m exports archive --event BKK2024 --out bkk2024.json
    python -m exports restore bkk2024.json [--new-code CODE]

Uses DATABASE_URL (default: the SQLite file under data/). Every export is in the audit log.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db.engine import make_engine
from db.migrate import upgrade
from exports.gather import ReportError
from exports.runs import CSV_TABLES, Export, csv_table, excel_report, json_archive, rapporteur_brief

#: Who the audit log says made an export from the command line.
ACTOR = "cli"


def _whole_event(command: argparse.ArgumentParser, *, anonymise: str) -> None:
    """The arguments of an export built from a whole event's report (the workbook, the brief)."""
    command.add_argument("--event", required=True, help="the event's join code, e.g. BKK2024")
    command.add_argument("--out", required=True, type=Path)
    command.add_argument("--anonymise", action="store_true", help=anonymise)
    command.add_argument("--session", type=int, action="append", help="only these agenda session ids (repeatable)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exports", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: DATABASE_URL or data/gapmap.sqlite3)")
    sub = parser.add_subparsers(dest="command", required=True)
    _whole_event(sub.add_parser("report", help="the Excel report of an event"),
                 anonymise="for sharing: no countries under Chatham House, k applied")
    _whole_event(sub.add_parser("brief", help="the rapporteur's draft of an event (Word)"),
                 anonymise="from the anonymised report (always so under the Chatham House Rule)")
    table = sub.add_parser("csv", help="one long table as CSV (UTF-8 with BOM)")
    table.add_argument("--event", required=True)
    table.add_argument("--table", required=True, choices=list(CSV_TABLES),
                       help="positions: each State's position (organisers only, not with --anonymise)")
    table.add_argument("--out", required=True, type=Path)
    table.add_argument("--anonymise", action="store_true")
    table.add_argument("--session", type=int, action="append")
    archive = sub.add_parser("archive", help="a complete JSON archive of an event")
    archive.add_argument("--event", required=True)
    archive.add_argument("--out", required=True, type=Path)
    restore = sub.add_parser("restore", help="restore an event from its JSON archive")
    restore.add_argument("file", type=Path)
    restore.add_argument("--new-code", help="restore under another join code (the archived one is in use)")
    args = parser.parse_args(argv)

    engine = make_engine(args.url)
    upgrade(engine)
    try:
        if args.command == "restore":
            from exports.archive import restore_json

            event_id = restore_json(engine, args.file.read_text(encoding="utf-8"), new_code=args.new_code)
            print(f"restored as event #{event_id}")
            return 0
        made = export(engine, args)
    except (ReportError, ValueError) as exc:
        for problem in getattr(exc, "problems", None) or [str(exc)]:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    args.out.write_bytes(made.data)
    print(f"written {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


def export(engine, args: argparse.Namespace) -> Export:
    """A report, CSV or archive as the Export page makes it: built, then recorded in the audit log."""
    code = args.event.upper()
    if args.command == "report":
        return excel_report(engine, code, actor=ACTOR, session_ids=args.session, anonymise=args.anonymise)
    if args.command == "brief":
        return rapporteur_brief(engine, code, actor=ACTOR, session_ids=args.session, anonymise=args.anonymise)
    if args.command == "csv":
        return csv_table(engine, code, args.table, actor=ACTOR, session_ids=args.session, anonymise=args.anonymise)
    return json_archive(engine, code, actor=ACTOR)


if __name__ == "__main__":
    sys.exit(main())
