"""Command line for organisers: check questionnaire files (YAML or XLSForm) and convert them.

    python -m questionnaires check [FILE ...]      (default: the shipped ones)
    python -m questionnaires convert FILE OUT      (.yaml <-> .xlsx, by the names' endings)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from questionnaires.formats import read_any, write_as
from questionnaires.loader import QuestionnaireError, builtin_files, content_hash


def _read(path: str):
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        print(f"ERROR {path}: cannot be read: {exc.strerror}")
        return None
    try:
        questionnaire, notes = read_any(Path(path).name, data)
    except QuestionnaireError as exc:
        for problem in exc.problems:
            print(f"ERROR {problem}")
        return None
    for note in notes:
        print(f"note  {note}")
    return questionnaire


def check(paths: list[str]) -> int:
    failed = 0
    for path in paths:
        q = _read(path)
        if q is None:
            failed += 1
            continue
        print(f"ok    {path}: '{q.key}', {len(q.questions)} questions, hash {content_hash(q)[:12]}")
    return 1 if failed else 0


def convert(source: str, target: str) -> int:
    q = _read(source)
    if q is None:
        return 1
    try:
        data = write_as(q, Path(target).suffix)
    except ValueError as exc:
        print(f"ERROR {exc}")
        return 2
    Path(target).write_bytes(data)
    print(f"ok    {target}: '{q.key}', {len(q.questions)} questions")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m questionnaires")
    sub = parser.add_subparsers(dest="command", required=True)
    check_cmd = sub.add_parser("check", help="validate questionnaire files (default: the shipped ones)")
    check_cmd.add_argument("files", nargs="*")
    convert_cmd = sub.add_parser("convert", help="write a questionnaire file as YAML or XLSForm")
    convert_cmd.add_argument("source")
    convert_cmd.add_argument("target", help="the file to write: .yaml or .xlsx")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.files or [str(p) for p in builtin_files()])
    if args.command == "convert":
        return convert(args.source, args.target)
    return 2


if __name__ == "__main__":
    sys.exit(main())
