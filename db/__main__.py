"""`python -m db COMMAND`: upgrade, prepare, seed-demo, reset-passcode, status, backup.

Uses DATABASE_URL (default: the SQLite file under data/).
"""
from __future__ import annotations

import argparse
import os
import sys

from db.engine import make_engine
from db.migrate import current_revision, head_revision, upgrade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: DATABASE_URL or data/gapmap.sqlite3)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("upgrade", help="apply the schema migrations")
    sub.add_parser("prepare", help="what the app's first start does, once: migrations, the shipped questionnaires, "
                                   "the demo event on an empty database (unless GAPMAP_SEED_DEMO=0), passcodes")
    sub.add_parser("seed-demo", help="create the demo event BKK2024 (idempotent)")
    reset = sub.add_parser("reset-passcode", help="generate and print a new passcode for a role")
    reset.add_argument("role", choices=["facilitator", "organiser"])
    sub.add_parser("status", help="print the database URL and schema revision")
    backup = sub.add_parser("backup", help="copy the SQLite database to FILE while the app runs")
    backup.add_argument("file", metavar="FILE", help="where to write the copy (must not exist)")
    args = parser.parse_args(argv)

    engine = make_engine(args.url)
    if args.command == "upgrade":
        upgrade(engine)
        print(f"schema at revision {current_revision(engine)}")
    elif args.command == "prepare":
        # Before several processes start (python -m deploy, Compose's migrate service, the Kubernetes
        # Job): they then find everything in place, and passcodes generated here are printed once.
        from gapmap.auth import configured_passcodes
        from gapmap.bootstrap import passcode_banner, prepare
        from gapmap.reference_files import ReferenceDataError

        try:
            report = prepare(engine, configured_passcodes(os.environ, {}))
        except ReferenceDataError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"schema at revision {current_revision(engine)}")
        print("demo event BKK2024 created" if report.demo_created else "no demo event created")
        if report.new_passcodes:
            print(passcode_banner(report.new_passcodes))
    elif args.command == "seed-demo":
        from gapmap.demo import DEMO_CODE, seed_demo

        upgrade(engine)
        created = seed_demo(engine)
        print(f"demo event {DEMO_CODE} {'created' if created else 'already there'}")
    elif args.command == "reset-passcode":
        from gapmap.auth import ENV_NAMES, reset_passcode

        if os.environ.get(ENV_NAMES[args.role]):
            print(f"note: {ENV_NAMES[args.role]} is set and takes precedence over the stored passcode")
        upgrade(engine)
        print(f"new {args.role} passcode (shown once): {reset_passcode(engine, args.role)}")
    elif args.command == "status":
        url = engine.url.render_as_string(hide_password=True)
        print(f"database {url}\nrevision {current_revision(engine)} (head {head_revision()})")
    elif args.command == "backup":
        from db.backup import backup_sqlite

        try:
            target = backup_sqlite(engine, args.file)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"backup written to {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
