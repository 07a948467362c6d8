"""`python -m deploy` refuses what cannot work with one clear sentence, before starting anything,
and the proxy configuration it writes is one HAProxy accepts (sticky cookie, health checks,
redispatch). The failover itself: tests/test_failover.py."""
from __future__ import annotations

import subprocess
import sys

import pytest

from deploy.__main__ import main
from deploy.local import COOKIE, DeployError, LocalDeployment, haproxy_binary, haproxy_config, with_phones_address


def test_several_processes_on_sqlite_are_refused_with_a_sentence(capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///data/gapmap.sqlite3")
    assert main(["--processes", "2"]) == 2
    assert "several processes share one PostgreSQL database" in capsys.readouterr().err
    monkeypatch.delenv("DATABASE_URL")  # the default is SQLite too
    assert main(["--processes", "3"]) == 2


@pytest.mark.parametrize("processes", [0, -1])
def test_no_process_is_refused(processes):
    with pytest.raises(DeployError, match="at least 1"):
        LocalDeployment(processes, {"DATABASE_URL": "postgresql://x/y"})


def test_replica_ports_must_match_the_processes():
    with pytest.raises(DeployError, match="2 processes need 2 replica ports"):
        LocalDeployment(2, {"DATABASE_URL": "postgresql://x/y"}, replica_ports=[9001])


def test_the_proxy_keeps_a_browser_on_its_replica_and_checks_health():
    config = haproxy_config([("r1", 8511), ("r2", 8512)], address="0.0.0.0", port=8501)
    assert f"cookie {COOKIE} insert indirect nocache httponly" in config
    assert "server r1 127.0.0.1:8511 cookie r1" in config and "server r2 127.0.0.1:8512 cookie r2" in config
    assert "option redispatch" in config and "option httpchk GET /_stcore/health" in config
    assert "timeout tunnel 1h" in config  # a delegate's WebSocket stays open all day


def test_haproxy_accepts_the_configuration(tmp_path):
    try:
        binary = haproxy_binary()
    except DeployError as exc:
        pytest.skip(str(exc))
    path = tmp_path / "haproxy.cfg"
    path.write_text(haproxy_config([("r1", 8511), ("r2", 8512), ("r3", 8513)], address="127.0.0.1", port=8501))
    checked = subprocess.run([binary, "-c", "-f", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_command_line_says_what_it_does():
    shown = subprocess.run([sys.executable, "-m", "deploy", "--help"], capture_output=True, text=True)
    assert shown.returncode == 0 and "--processes" in shown.stdout and "HAProxy" in shown.stdout


def test_phones_are_sent_to_the_proxy_not_to_a_replica():
    env = with_phones_address({"DATABASE_URL": "postgresql://x/y"}, 8501, lan_ip=lambda: "192.168.1.20")
    assert env["GAPMAP_PUBLIC_URL"] == "http://192.168.1.20:8501"
    given = {"GAPMAP_PUBLIC_URL": "https://gapmap.example.org"}
    assert with_phones_address(given, 8501, lan_ip=lambda: "192.168.1.20") == given
    assert "GAPMAP_PUBLIC_URL" not in with_phones_address({}, 8501, lan_ip=lambda: None)  # the join screen says why


def test_a_port_in_use_is_named_before_anything_starts(capsys, monkeypatch):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
        assert main(["--processes", "2", "--address", "127.0.0.1", "--port", str(port)]) == 2
    assert f"already in use: 127.0.0.1:{port}" in capsys.readouterr().err
