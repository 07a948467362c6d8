"""A replica killed under load loses nothing: two app processes behind HAProxy on one PostgreSQL
database (`deploy.local`, what `python -m deploy` runs), delegates simulated over the real HTTP and
WebSocket protocol (`bench.st_client`) through the proxy, each kept on one replica by the proxy's
cookie.

Half of the delegates submit, then the replica with the most delegates is killed (SIGKILL, as a
crash). Its delegates' connections drop; they reconnect through the same proxy address with the
cookie they had and the personal link in their address bar, as Streamlit's page does by itself;
the proxy sends them to the other replica; their answers are on the page again; they submit.
Then the database holds exactly one submitted response per delegate with the answers each gave
(nothing lost, nothing duplicated), and the supervisor starts the killed replica again."""
from __future__ import annotations

import asyncio
import os
import random
import socket
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import yaml
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench import delegate_steps as steps
from bench.st_client import ClientError, StreamlitClient
from db.engine import make_engine
from deploy.local import COOKIE, LocalDeployment, haproxy_binary, wait_healthy
from deploy.local import DeployError as _DeployError
from tests.conftest import NO_PG, PG_URL

pytestmark = pytest.mark.postgres

DELEGATES = 12
PASSCODES = {"GAPMAP_FACILITATOR_PASSCODE": "failover-facilitator", "GAPMAP_ORGANISER_PASSCODE": "failover-organiser"}
CHOICE, NOTE = "q-lab_01", "q-lab_treaty_note"


def _option_ids() -> dict[str, str]:
    """lab_01's option ids by label (the page sends the label; the database keeps the id)."""
    form = yaml.safe_load((Path(__file__).parent.parent / "questionnaires/builtin/05_labour.yaml").read_text())
    question = next(q for q in form["questions"] if q["id"] == "lab_01")
    return {o["label"]: o["id"] for o in question["options"]}


LAB_01 = _option_ids()


def _needs(what: str) -> None:
    (pytest.fail if os.environ.get("CI") else pytest.skip)(what)


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    if not PG_URL:
        _needs(NO_PG)
    try:
        haproxy_binary()
    except _DeployError as exc:
        _needs(str(exc))
    name = f"gapmap_failover_{os.getpid()}"
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    proxy, *replicas = free_ports(3)
    env = dict(os.environ, DATABASE_URL=url, GAPMAP_SEED_DEMO="1", **PASSCODES)
    running = LocalDeployment(2, env, port=proxy, address="127.0.0.1", replica_ports=replicas,
                              log_dir=tmp_path_factory.mktemp("deploy"))
    try:
        with running:
            yield running, url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Delegate:
    """One phone: its cookies (the proxy's replica cookie), its tab, what it answered."""

    def __init__(self, base: str, index: int):
        self.base, self.index = base, index
        self.cookies: dict[str, str] = {}
        self.client: StreamlitClient | None = None
        self.choice = self.note = ""

    @property
    def replica(self) -> str:
        return self.cookies.get(COOKIE, "")

    @property
    def token(self) -> str:
        return parse_qs(self.client.query_string)["p"][0]

    async def join_and_answer(self) -> None:
        await steps.cookie_from_page(self.base, self.cookies)  # the proxy sets its cookie on the page
        self.client = StreamlitClient(self.base, cookies=self.cookies)
        await steps.join(self.client, random.Random(self.index))
        await steps.open_first_session(self.client)
        options = self.client.widget(CHOICE).proto.options
        self.choice, self.note = options[self.index % len(options)], f"Treaty note of delegate {self.index}"
        await steps.change(self.client, CHOICE, self.choice)  # saved as it changes
        await steps.change(self.client, NOTE, self.note)

    async def submit(self) -> None:
        await steps.submit(self.client)

    async def reconnect(self) -> None:
        """What Streamlit's page does when its WebSocket drops: connect again to the same address
        (with the cookies it has) and run the page of its address bar."""
        query = self.client.query_string
        await self.client.close()
        self.client = StreamlitClient(self.base, cookies=self.cookies)
        for attempt in range(20):  # the proxy may still try the dead replica for a moment
            try:
                await self.client.connect(query, "answer")
                await self.client.wait_for_run(after=0, key="submit")
                return
            except (ClientError, OSError):
                await self.client.close()
                self.client = StreamlitClient(self.base, cookies=self.cookies)
                await asyncio.sleep(0.5)
        raise AssertionError(f"delegate {self.index} could not reconnect")


def shown_choice(client: StreamlitClient) -> str:
    """The option the page shows chosen: set from the saved answer (`raw_value`), or its default."""
    proto = client.widget(CHOICE).proto
    if proto.set_value:
        return proto.raw_value
    return proto.options[proto.default] if proto.HasField("default") else ""


async def _scenario(deployment: LocalDeployment) -> tuple[list[Delegate], str]:
    delegates = [Delegate(deployment.base, i) for i in range(DELEGATES)]
    await asyncio.gather(*(d.join_and_answer() for d in delegates))
    assert {d.replica for d in delegates} == {"r1", "r2"}, "the proxy spreads delegates over both replicas"
    await asyncio.gather(*(d.submit() for d in delegates[::2]))
    victim = max(("r1", "r2"), key=lambda name: sum(d.replica == name for d in delegates))
    deployment.kill(next(r for r in deployment.replicas if r.name == victim))
    moved = [d for d in delegates if d.replica == victim]
    await asyncio.gather(*(d.reconnect() for d in moved))
    for d in moved:
        assert d.replica != victim, f"delegate {d.index} still sent to the killed replica"
        assert shown_choice(d.client) == d.choice, f"delegate {d.index}'s answer is not on the page again"
    await asyncio.gather(*(d.submit() for d in delegates[1::2]))
    for d in delegates:
        await d.client.close()
    return delegates, victim


def test_a_killed_replica_loses_no_answer_and_its_delegates_go_on_on_the_other(deployment):
    running, url = deployment
    delegates, victim = asyncio.run(_scenario(running))
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            for d in delegates:
                rows = conn.execute(text(
                    "SELECT r.status, (SELECT option FROM answer WHERE response_id = r.id AND question_id = 'lab_01'),"
                    " (SELECT text FROM answer WHERE response_id = r.id AND question_id = 'lab_treaty_note')"
                    " FROM response r JOIN participant p ON p.id = r.participant_id WHERE p.token = :t"),
                    {"t": d.token}).all()
                assert len(rows) == 1, f"delegate {d.index}: {len(rows)} responses"
                status, option, note = rows[0]
                assert (status, option, note) == ("submitted", LAB_01[d.choice], d.note), d.index
    finally:
        engine.dispose()
    said = running.supervise_once()
    assert said == [f"replica {victim} exited with code -9; starting it again"]
    restarted = next(r for r in running.replicas if r.name == victim)
    wait_healthy(restarted.base, process=restarted.process)
