# GapMap's image: the app on Python 3.11, run as an unprivileged user (deploy/compose.yaml, deploy/k8s/).
#
#   docker build -t gapmap .
#   docker run -p 8501:8501 -e GAPMAP_PUBLIC_URL=http://<this host's LAN address>:8501 -v gapmap-data:/app/data gapmap
#
# Without DATABASE_URL the app keeps SQLite under /app/data (one process; mount a volume there).
# Several replicas share PostgreSQL: README, "Running a bigger event".
FROM python:3.11-slim

# GAPMAP_STATIC_CACHE: Streamlit's bundles are gzip-compressed once, here at build time
# (ui/static_files.py): no replica spends its first seconds on it, and the app writes nowhere but
# /tmp and, with SQLite, /app/data.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GAPMAP_STATIC_CACHE=/opt/gapmap/static

RUN groupadd --gid 10001 gapmap \
    && useradd --uid 10001 --gid gapmap --home-dir /home/gapmap --create-home --shell /usr/sbin/nologin gapmap

WORKDIR /app

# Dependencies first: a change to the code does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The code belongs to root and is read-only for the app; only its SQLite folder is the app's.
COPY . .
RUN python -m compileall -q /app \
    && python -c "from ui.static_files import compressed_bundles; compressed_bundles()" \
    && mkdir -p /app/data && chown gapmap:gapmap /app/data

USER 10001:10001
EXPOSE 8501

# Streamlit's own health route; urllib because the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# Passcodes and the database URL may come from files (Docker secrets): deploy/entrypoint.sh.
ENTRYPOINT ["/bin/sh", "/app/deploy/entrypoint.sh"]
CMD ["streamlit", "run", "server.py", "--server.port", "8501", "--server.address", "0.0.0.0"]
