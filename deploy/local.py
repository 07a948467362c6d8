"""Several GapMap processes on one host, behind HAProxy, on one PostgreSQL database: what
`python -m deploy` runs, and what the failover test and the capacity benchmark start.

One Streamlit process uses one core (a script run holds the GIL), so a host with more cores runs
one process per core. A delegate's app session lives in the process its WebSocket reached, and a
few requests must reach that same process (an upload, a download of a file the session made), so
the proxy keeps each browser on one replica with a cookie it inserts (`GAPMAP_REPLICA`). When a
replica goes away, the proxy's health check (every second) takes it out of the rotation, and
`option redispatch` sends its browsers to another one: Streamlit's page reconnects by itself, the
new process restores the delegate from the personal link in the address bar (`?p=`) and the staff
from their cookie, and the drafts are where they were, in the database (answers are saved as they
change). The supervisor restarts the replica that went away.

The order matters and is kept: the database is prepared once (migrations, the shipped
questionnaires, the demo event, the passcodes) by this process before any replica starts, so
replicas never race to do it (they would not break it either: migrations take an advisory lock and
the demo's join code is unique), and generated passcodes are printed once, here.

HAProxy (Debian's `haproxy` package, 2.6 or newer) is a well-kept proxy that speaks WebSocket and
sticky cookies natively; the Compose and Kubernetes files in this folder do the same with their
own proxies.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from gapmap.join_link import PUBLIC_URL_VAR, detect_lan_ip, public_base_url

ROOT = Path(__file__).resolve().parent.parent
COOKIE = "GAPMAP_REPLICA"
HEALTH = "/_stcore/health"
#: How often the proxy asks each replica's health route, and after how many failures it is out.
CHECK_INTERVAL_MS, CHECK_FALL, CHECK_RISE = 1000, 2, 2
#: A replica that went away is started again, at most this many times in a row within a minute.
MAX_RESTARTS_PER_MINUTE = 5


class DeployError(Exception):
    """Something the operator must fix before the event can run (said in one sentence)."""


def haproxy_config(replicas: list[tuple[str, int]], *, address: str, port: int) -> str:
    """The proxy's configuration: one frontend on `address:port`, the replicas (name, port on
    127.0.0.1) in one backend with cookie stickiness, health checks and redispatch.

    Timeouts: a delegate's WebSocket stays open the whole day with little traffic, so the tunnel
    timeout is an hour (Streamlit's page reconnects if it ever closes); `client-fin` ends
    half-closed connections from phones that left the Wi-Fi."""
    servers = "\n".join(f"    server {name} 127.0.0.1:{port_} cookie {name}" for name, port_ in replicas)
    return f"""\
global
    maxconn 4096
    log stderr format short local0 notice

defaults
    mode http
    log global
    option httplog
    option dontlognull
    option forwardfor
    option redispatch
    retries 3
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    timeout client-fin 30s
    timeout http-request 10s

frontend gapmap
    bind {address}:{port}
    default_backend replicas

backend replicas
    balance roundrobin
    cookie {COOKIE} insert indirect nocache httponly
    option httpchk GET {HEALTH}
    http-check expect status 200
    default-server check inter {CHECK_INTERVAL_MS} fall {CHECK_FALL} rise {CHECK_RISE}
{servers}
"""


def with_phones_address(env: dict, proxy_port: int, lan_ip=detect_lan_ip) -> dict:
    """The replicas' environment with the address phones open (the join QR): the proxy's port, not
    the replica's own (phones cannot reach a replica on 127.0.0.1). A GAPMAP_PUBLIC_URL given is kept;
    with no network address, the join screen says what to fix, as it does for one process."""
    if (env.get(PUBLIC_URL_VAR) or "").strip():
        return env
    url, _ = public_base_url(env, port=proxy_port, lan_ip=lan_ip)
    return {**env, PUBLIC_URL_VAR: url} if url else env


def port_free(address: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if found is None:
        raise DeployError("HAProxy is not installed: `apt-get install haproxy` (Debian/Ubuntu), "
                          "or use deploy/compose.yaml with Docker")
    return found


def wait_healthy(base: str, *, seconds: float = 120, process: subprocess.Popen | None = None) -> None:
    """Wait for `base`'s health route to answer 200 (the process preparing its engine first)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise DeployError(f"{base} exited with code {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"{base}{HEALTH}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise DeployError(f"{base} was not ready within {seconds:.0f} s")


def prepare_database(env: dict) -> None:
    """`python -m db prepare` with the deployment's environment: migrations, the shipped
    questionnaires, the demo event, the passcodes (generated ones are printed once, here)."""
    done = subprocess.run([sys.executable, "-m", "db", "prepare"], cwd=ROOT, env=env)
    if done.returncode != 0:
        raise DeployError(f"preparing the database failed (exit code {done.returncode}); see above")


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class LocalDeployment:
    """N replicas and the proxy. Use as a context manager (`start` / `stop`), or `run()` it.

    `command` is how a replica runs (default `streamlit run server.py`; the benchmark runs its
    timed server), given its port as `--server.port`. `log_dir` keeps each replica's output."""

    processes: int
    env: dict
    port: int = 8501
    address: str = "0.0.0.0"
    first_replica_port: int = 8511
    replica_ports: list[int] | None = None  # instead of first_replica_port, first_replica_port + 1, …
    command: list[str] = field(default_factory=lambda: [sys.executable, "-m", "streamlit", "run", "server.py"])
    log_dir: Path | None = None
    #: Without the proxy (a benchmark's comparison), clients reach the replicas directly (`bases`).
    with_proxy: bool = True
    replicas: list[Replica] = field(default_factory=list)
    proxy: subprocess.Popen | None = None

    def __post_init__(self):
        url = self.env.get("DATABASE_URL", "")
        if self.processes < 1:
            raise DeployError("--processes must be at least 1")
        if self.processes > 1 and not url.startswith(("postgres://", "postgresql")):
            raise DeployError("several processes share one PostgreSQL database: set DATABASE_URL to a "
                              "postgresql:// URL (SQLite serves one process)")
        ports = self.replica_ports or [self.first_replica_port + i for i in range(self.processes)]
        if len(ports) != self.processes:
            raise DeployError(f"{self.processes} processes need {self.processes} replica ports, not {len(ports)}")
        self.replicas = [Replica(f"r{i + 1}", port) for i, port in enumerate(ports)]
        self.env = with_phones_address(self.env, self.port)

    @property
    def bases(self) -> list[str]:
        """Where clients go: the proxy, or (without it) each replica."""
        return [self.base] if self.with_proxy else [r.base for r in self.replicas]

    @property
    def base(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "::", "") else self.address
        return f"http://{host}:{self.port}"

    # --- the parts ------------------------------------------------------------------------------
    def _spawn(self, command: list[str], output: str, **kwargs) -> subprocess.Popen:
        """A child in its own process group, its output appended to `log_dir/output` (or dropped)."""
        if self.log_dir is None:
            return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                    start_new_session=True, **kwargs)
        with open(self.log_dir / output, "ab") as out:  # the child has its own copy of the handle
            return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)

    def start_replica(self, replica: Replica) -> None:
        replica.process = self._spawn(
            [*self.command, "--server.port", str(replica.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--server.fileWatcherType", "none"],
            f"{replica.name}.log", cwd=ROOT, env=self.env)

    def start_proxy(self) -> None:
        folder = self.log_dir or Path(os.environ.get("TMPDIR", "/tmp"))
        config = folder / f"gapmap-haproxy-{self.port}.cfg"
        config.write_text(haproxy_config([(r.name, r.port) for r in self.replicas], address=self.address,
                                         port=self.port))
        binary = haproxy_binary()
        checked = subprocess.run([binary, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise DeployError(f"HAProxy refused its configuration: {checked.stderr.strip() or checked.stdout.strip()}")
        self.proxy = self._spawn([binary, "-db", "-f", str(config)], "haproxy.log")

    def kill(self, replica: Replica) -> None:
        """End a replica at once (SIGKILL: no goodbye to its browsers), as a crash would."""
        if replica.process is not None and replica.process.poll() is None:
            os.killpg(replica.process.pid, signal.SIGKILL)
            replica.process.wait(timeout=10)

    # --- the whole --------------------------------------------------------------------------------
    def start(self) -> LocalDeployment:
        taken = [f"{self.address}:{self.port}"] if self.with_proxy and not port_free(self.address, self.port) else []
        taken += [f"127.0.0.1:{r.port}" for r in self.replicas if not port_free("127.0.0.1", r.port)]
        if taken:
            raise DeployError(f"already in use: {', '.join(taken)} (another GapMap running?); choose other ports "
                              "with --port and --first-replica-port")
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
        prepare_database(self.env)
        for replica in self.replicas:
            self.start_replica(replica)
        try:
            for replica in self.replicas:
                wait_healthy(replica.base, process=replica.process)
            if self.with_proxy:
                self.start_proxy()
                wait_healthy(self.base, process=self.proxy, seconds=30)
        except BaseException:
            self.stop()
            raise
        return self

    def supervise_once(self) -> list[str]:
        """Start again any replica that went away (what `run` does every second); returns what it did."""
        said = []
        now = time.monotonic()
        for replica in self.replicas:
            if replica.process is None or replica.process.poll() is None:
                continue
            replica.restarts = [t for t in replica.restarts if now - t < 60]
            if len(replica.restarts) >= MAX_RESTARTS_PER_MINUTE:
                raise DeployError(f"replica {replica.name} keeps exiting (code {replica.process.returncode}); "
                                  "see its output")
            said.append(f"replica {replica.name} exited with code {replica.process.returncode}; starting it again")
            replica.restarts.append(now)
            self.start_replica(replica)
        if self.proxy is not None and self.proxy.poll() is not None:
            raise DeployError(f"HAProxy exited with code {self.proxy.returncode}")
        return said

    def stop(self) -> None:
        for part in [self.proxy, *(r.process for r in self.replicas)]:
            if part is not None and part.poll() is None:
                os.killpg(part.pid, signal.SIGTERM)
        for part in [self.proxy, *(r.process for r in self.replicas)]:
            if part is not None:
                try:
                    part.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(part.pid, signal.SIGKILL)
                    part.wait(timeout=5)

    def __enter__(self) -> LocalDeployment:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
