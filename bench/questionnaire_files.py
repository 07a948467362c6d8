"""How long an organiser waits for an upload check or a download: YAML and XLSForm, each direction.

    python -m bench.questionnaire_files [--repeat 5]

For every shipped questionnaire and for all of them joined into one large form, prints the
median time to write and to read (parse + check) a YAML file and an XLSForm workbook, and the
file sizes. Reading an XLSForm includes pyxform's own conversion, which is most of its cost.
"""
from __future__ import annotations

import argparse
import statistics
import time

from questionnaires.loader import load_builtin, parse_text, to_yaml
from questionnaires.schema import Questionnaire
from questionnaires.xlsform import read_xlsform, write_xlsform


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def all_in_one(questionnaires: list[Questionnaire]) -> Questionnaire:
    """Every shipped question in one questionnaire (ids are unique across the shipped files)."""
    questions = [q for each in questionnaires for q in each.questions]
    return Questionnaire(key="everything", title="All shipped questions", theme="other", questions=questions)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    shipped = load_builtin()
    print(f"{'questionnaire':<20}{'questions':>10}{'YAML KB':>9}{'write ms':>10}{'read ms':>9}"
          f"{'XLSX KB':>9}{'write ms':>10}{'read ms':>9}")
    for q in [*shipped, all_in_one(shipped)]:
        yaml_write, text = timed(lambda: to_yaml(q), args.repeat)
        yaml_read, back = timed(lambda: parse_text(text), args.repeat)
        xlsx_write, data = timed(lambda: write_xlsform(q), args.repeat)
        xlsx_read, (again, _) = timed(lambda: read_xlsform(data), args.repeat)
        assert back == q and again == q, q.key
        print(f"{q.key:<20}{len(q.questions):>10}{len(text.encode()) / 1024:>9.1f}{yaml_write:>10.1f}"
              f"{yaml_read:>9.1f}{len(data) / 1024:>9.1f}{xlsx_write:>10.1f}{xlsx_read:>9.1f}")


if __name__ == "__main__":
    main()
