"""Running GapMap beyond one process: `python -m deploy` (several processes behind HAProxy on one
host, `deploy.local`), `compose.yaml` (Docker Compose) and `k8s/` (Kubernetes)."""
