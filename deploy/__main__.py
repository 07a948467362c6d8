"""`python -m deploy`: GapMap as N processes behind HAProxy on this host, on one PostgreSQL database.

    export DATABASE_URL=postgresql+psycopg://gapmap:secret@127.0.0.1:5432/gapmap
    python -m deploy --processes 2 --port 8501

Prepares the database once, starts the replicas on ports 8511, 8512, … (loopback only), waits
until each is healthy, then starts the proxy on --address:--port, the one address phones use. A
replica that exits is started again; Ctrl-C stops everything. `deploy.local` says why each part.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from deploy.local import DeployError, LocalDeployment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="app processes, one per core (default: this host's cores)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port (default 8501)")
    parser.add_argument("--address", default="0.0.0.0", help="the proxy's address (default: every interface)")
    parser.add_argument("--first-replica-port", type=int, default=8511,
                        help="the first replica's port on 127.0.0.1 (default 8511)")
    parser.add_argument("--log-dir", type=Path, default=Path("data/deploy-logs"),
                        help="each replica's and the proxy's output (default data/deploy-logs)")
    args = parser.parse_args(argv)
    try:
        deployment = LocalDeployment(args.processes, dict(os.environ), port=args.port, address=args.address,
                                     first_replica_port=args.first_replica_port, log_dir=args.log_dir)
        deployment.start()
    except DeployError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    print(f"GapMap: {args.processes} processes behind HAProxy at {deployment.base} "
          f"(output in {args.log_dir}); Ctrl-C stops", flush=True)
    try:
        while True:
            time.sleep(1)
            for line in deployment.supervise_once():
                print(line, file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        return 0
    except DeployError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        deployment.stop()


if __name__ == "__main__":
    sys.exit(main())
