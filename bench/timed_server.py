"""Run the app like `streamlit run server.py`, logging the server time of every script run.

    GAPMAP_TIMING_LOG=/tmp/runs.log python -m bench.timed_server --server.port 8765

Each line of the log: milliseconds, "fragment" or "full", and the page (its URL path, "-" for the
main one). Benchmarks use `timed_app()`. With GAPMAP_TIMING_PROFILE=FILE, fragment runs are profiled
into FILE (cProfile); with GAPMAP_TIMING_PROFILE_FULL=1 as well, every run into FILE.<time>.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def timed_app(env: dict, port: int, log: Path):
    """The app in a subprocess that logs its script runs to `log`; yields its base URL."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.timed_server", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=dict(env, GAPMAP_TIMING_LOG=str(log)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    log_path = os.environ["GAPMAP_TIMING_LOG"]
    profile_path = os.environ.get("GAPMAP_TIMING_PROFILE")  # a file: cProfile stats of fragment runs
    original = script_runner.ScriptRunner._run_script

    def timed(self, rerun_data):
        started = time.perf_counter()
        try:
            if profile_path and (rerun_data.fragment_id_queue or os.environ.get("GAPMAP_TIMING_PROFILE_FULL")):
                import cProfile

                profiler = cProfile.Profile()
                try:
                    return profiler.runcall(original, self, rerun_data)
                finally:
                    profiler.dump_stats(f"{profile_path}.{time.monotonic_ns()}" if os.environ.get(
                        "GAPMAP_TIMING_PROFILE_FULL") else profile_path)
            return original(self, rerun_data)
        finally:
            kind = "fragment" if rerun_data.fragment_id_queue else "full"
            manager = self._pages_manager
            page = manager.get_pages().get(manager.current_page_script_hash, {}).get("url_pathname") or "-"
            with open(log_path, "a") as log:
                log.write(f"{(time.perf_counter() - started) * 1000:.2f} {kind} {page}\n")

    script_runner.ScriptRunner._run_script = timed
    sys.argv = ["streamlit", "run", str(ROOT / "server.py"), *sys.argv[1:]]  # the real server: routes, static files
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
