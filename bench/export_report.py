"""The whole Excel report of an event with 100,000 answers (issue 5 target: under 12 s and under
400 MB peak memory), beside `pandas.DataFrame.to_excel` of the raw answers alone.

    python -m bench.export_report [--answers 100000]

Each measurement runs in a fresh process, so its peak resident memory (ru_maxrss) is its own.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(kind: str, url: str, out: str) -> None:
    from db.engine import make_engine

    engine = make_engine(url)
    started = time.perf_counter()
    if kind == "gapmap":
        from exports.report import build_report
        from exports.xlsx import write_xlsx

        write_xlsx(build_report(engine, "BENCH100K"), out)
    else:
        import pandas as pd
        from sqlalchemy import text

        with engine.connect() as conn:
            frame = pd.read_sql(text("SELECT * FROM answer"), conn)
        frame.to_excel(out, index=False)
    print(json.dumps({"seconds": time.perf_counter() - started,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "bytes": os.path.getsize(out)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    from bench.seeding import seed_answers
    from db.engine import make_engine
    from db.migrate import upgrade

    folder = Path(tempfile.mkdtemp(prefix="gapmap-bench-"))
    url = f"sqlite:///{folder}/bench.sqlite3"
    engine = make_engine(url)
    upgrade(engine)
    seed_answers(engine, args.answers)
    print(f"seeded {args.answers:,}+ answers")
    results = {}
    for kind in ("gapmap", "pandas"):
        out = folder / f"{kind}.xlsx"
        run = subprocess.run([sys.executable, "-m", "bench.export_report", "--child", kind, url, str(out)],
                             capture_output=True, text=True, cwd=ROOT)
        if run.returncode:
            print(run.stderr)
            return 1
        results[kind] = json.loads(run.stdout.strip().splitlines()[-1])
    g, p = results["gapmap"], results["pandas"]
    print(f"GapMap report (15 sheets, charts, raw answers): {g['seconds']:5.1f} s  peak {g['peak_mb']:5.0f} MB  "
          f"{g['bytes'] / 1e6:4.1f} MB file")
    print(f"pandas.to_excel of the raw answer table alone:   {p['seconds']:5.1f} s  peak {p['peak_mb']:5.0f} MB  "
          f"{p['bytes'] / 1e6:4.1f} MB file")
    return 0 if g["seconds"] < 12 and g["peak_mb"] < 400 else 1


if __name__ == "__main__":
    sys.exit(main())
