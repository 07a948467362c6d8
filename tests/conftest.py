"""Shared fixtures: a migrated database on SQLite (always) and PostgreSQL (when configured)."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import make_url, text

from db.engine import make_engine
from db.migrate import upgrade

PG_URL = os.environ.get("TEST_DATABASE_URL")
NO_PG = "set TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test to run the PostgreSQL tests"


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (`--dist loadgroup`): the browser tests one after another on one worker
    (each starts a server and Chromium: two at once on a 2-core machine only make both slow), and
    every other test file whole on one worker, as `--dist loadfile` would."""
    for item in items:
        group = "browser" if item.get_closest_marker("browser") else item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'gapmap.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def _worker_url() -> str:
    """TEST_DATABASE_URL, or under pytest-xdist a database of this worker's own beside it
    (`test_gw1`), created on first use: workers drop and recreate their schema freely."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return PG_URL
    url = make_url(PG_URL)
    name = f"{url.database}_{worker}"
    admin = make_engine(PG_URL)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _fresh_postgres():
    if not PG_URL:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(NO_PG)
    engine = make_engine(_worker_url())
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


@pytest.fixture
def pg_engine():
    engine = _fresh_postgres()
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'gapmap.sqlite3'}")
        upgrade(eng)
    else:
        eng = _fresh_postgres()
    yield eng
    eng.dispose()


@pytest.fixture
def room(tmp_path, monkeypatch):
    """The app in AppTest with a facilitator signed in on the demo event (tests/app_support.py)."""
    from tests.app_support import start_app, stop_app

    yield start_app(tmp_path, monkeypatch, "facilitator", GAPMAP_PUBLIC_URL="https://gapmap.example.org")
    stop_app()


@pytest.fixture(scope="session")
def static_copy(tmp_path_factory):
    """One compressed copy of Streamlit's bundles, fonts cut (`ui.static_files`), for every test
    that reads it: it takes several seconds to make (gzip level 9, two font cuts)."""
    from ui import static_files

    return static_files.compressed_bundles(tmp_path_factory.mktemp("static-cache"))
