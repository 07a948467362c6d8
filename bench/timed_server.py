"""Start the app like `streamlit run app.py`, logging the server time of every script run.

    GAPMAP_TIMING_LOG=/tmp/runs.log python bench/timed_server.py --server.port 8765

Each line of the log: milliseconds, and "fragment" or "full". Used by bench/delegate_rerun.py.
"""
import os
import sys
import time
from pathlib import Path

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

LOG = os.environ["GAPMAP_TIMING_LOG"]
_original = script_runner.ScriptRunner._run_script


PROFILE = os.environ.get("GAPMAP_TIMING_PROFILE")  # a file: cProfile stats of fragment runs


def _timed(self, rerun_data):
    started = time.perf_counter()
    try:
        if PROFILE and rerun_data.fragment_id_queue:
            import cProfile
            profiler = cProfile.Profile()
            try:
                return profiler.runcall(_original, self, rerun_data)
            finally:
                profiler.dump_stats(PROFILE)
        return _original(self, rerun_data)
    finally:
        kind = "fragment" if rerun_data.fragment_id_queue else "full"
        with open(LOG, "a") as log:
            log.write(f"{(time.perf_counter() - started) * 1000:.2f} {kind}\n")


script_runner.ScriptRunner._run_script = _timed

if __name__ == "__main__":
    app = str(Path(__file__).resolve().parent.parent / "app.py")
    sys.argv = ["streamlit", "run", app, *sys.argv[1:]]
    sys.exit(cli.main())
