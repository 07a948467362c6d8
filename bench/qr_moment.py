"""The QR moment (issue 18): the facilitator shows the QR code and the whole room opens the join
link within a second. How long until each delegate's questionnaire is usable, what a phone
downloads, and what the server's CPU does meanwhile.

    python -m bench.qr_moment [--delegates 100 200] [--db sqlite|postgres] [--processes 1|2] [--warm]
                              [--within SECONDS] [--opening]

Targets (issue 18, one 2-core host): 200 delegates arriving within one second → time to a usable
questionnaire p50 ≤ 5 s and p95 ≤ 10 s; ≤ 800 KB on the wire per cold phone.

For each room size, starts the real app (`bench.timed_server`: `server.py`, logging the server
time of every script run) on a fresh database: a temporary SQLite file or, with `--db postgres`,
a database `gapmap_bench_<pid>_<n>` created for the run and dropped after (never `test`). With
`--processes 2`, two app processes on two ports share it and the phones are split between them,
as a sticky proxy would. One delegate per process first walks the path alone (a rehearsal: the
pages' modules are imported), then N simulated phones (`bench.st_client`: the real HTTP and
WebSocket protocol, no browser) start spread uniformly over one second (`--within S`: over S
seconds, a room that scans over a minute), each:

  1. loads the page: `/?code=BKK2024` and, when cold (without `--warm`), every file index.html
     links and every module those import, over six connections, `Accept-Encoding: gzip, deflate, br`;
  2. opens the app session with the join link's query string: the notice and the join form;
  3. chooses a country and a sector and agrees (a fragment run each, as on a phone), presses
     Start: the agenda;
  4. presses the first open session's button: the answer page, usable once its Submit button is
     drawn and the run has finished.

A cold phone also fetches the lazy chunks (and fonts) of the element types a page draws before
that page counts as shown, as the browser does (checked against headless Chromium on this path:
the same files, within 1 % of its bytes). What a component's own JavaScript requests (the pulse
route) is not simulated. Phones stay connected until the last is done, their `run_every` timers
ticking as in a browser. `--think S` adds a pause of up to S seconds before each action (left out
of the times).

Prints time to a usable questionnaire (p50/p95/max), each step's p50, runs and bytes per phone,
the server's CPU during the arrival (and this process's: the phones share the cores), the server
time per run request from the timed_server log (one line per request: a run ending in `st.rerun`
or `st.switch_page` is logged together with the run that follows), how long each action waited
for its run, as the phone saw it, and a verdict; then checks that the participants grew by N.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.delegate_steps import first_open_session
from bench.live_latency import cpu_seconds, free_port, summary
from bench.st_client import ClientError, Frontend, PageLoader, StreamlitClient
from bench.timed_server import timed_app

JOIN = "?code=BKK2024"
STEPS = {"page": "page load", "form": "join form shown", "agenda": "joined, agenda shown",
         "questionnaire": "questionnaire shown"}
WAITS = {"open": "open: WebSocket, first run (the join form)",
         "choose": "choose country, sector, consent (fragment runs)",
         "start": "Start: join, the agenda", "answer": "the session's button: the questionnaire",
         "lazy chunks": "lazy chunks and fonts of a page (cold phones)"}
TARGET_P50, TARGET_P95, TARGET_BYTES, TARGET_ROOM = 5.0, 10.0, 800_000, 200
PASSCODES = {"GAPMAP_FACILITATOR_PASSCODE": "bench-facilitator-passcode",
             "GAPMAP_ORGANISER_PASSCODE": "bench-organiser-passcode"}
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass
class Phone:
    """One delegate's phone, and what happened to it."""

    index: int
    base: str
    cold: bool
    marks: dict[str, float] = field(default_factory=dict)  # step → seconds since its start, pauses left out
    waits: dict[str, list[float]] = field(default_factory=dict)  # action → seconds until its run finished
    client: StreamlitClient | None = None
    files: dict[str, int] = field(default_factory=dict)  # what it fetched over HTTP: path → bytes on the wire
    failure: str | None = None

    @property
    def http_bytes(self) -> int:
        return sum(self.files.values())


async def walk(phone: Phone, frontend: Frontend, rng: random.Random, *, think: float, timeout: float) -> None:
    """One delegate from the QR code to a usable questionnaire."""
    started, paused, sent = time.monotonic(), 0.0, 0.0
    loader = PageLoader(phone.base)
    client = phone.client = StreamlitClient(phone.base)

    def mark(step: str) -> None:
        phone.marks[step] = time.monotonic() - started - paused

    async def act(action: str) -> int:
        """Before a user action: the pause, if any, then the label of the runs that answer it."""
        nonlocal paused, sent
        if think:
            pause = rng.uniform(0, think)
            await asyncio.sleep(pause)
            paused += pause
        client.action, sent = action, time.monotonic()
        return len(client.runs)  # the runs from here on answer this action

    async def drawn(action: str, after: int, **wait) -> None:
        """Wait for the action's run to finish; then, for a page, fetch the lazy chunks (and fonts)
        of element types not drawn before: the browser cannot show them without."""
        await client.wait_for_run(after=after, timeout=timeout, **wait)
        now = time.monotonic()
        phone.waits.setdefault(action, []).append(now - sent)
        if phone.cold and not wait.get("fragment"):
            await loader.fetch_all(frontend.files_for(client.element_types, client.material_icons))
            phone.waits.setdefault("lazy chunks", []).append(time.monotonic() - now)

    step = "page"
    try:
        await frontend.load(loader, JOIN, cold=phone.cold)
        mark(step)
        step = "form"
        await act("open")
        await client.connect(JOIN[1:], timeout=timeout)
        await drawn("open", 0, key="join-start")
        mark(step)
        step = "agenda"
        for key in ("join-country", "join-sector"):
            after = await act("choose")
            await client.set_widget(key, rng.choice(client.widget(key).proto.options))
            await drawn("choose", after, fragment=True)
        after = await act("choose")
        await client.set_widget("join-consent", True)
        await drawn("choose", after, fragment=True)
        after = await act("start")
        await client.click("join-start")
        await drawn("start", after, until=first_open_session)
        mark(step)
        step = "questionnaire"
        after = await act("answer")
        await client.click(first_open_session(client))
        await drawn("answer", after, key="submit")
        mark(step)
    except (ClientError, OSError, TimeoutError) as exc:
        phone.failure = f"{step}: {exc}"
    except Exception as exc:  # noqa: BLE001 - a protocol surprise fails this phone, not the benchmark
        phone.failure = f"{step}: {exc!r}"
    finally:
        phone.files = {path: fetched.wire_bytes for path, fetched in loader.fetched.items()}
        await loader.close()


# --- the app and its database ----------------------------------------------------------------

@contextmanager
def database(kind: str, folder: Path, tag: str, admin: str):
    """A fresh database for one run: its SQLAlchemy URL. PostgreSQL: created now, dropped after."""
    if kind == "sqlite":
        yield f"sqlite:///{folder}/qr-{tag}.sqlite3"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"gapmap_bench_{os.getpid()}_{tag}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def open_opening_session(url: str) -> str:
    """`--opening`: the facilitator opens the demo's first session (the delegation profile, 3
    questions) before showing the QR code, as at a workshop's start; it comes first on the agenda
    (open sessions in agenda order). Returns its title."""
    from sqlmodel import Session, select

    from db.engine import make_engine
    from db.models import AgendaSession, Event
    from gapmap import room

    engine = make_engine(url)
    try:
        with Session(engine) as db:
            event = db.exec(select(Event).where(Event.is_demo == True)).one()  # noqa: E712
            first = db.exec(select(AgendaSession).where(AgendaSession.event_id == event.id)
                            .order_by(AgendaSession.day, AgendaSession.position)).first()
        room.set_state(engine, first.id, "open", actor="bench")
        return first.title
    finally:
        engine.dispose()


def participants(url: str) -> int:
    from sqlalchemy import text

    from db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM participant")).scalar_one()
    finally:
        engine.dispose()


def server_pids() -> dict[int, int]:
    """Port → pid of this process's children running bench.timed_server (live_latency.server_pid
    finds one; here there may be two)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = [part.decode() for part in (entry / "cmdline").read_bytes().split(b"\0")]
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if ppid == os.getpid() and "bench.timed_server" in cmd:
            found[int(cmd[cmd.index("--server.port") + 1])] = int(entry.name)
    return found


def loop_cpu(pid: int) -> float:
    """CPU seconds of the server's main thread: its event loop (HTTP, the WebSockets, sending
    the messages). The rest of its CPU is the script runs' threads (and a few workers)."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def log_runs(log: Path) -> dict[str, list[float]]:
    runs: dict[str, list[float]] = {"full": [], "fragment": []}
    if log.exists():
        for line in log.read_text().splitlines():
            ms, kind = line.split()[:2]
            runs[kind].append(float(ms))
    return runs


# --- one room ------------------------------------------------------------------------------

async def arrive(bases: list[str], logs: list[Path], url: str, n: int, args,
                 rng: random.Random) -> tuple[list[Phone], dict]:
    """The rehearsal on each process, then N phones within `args.within` seconds; returns the phones and the
    figures of the arrival (`logs`: each process's timed_server log)."""
    if args.opening:
        open_opening_session(url)
        await asyncio.sleep(3)  # the processes read the session states again (ui.session_watch: 2 s)
    frontend = await Frontend.read(bases[0], JOIN)
    for base in bases:
        rehearsal = Phone(-1, base, cold=True)
        await walk(rehearsal, frontend, rng, think=0, timeout=args.timeout)
        await rehearsal.client.close()
        if rehearsal.failure:
            raise SystemExit(f"the rehearsal delegate on {base} failed: {rehearsal.failure}")
    joined_before = participants(url)
    pids = server_pids()
    ports = [int(base.rsplit(":", 1)[1]) for base in bases]
    for log in logs:
        log.write_text("")
    cpu_before = {port: (cpu_seconds(pids[port]), loop_cpu(pids[port])) for port in ports}
    own_before = time.process_time()
    phones = [Phone(i, bases[i % len(bases)], cold=not args.warm) for i in range(n)]
    start = time.monotonic() + 0.2

    async def one(phone: Phone) -> None:
        await asyncio.sleep(start + args.within * phone.index / n - time.monotonic())  # uniformly
        await walk(phone, frontend, random.Random(rng.random()), think=args.think, timeout=args.timeout)

    await asyncio.gather(*(one(phone) for phone in phones))
    figures = {"wall": time.monotonic() - start, "own_cpu": time.process_time() - own_before,
               "cpu": {port: (cpu_seconds(pids[port]) - cpu_before[port][0], loop_cpu(pids[port]) - cpu_before[port][1])
                       for port in ports},
               "logs": [log_runs(log) for log in logs]}
    await asyncio.gather(*(phone.client.close() for phone in phones if phone.client))
    figures["joined"] = participants(url) - joined_before
    return phones, figures


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


def report(n: int, args, phones: list[Phone], figures: dict, load: tuple) -> None:
    done = [p for p in phones if "questionnaire" in p.marks]
    failed = [p for p in phones if p.failure]
    where = f"{'PostgreSQL' if args.db == 'postgres' else 'SQLite'}, {args.processes} app process" + \
            ("es" if args.processes > 1 else "")
    into = "the opening session (3 questions)" if args.opening else "the forced-labour session (18 questions)"
    print(f"\n== {n} delegates within {args.within:g} s into {into}, {'warm' if args.warm else 'cold'} phones, "
          f"{where}; load average before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    times = [p.marks["questionnaire"] for p in done]
    if times:
        print(f"  time to a usable questionnaire: {summary(times)}")
    previous, cumulative, steps = None, [], []
    for step, label in STEPS.items():
        at = [p.marks[step] for p in phones if step in p.marks]
        took = [p.marks[step] - (p.marks[previous] if previous else 0) for p in phones
                if step in p.marks and (previous is None or previous in p.marks)]
        cumulative.append(f"{label} {p50(at):.2f} s")
        steps.append(f"{label.split(',')[0].split(' shown')[0]} {p50(took):.2f} s")
        previous = step
    print(f"  p50 since the phone's start: {' · '.join(cumulative)}")
    print(f"  p50 of each step:            {' · '.join(steps)}")
    print(f"  failures: {len(failed)}" + "".join(f"\n    phone {p.index}: {p.failure}" for p in failed[:8]) +
          (f"\n    … and {len(failed) - 8} more" if len(failed) > 8 else ""))
    clients = [p.client for p in phones if p.client]
    runs = [len(c.runs) for c in clients]
    ticks = [sum(r.cause == "tick" for r in c.runs) for c in clients]
    print(f"  script runs per phone: p50 {p50(runs):.0f}, max {max(runs, default=0)} "
          f"(of them run_every ticks: p50 {p50(ticks):.0f})")
    http = [p.http_bytes for p in done]
    ws = [p.client.bytes_in for p in done]
    total = [h + w for h, w in zip(http, ws, strict=True)]
    files = [len(p.files) for p in done]
    print(f"  bytes per {'warm' if args.warm else 'cold'} phone: p50 {p50(total) / 1000:,.0f} KB = HTTP "
          f"{p50(http) / 1000:,.0f} KB ({p50(files):.0f} files) + WebSocket {p50(ws) / 1000:,.0f} KB "
          f"(max {max(total, default=0) / 1000:,.0f} KB)")
    print(f"  CPU during the arrival ({figures['wall']:.1f} s until the last phone was done); "
          f"this process (the phones) {figures['own_cpu']:.1f} s")
    for i, (total_cpu, loop) in enumerate(figures["cpu"].values()):
        print(f"    server process {i + 1}: {total_cpu:.1f} s ({total_cpu / figures['wall']:.2f} cores): event loop "
              f"(HTTP, WebSockets, sending) {loop:.1f} s, script runs and other threads {total_cpu - loop:.1f} s")
    for i, logged in enumerate(figures["logs"]):
        full, fragment = logged["full"], logged["fragment"]
        print(f"  server time per run request, process {i + 1} (timed_server log): full n={len(full)} p50 "
              f"{p50(full):.0f} ms p95 {p95(full):.0f} ms max {max(full, default=0):.0f} ms; fragment (Start's "
              f"with its agenda run) n={len(fragment)} p50 {p50(fragment):.0f} ms p95 {p95(fragment):.0f} ms")
    print("  the phone's wait per action (sent → its run finished; lazy chunks: then fetched), p50 / p95 / max s:")
    for action, label in WAITS.items():
        waited = [w for p in phones for w in p.waits.get(action, [])]
        if waited:
            print(f"    {label:52s} n={len(waited):4d}  {p50(waited):5.2f} / {p95(waited):5.2f} / {max(waited):5.2f}")
    print(f"  database: participants +{figures['joined']} (expected {n}); questionnaires shown: {len(done)}")
    checks = [(f"p50 {p50(times):.1f} s ≤ {TARGET_P50:.0f} s", p50(times) <= TARGET_P50),
              (f"p95 {p95(times):.1f} s ≤ {TARGET_P95:.0f} s", p95(times) <= TARGET_P95),
              (f"no failures ({len(failed)})", not failed)]
    if not args.warm:
        most = max(total, default=0)
        checks.append((f"{most / 1000:,.0f} KB ≤ {TARGET_BYTES / 1000:.0f} KB per cold phone", most <= TARGET_BYTES))
    verdict = "PASS" if all(ok for _, ok in checks) else "FAIL"
    scope = "" if n == TARGET_ROOM and args.within == 1 else f" (the target is for {TARGET_ROOM} delegates within 1 s)"
    print(f"  verdict: {verdict}{scope}: " + ", ".join(f"{text} {'✓' if ok else '✗'}" for text, ok in checks))
    after = os.getloadavg()
    print(f"  load average after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--processes", type=int, choices=[1, 2], default=1)
    parser.add_argument("--warm", action="store_true", help="phones have Streamlit's files cached: HTML only")
    parser.add_argument("--within", type=float, default=1, help="the phones start spread over this many seconds")
    parser.add_argument("--opening", action="store_true",
                        help="the demo's opening session (3 questions) is opened first, as at a workshop's start")
    parser.add_argument("--think", type=float, default=0, help="a pause of up to this many seconds before each action")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a phone waits for one page")
    parser.add_argument("--pg-admin", default=PG_ADMIN, help="where to create (and drop) the run's database")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # 7 sockets per phone, on both sides
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    folder = Path(tempfile.mkdtemp(prefix="gapmap-qr-"))
    rng = random.Random(args.seed)
    try:
        for n in args.delegates:
            with ExitStack() as stack:
                url = stack.enter_context(database(args.db, folder, str(n), args.pg_admin))
                env = dict(os.environ, DATABASE_URL=url, **PASSCODES)
                logs = [folder / f"runs-{n}-{i}.log" for i in range(args.processes)]
                bases = [stack.enter_context(timed_app(env, free_port(), log)) for log in logs]
                load = os.getloadavg()
                phones, figures = asyncio.run(arrive(bases, logs, url, n, args, rng))
                report(n, args, phones, figures, load)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
