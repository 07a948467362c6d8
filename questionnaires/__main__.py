"""Command line for organisers: `python -m questionnaires check FILE...`."""
from __future__ import annotations

import argparse
import sys

from questionnaires.loader import QuestionnaireError, builtin_files, content_hash, load_file


def check(paths: list[str]) -> int:
    failed = 0
    for path in paths:
        try:
            q = load_file(path)
        except QuestionnaireError as exc:
            failed += 1
            for problem in exc.problems:
                print(f"ERROR {problem}")
            continue
        print(f"ok    {path}: '{q.key}', {len(q.questions)} questions, hash {content_hash(q)[:12]}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m questionnaires")
    sub = parser.add_subparsers(dest="command", required=True)
    check_cmd = sub.add_parser("check", help="validate questionnaire files (default: the shipped ones)")
    check_cmd.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.files or [str(p) for p in builtin_files()])
    return 2


if __name__ == "__main__":
    sys.exit(main())
