"""The deployment files (Dockerfile, deploy/) hold together: what would break a deployment fails here,
without Docker or a cluster. Every place that starts the app runs the same command on the same port;
the replicas wait for the one-shot preparation and never run it; passcodes come from secrets; the
proxy and the Ingress keep a browser on one replica and probe Streamlit's health route; and the
preparation and the entrypoint really do what the files rely on."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
HEALTH = "/_stcore/health"
APP_COMMAND = ["streamlit", "run", "server.py", "--server.port", "8501", "--server.address", "0.0.0.0"]
MAKES_SCHEMA = re.compile(r"\bupgrade\b|\bprepare\b|seed-demo|seed_demo")


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def k8s_documents() -> dict[str, list[dict]]:
    return {path.name: [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
            for path in sorted(K8S.glob("*.yaml"))}


def k8s_object(kind: str) -> dict:
    found = [doc for name, docs in k8s_documents().items() if name != "secret.example.yaml"
             for doc in docs if doc["kind"] == kind]
    assert len(found) == 1, f"one {kind} expected, found {len(found)}"
    return found[0]


def dockerfile() -> dict[str, str]:
    """The Dockerfile's instructions by keyword (continuation lines joined, comments dropped)."""
    lines = [line for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
             if not line.lstrip().startswith("#")]
    text = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            found[keyword.upper()] = rest.strip()  # the last one counts, as in Docker
    return found


def haproxy_sections() -> dict[str, list[str]]:
    """compose-haproxy.cfg's sections ("backend app") and their lines, comments dropped."""
    sections: dict[str, list[str]] = {}
    current = None
    for raw in (DEPLOY / "compose-haproxy.cfg").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if not raw[0].isspace():
            current = " ".join(line.split())
            sections[current] = []
        else:
            sections[current].append(" ".join(line.split()))
    return sections


def env_of(container: dict) -> dict:
    return {item["name"]: item for item in container.get("env", [])}


# -- every file ------------------------------------------------------------------------------------

def test_every_yaml_file_parses_and_every_kubernetes_document_names_its_kind():
    assert set(compose()["services"]) >= {"db", "migrate", "app", "proxy"}
    documents = k8s_documents()
    assert len(documents) >= 9
    for name, docs in documents.items():
        assert docs, name
        for doc in docs:
            assert doc.get("apiVersion") and doc.get("kind"), name


def test_every_place_that_starts_the_app_runs_the_same_command_on_the_port_it_exposes():
    instructions = dockerfile()
    assert json.loads(instructions["CMD"]) == APP_COMMAND
    assert instructions["EXPOSE"] == "8501"
    assert compose()["services"]["app"]["command"] == APP_COMMAND
    container = k8s_object("Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert container.get("command") is None, "the image's entrypoint (secrets from files) must stay"
    assert container["args"] == APP_COMMAND
    assert [port["containerPort"] for port in container["ports"]] == [8501]


# -- the image -------------------------------------------------------------------------------------

def test_the_image_runs_as_an_unprivileged_user_through_the_entrypoint_and_checks_streamlits_health():
    instructions = dockerfile()
    user = instructions["USER"].split(":")[0]
    assert user not in {"root", "0"}
    assert json.loads(instructions["ENTRYPOINT"])[-1] == "/app/deploy/entrypoint.sh"
    assert HEALTH in instructions["HEALTHCHECK"] and "curl" not in instructions["HEALTHCHECK"]
    assert instructions["FROM"].startswith("python:3.11")


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path, or a folder above it, decides."""
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        parts = path.split("/")
        if any(re.fullmatch(regex, "/".join(parts[:i])) for i in range(1, len(parts) + 1)):
            ignored = not negated
    return ignored


def test_the_image_gets_the_app_and_its_entrypoint_but_no_secret():
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    needed = ["app.py", "server.py", "requirements.txt", ".streamlit/config.toml", "deploy/entrypoint.sh"]
    for package in ("db", "exports", "gapmap", "pages", "questionnaires", "ui"):
        needed += [p.relative_to(ROOT).as_posix() for p in (ROOT / package).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts]
    assert [path for path in needed if dockerignored(path, patterns)] == []
    secrets = [".streamlit/secrets.toml", "deploy/secrets/organiser_passcode.txt", "deploy/secrets/database_url.txt",
               "data/gapmap.sqlite3", ".git/config", ".venv/bin/python"]
    assert [path for path in secrets if not dockerignored(path, patterns)] == []


# -- Docker Compose --------------------------------------------------------------------------------

def test_the_replicas_start_after_the_preparation_succeeded_and_never_run_it_themselves():
    services = compose()["services"]
    assert services["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["app"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["migrate"]["restart"] == "no"
    assert MAKES_SCHEMA.search(" ".join(services["migrate"]["command"]))
    assert not MAKES_SCHEMA.search(" ".join(services["app"]["command"]))
    assert int(str(services["app"]["deploy"]["replicas"]).removeprefix("${GAPMAP_REPLICAS:-").rstrip("}")) >= 2


def test_the_database_the_app_and_the_proxy_have_health_checks():
    services = compose()["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    app_check = " ".join(services["app"]["healthcheck"]["test"])
    assert f"127.0.0.1:8501{HEALTH}" in app_check
    monitor = next(line.split()[1] for line in haproxy_sections()["frontend gapmap"] if line.startswith("monitor-uri"))
    assert monitor in " ".join(services["proxy"]["healthcheck"]["test"])
    assert "disable" not in services["app"]["healthcheck"] and "disable" not in services["proxy"]["healthcheck"]


def test_passcodes_and_the_database_url_come_from_secret_files_that_git_ignores():
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    assert not re.search(r"PASSCODE\s*:|DATABASE_URL\s*:|POSTGRES_PASSWORD\s*:", text), "a secret written in"
    spec = compose()
    ignored = [line.strip() for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()]
    for name in ("migrate", "app"):
        service = spec["services"][name]
        for variable in ("GAPMAP_FACILITATOR_PASSCODE", "GAPMAP_ORGANISER_PASSCODE", "DATABASE_URL"):
            secret = service["environment"][f"{variable}_FILE"].removeprefix("/run/secrets/")
            assert secret in service["secrets"], (name, variable)
    for secret in spec["secrets"].values():
        path = (DEPLOY / secret["file"]).resolve().relative_to(ROOT).as_posix()
        assert path.startswith("deploy/secrets/") and any(fnmatch(path, pattern) for pattern in ignored), path
    db = spec["services"]["db"]
    assert db["environment"]["POSTGRES_PASSWORD_FILE"].removeprefix("/run/secrets/") in db["secrets"]


def test_every_volume_is_named_and_the_proxy_gets_its_configuration():
    spec = compose()
    for name, service in spec["services"].items():
        for volume in service.get("volumes", []):
            if isinstance(volume, str):
                assert volume.split(":")[0] in spec["volumes"], (name, volume)
            else:
                assert volume["type"] == "bind" and (DEPLOY / volume["source"]).is_file(), (name, volume)
    proxy = spec["services"]["proxy"]
    assert proxy["image"].startswith("haproxy:")
    assert {"source": "./compose-haproxy.cfg", "target": "/usr/local/etc/haproxy/haproxy.cfg"}.items() <= \
        proxy["volumes"][0].items()
    assert any(port.endswith(":8501") for port in proxy["ports"])


def test_the_preparation_migrates_seeds_an_empty_database_once_and_prints_generated_passcodes(tmp_path):
    """The migrate service's script, run as its container runs it (through the entrypoint), on
    SQLite: the demo on the first run only; a passcode given as a file is not generated."""
    script = compose()["services"]["migrate"]["command"]
    (tmp_path / "organiser.txt").write_text("organiser-passcode-of-the-test\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GAPMAP_") and key != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'gapmap.sqlite3'}",
               GAPMAP_ORGANISER_PASSCODE_FILE=str(tmp_path / "organiser.txt"))

    def prepare() -> str:
        run = subprocess.run(["sh", str(DEPLOY / "entrypoint.sh"), sys.executable, *script[1:]], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        return run.stdout

    first = prepare()
    assert "schema at revision" in first and "demo event BKK2024 created" in first
    # Printed once, as the app would: only the passcode nobody gave.
    assert re.findall(r"^ +(facilitator|organiser) +\S+$", first, flags=re.M) == ["facilitator"]
    second = prepare()
    assert "no demo event created" in second and "GapMap generated" not in second


# -- the entrypoint --------------------------------------------------------------------------------

def entrypoint(tmp_path, env: dict[str, str], *command: str) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(["sh", str(DEPLOY / "entrypoint.sh"), *command], env={**base, **env}, cwd=tmp_path,
                          capture_output=True, text=True, timeout=30)


def test_the_entrypoint_reads_secrets_from_files_and_runs_the_command_unchanged(tmp_path):
    (tmp_path / "organiser").write_text("a passcode with $HOME and `quotes`\n")
    (tmp_path / "url").write_text("postgresql+psycopg://gapmap:pw@db:5432/gapmap")
    show = "import os, sys; print(repr([os.environ.get(k) for k in sys.argv[1:]]))"
    run = entrypoint(tmp_path, {"GAPMAP_ORGANISER_PASSCODE_FILE": str(tmp_path / "organiser"),
                                "DATABASE_URL_FILE": str(tmp_path / "url"), "GAPMAP_FACILITATOR_PASSCODE": "given"},
                     sys.executable, "-c", show, "GAPMAP_ORGANISER_PASSCODE", "DATABASE_URL",
                     "GAPMAP_FACILITATOR_PASSCODE", "GAPMAP_ORGANISER_PASSCODE_FILE")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == repr(["a passcode with $HOME and `quotes`",
                                       "postgresql+psycopg://gapmap:pw@db:5432/gapmap", "given", None])


@pytest.mark.parametrize("case", ["both set", "missing file", "empty file"])
def test_the_entrypoint_refuses_a_secret_it_cannot_use(tmp_path, case):
    (tmp_path / "empty").write_text("\n")
    name = "GAPMAP_ORGANISER_PASSCODE"
    env = {"both set": {name: "x" * 12, f"{name}_FILE": str(tmp_path / "empty")},
           "missing file": {f"{name}_FILE": str(tmp_path / "nowhere")},
           "empty file": {f"{name}_FILE": str(tmp_path / "empty")}}[case]
    run = entrypoint(tmp_path, env, "sh", "-c", "echo started")
    assert run.returncode != 0 and "started" not in run.stdout
    assert "GAPMAP_ORGANISER_PASSCODE" in run.stderr


# -- HAProxy ---------------------------------------------------------------------------------------

HAPROXY = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)


@pytest.mark.skipif(HAPROXY is None, reason="haproxy is not installed (Debian: apt-get install haproxy)")
def test_haproxy_accepts_the_configuration_without_a_warning():
    """`init-addr none` lets HAProxy start before Docker's DNS knows any replica (here it never will)."""
    run = subprocess.run([HAPROXY, "-c", "-f", str(DEPLOY / "compose-haproxy.cfg")],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARNING" not in run.stdout + run.stderr and "ALERT" not in run.stdout + run.stderr


def test_haproxy_finds_the_replicas_by_dns_and_keeps_each_browser_on_one():
    sections = haproxy_sections()
    backend = sections["backend app"]
    assert "balance roundrobin" in backend and f"option httpchk GET {HEALTH}" in backend
    cookie = next(line for line in backend if line.startswith("cookie "))
    assert cookie.split()[1:4] == ["GAPMAP_REPLICA", "insert", "indirect"] and "dynamic" in cookie.split()
    assert any(line.startswith("dynamic-cookie-key ") for line in backend)
    template = next(line for line in backend if line.startswith("server-template ")).split()
    _, prefix, numbers, address, *params = template
    assert address == "app:8501"  # the compose service and the port the app listens on
    assert {"check", "resolvers", "docker", "init-addr", "none"} <= set(params)
    # A fixed `cookie <value>` on the template gives every replica that one value: all stick to the first.
    assert "cookie" not in params
    low, high = (int(n) for n in numbers.split("-"))
    assert high - low + 1 >= 8
    assert "nameserver dns 127.0.0.11:53" in sections["resolvers docker"]


def test_haproxy_redispatches_forwards_and_keeps_websockets_open():
    defaults = haproxy_sections()["defaults"]
    assert {"mode http", "option redispatch", "option forwardfor"} <= set(defaults)
    tunnel = next(line.split()[2] for line in defaults if line.startswith("timeout tunnel "))
    assert tunnel in {"1h", "60m", "3600s"} or tunnel.endswith("h")
    assert any(line.startswith("timeout client-fin ") for line in defaults)
    frontend = haproxy_sections()["frontend gapmap"]
    assert "bind :8501" in frontend
    assert "http-request set-header X-Forwarded-Proto https if { ssl_fc }" in frontend


# -- Kubernetes ------------------------------------------------------------------------------------

def test_the_kustomization_lists_every_manifest_but_the_secret_example():
    listed = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))["resources"]
    present = {path.name for path in K8S.glob("*.yaml")} - {"kustomization.yaml", "secret.example.yaml"}
    assert sorted(listed) == sorted(present)


def test_the_deployment_probes_streamlits_health_on_the_container_port():
    spec = k8s_object("Deployment")["spec"]
    assert spec["replicas"] >= 2
    container = spec["template"]["spec"]["containers"][0]
    ports = {port.get("name"): port["containerPort"] for port in container["ports"]}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == HEALTH, probe
        assert ports.get(get["port"], get["port"]) == 8501, probe
    assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]


def test_only_the_job_prepares_the_database_and_the_replicas_wait_for_it():
    job = k8s_object("Job")["spec"]["template"]["spec"]
    job_script = job["containers"][0]["args"]
    assert job_script[1:] == compose()["services"]["migrate"]["command"][1:]  # one preparation, two files
    pod = k8s_object("Deployment")["spec"]["template"]["spec"]
    for container in pod["containers"] + pod.get("initContainers", []):
        assert not MAKES_SCHEMA.search(" ".join(container.get("command", []) + container.get("args", []))), \
            container["name"]
    waiting = " ".join(pod["initContainers"][0]["args"])
    assert "head_revision()" in waiting and "current_revision(" in waiting
    images = {c["image"] for c in pod["containers"] + pod["initContainers"] + job["containers"]}
    assert len(images) == 1, images


def test_the_pods_read_the_secrets_and_settings_the_cluster_provides():
    cluster = k8s_object("Cluster")
    assert cluster["apiVersion"] == "postgresql.cnpg.io/v1"
    assert "operator must be installed" in (K8S / "postgres-cluster.yaml").read_text(encoding="utf-8")
    example = yaml.safe_load((K8S / "secret.example.yaml").read_text(encoding="utf-8"))
    assert set(example["stringData"]) == {"GAPMAP_FACILITATOR_PASSCODE", "GAPMAP_ORGANISER_PASSCODE"}
    config = k8s_object("ConfigMap")
    for spec in (k8s_object("Deployment")["spec"]["template"]["spec"], k8s_object("Job")["spec"]["template"]["spec"]):
        container = spec["containers"][0]
        url = env_of(container)["DATABASE_URL"]["valueFrom"]["secretKeyRef"]
        assert (url["name"], url["key"]) == (f"{cluster['metadata']['name']}-app", "uri")
        sources = {next(iter(s.values()))["name"] for s in container["envFrom"]}
        assert sources == {config["metadata"]["name"], example["metadata"]["name"]}


def test_the_ingress_sticks_a_browser_to_a_pod_on_the_public_address():
    ingress = k8s_object("Ingress")
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/session-cookie-name"]
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(notes[f"nginx.ingress.kubernetes.io/{timeout}"]) >= 3600, timeout
    assert ingress["spec"]["ingressClassName"] == "nginx"
    rule = ingress["spec"]["rules"][0]
    public = urlsplit(k8s_object("ConfigMap")["data"]["GAPMAP_PUBLIC_URL"])
    assert rule["host"] == public.hostname  # the QR code points where the Ingress answers
    backend = rule["http"]["paths"][0]["backend"]["service"]
    service = k8s_object("Service")
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {port["name"] for port in service["spec"]["ports"]}


def test_the_service_and_the_disruption_budget_select_the_deployments_pods():
    labels = k8s_object("Deployment")["spec"]["template"]["metadata"]["labels"]
    assert k8s_object("Service")["spec"]["selector"].items() <= labels.items()
    budget = k8s_object("PodDisruptionBudget")["spec"]
    assert budget["selector"]["matchLabels"].items() <= labels.items()
    assert budget["minAvailable"] >= 1
