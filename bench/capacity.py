"""How many delegates one host carries (issue 16): simulated delegates answering through the real
server, with staff dashboards open, on 1..N app processes, with or without the proxy.

    python -m bench.capacity [--processes 1 2] [--db sqlite|postgres] [--proxy auto|on|off]
                             [--delegates 100 200 400] [--think 5] [--changes 10] [--dashboards 20]

Targets (issue 16, this 2-core host): ≥ 400 paced delegates (5 s think time) plus 20 open
dashboards with p95 ≤ 1 s for answer changes and submits, 0 lost; 2 processes ≥ 1.6× the
throughput of one on a burst (`--think 0`).

For each process count and room size, on a fresh database (a temporary SQLite file, or a
PostgreSQL database `gapmap_bench_<pid>_<tag>` created for the run and dropped after), starts the
app as `python -m deploy` does (`deploy.local`: the database prepared once, N replicas, HAProxy
with its sticky cookie in front unless `--proxy off`; without the proxy, clients are split over
the replicas as a sticky proxy would). Then, all over the real HTTP and WebSocket protocol
(`bench.st_client`, `bench.delegate_steps`; no browser):

  1. `--dashboards` staff dashboards open (signed in by a staff cookie made with the app's own
     `gapmap.staff_sessions`), each following its pulse route as the page's JavaScript does;
  2. the delegates arrive over `--arrival` seconds: each loads the join link, joins, opens the
     first open session (not measured);
  3. measured: each delegate changes `--changes` answers (single choices and checklist boxes) and
     submits, pausing before each action for a random time of mean `--think` seconds (0: a burst,
     everyone as fast as the server answers). Delegates' pages follow their pulse route too.

Prints per run: interactions/s, p50/p95/max for an answer change and a submit (from the action
sent to its run finished, as the phone sees it), failures, lost (a submit the phone saw finish
but the database does not hold) and duplicated responses, each process's CPU (% of one core) and
RSS, this process's CPU (the simulated phones share the host), the dashboards' pulse asks and
redraws; then one line: the delegates one host carries at p95 ≤ 1 s (think time, dashboards as
given). Loopback only; every wait is bounded by `--timeout`.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from bench import delegate_steps as steps
from bench.live_latency import cpu_seconds, free_port
from bench.qr_moment import PASSCODES, PG_ADMIN, database
from bench.st_client import ClientError, StreamlitClient
from deploy.local import LocalDeployment

TARGET_P95, TARGET_DELEGATES, TARGET_DASHBOARDS, TARGET_SPEEDUP = 1.0, 400, 20, 1.6
STAFF_COOKIE = "gapmap_staff"


@dataclass
class Phone:
    index: int
    base: str
    cookies: dict = field(default_factory=dict)
    client: StreamlitClient | None = None
    changes: list[float] = field(default_factory=list)
    submits: list[float] = field(default_factory=list)
    failure: str | None = None
    submitted: bool = False

    @property
    def token(self) -> str:
        return parse_qs(self.client.query_string).get("p", [""])[0] if self.client else ""


async def open_dashboard(base: str, token: str, proxied: bool, timeout: float) -> StreamlitClient:
    cookies = {STAFF_COOKIE: token}
    if proxied:
        await steps.cookie_from_page(base, cookies, query="")
    client = StreamlitClient(base, cookies=cookies, follow_pulses=True)
    await client.connect("", "dashboard", timeout=timeout)
    await client.wait_for_run(after=0, key="room-unit", timeout=timeout)  # the dashboard, signed in
    return client


async def arrive(phone: Phone, proxied: bool, at: float, timeout: float) -> None:
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    try:
        if proxied:
            await steps.cookie_from_page(phone.base, phone.cookies)
        phone.client = StreamlitClient(phone.base, cookies=phone.cookies, follow_pulses=True)
        await steps.join(phone.client, random.Random(phone.index), timeout=timeout)
        await steps.open_first_session(phone.client, timeout=timeout)
    except (ClientError, OSError, TimeoutError) as exc:
        phone.failure = f"arrival: {exc}"


async def answer(phone: Phone, changes: int, think: float, timeout: float) -> None:
    """The measured part: `changes` answer changes, then Submit, each after a pause of mean `think`."""
    if phone.failure:
        return
    rng = random.Random(1000 + phone.index)
    try:
        for _ in range(changes):
            await asyncio.sleep(rng.uniform(0, 2 * think))
            phone.changes.append(await steps.change_any(phone.client, rng, timeout=timeout))
        await asyncio.sleep(rng.uniform(0, 2 * think))
        phone.submits.append(await steps.submit(phone.client, timeout=timeout))
        phone.submitted = True
    except (ClientError, OSError, TimeoutError) as exc:
        phone.failure = f"answering: {exc}"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def held(url: str, phones: list[Phone]) -> tuple[int, int]:
    """(lost, duplicated): submits the phones saw finish that the database does not hold as
    submitted, and participants with more than one response to a session."""
    from sqlalchemy import text

    from db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            submitted = {row[0] for row in conn.execute(text(
                "SELECT p.token FROM response r JOIN participant p ON p.id = r.participant_id "
                "WHERE r.status = 'submitted'"))}
            duplicated = conn.execute(text(
                "SELECT count(*) FROM (SELECT participant_id FROM response GROUP BY participant_id, agenda_session_id "
                "HAVING count(*) > 1) AS twice")).scalar_one()
    finally:
        engine.dispose()
    return sum(1 for p in phones if p.submitted and p.token not in submitted), duplicated


def staff_tokens(url: str, n: int) -> list[str]:
    """Staff sign-ins made with the app's own service, each bound to its cookie (as after a sign-in)."""
    from db.engine import make_engine
    from gapmap import staff_sessions

    engine = make_engine(url)
    try:
        tokens = [staff_sessions.start(engine, "facilitator") for _ in range(n)]
        for token in tokens:
            staff_sessions.bind_cookie(engine, token)
        return tokens
    finally:
        engine.dispose()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


@dataclass
class Outcome:
    processes: int
    delegates: int
    rate: float = 0.0
    change_p95: float = float("nan")
    submit_p95: float = float("nan")
    failures: int = 0
    lost: int = 0


async def one_room(deployment: LocalDeployment, url: str, n: int, args) -> Outcome:
    proxied = deployment.with_proxy
    bases = deployment.bases
    dashboards = [await open_dashboard(bases[i % len(bases)], token, proxied, args.timeout)
                  for i, token in enumerate(staff_tokens(url, args.dashboards))]
    phones = [Phone(i, bases[i % len(bases)]) for i in range(n)]
    start = time.monotonic() + 0.2
    await asyncio.gather(*(arrive(p, proxied, start + args.arrival * p.index / n, args.timeout) for p in phones))
    pids = {r.name: r.process.pid for r in deployment.replicas}
    cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    own_before, began = time.process_time(), time.monotonic()
    asks_before = sum(d.pulse_asks for d in dashboards)
    redraws_before = sum(d.pulse_changes for d in dashboards)
    await asyncio.gather(*(answer(p, args.changes, args.think, args.timeout) for p in phones))
    wall = time.monotonic() - began
    cpu = {name: (cpu_seconds(pid) - cpu_before[name]) / wall * 100 for name, pid in pids.items()}
    own = (time.process_time() - own_before) / wall * 100
    lost, duplicated = held(url, phones)
    changes = [s for p in phones for s in p.changes]
    submits = [s for p in phones for s in p.submits]
    failures = [p.failure for p in phones if p.failure]
    outcome = Outcome(deployment.processes, n, (len(changes) + len(submits)) / wall, pct(changes, 95),
                      pct(submits, 95), len(failures), lost)
    print(f"\n{n} delegates, {args.dashboards} dashboards, think {args.think:g} s, {deployment.processes} process(es)"
          f"{' behind HAProxy' if proxied else ''}, {args.db}:")
    print(f"  interactions/s   {outcome.rate:.1f} over {wall:.1f} s")
    for label, values in (("answer change", changes), ("submit", submits)):
        print(f"  {label:<16} p50 {pct(values, 50) * 1000:.0f} ms · p95 {pct(values, 95) * 1000:.0f} ms · "
              f"max {max(values, default=float('nan')) * 1000:.0f} ms  (n={len(values)})")
    print(f"  failures {len(failures)} · lost {lost} · duplicated {duplicated}")
    for message in sorted(set(failures))[:5]:
        print(f"    {message}")
    print("  server CPU       " + " · ".join(f"{name} {value:.0f}% of a core, RSS {rss_mb(pids[name]):.0f} MB"
                                          for name, value in cpu.items()))
    print(f"  phones' CPU      {own:.0f}% of a core (this process: the simulated phones share the host)")
    print(f"  dashboards       {sum(d.pulse_asks for d in dashboards) - asks_before} pulse asks, "
          f"{sum(d.pulse_changes for d in dashboards) - redraws_before} redraws")
    await asyncio.gather(*(p.client.close() for p in phones if p.client), *(d.close() for d in dashboards))
    return outcome


def run(processes: int, n: int, args, folder: Path) -> Outcome:
    tag = f"{processes}p{n}"
    with database(args.db, folder, tag, PG_ADMIN) as url:
        env = dict(os.environ, DATABASE_URL=url, GAPMAP_SEED_DEMO="1", **PASSCODES)
        proxied = args.proxy == "on" or (args.proxy == "auto" and processes > 1)
        deployment = LocalDeployment(processes, env, port=free_port(), address="127.0.0.1",
                                     replica_ports=[free_port() for _ in range(processes)],
                                     log_dir=folder / tag, with_proxy=proxied)
        with deployment:
            return asyncio.run(one_room(deployment, url, n, args))


def verdict(outcomes: list[Outcome], args) -> None:
    print()
    for processes in sorted({o.processes for o in outcomes}) if args.think > 0 else []:
        fine = [o.delegates for o in outcomes if o.processes == processes and o.failures == 0 and o.lost == 0
                and o.change_p95 <= TARGET_P95 and o.submit_p95 <= TARGET_P95]
        tried = max(o.delegates for o in outcomes if o.processes == processes)
        carried = max(fine, default=0)
        print(f"One host ({os.cpu_count()} cores, {processes} process(es), {args.db}) carries {carried} delegates "
              f"at p95 ≤ {TARGET_P95:g} s with a {args.think:g} s think time and {args.dashboards} open dashboards"
              f"{' (the largest room tried)' if carried == tried else ''}.")
    by_processes = {o.processes: o.rate for o in outcomes}
    if args.think == 0 and 1 in by_processes and len(by_processes) > 1:
        for processes, rate in sorted(by_processes.items()):
            if processes > 1:
                print(f"Burst throughput, {processes} processes vs 1: {rate / by_processes[1]:.2f}× "
                      f"(target ≥ {TARGET_SPEEDUP}×)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--proxy", choices=["auto", "on", "off"], default="auto",
                        help="HAProxy in front (auto: with more than one process)")
    parser.add_argument("--delegates", type=int, nargs="+", default=[100, 200, 400])
    parser.add_argument("--think", type=float, default=5.0, help="mean pause before each action, s (0: a burst)")
    parser.add_argument("--changes", type=int, default=10, help="answer changes per delegate before Submit")
    parser.add_argument("--dashboards", type=int, default=TARGET_DASHBOARDS)
    parser.add_argument("--arrival", type=float, default=30.0, help="the room arrives over this many seconds")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    if args.db == "sqlite" and max(args.processes) > 1:
        parser.error("several processes need --db postgres")
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="gapmap-capacity-") as tmp:
        for processes in args.processes:
            for n in args.delegates:
                outcomes.append(run(processes, n, args, Path(tmp)))
    verdict(outcomes, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
