"""Start the app in AppTest on its own SQLite file, optionally signed in as staff."""
from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from db.engine import make_engine

FACILITATOR = "facilitator-passcode-1"
ORGANISER = "organiser-passcode-22"
PASSCODES = {"facilitator": FACILITATOR, "organiser": ORGANISER}


def start_app(tmp_path, monkeypatch, role: str | None = None, **env: str):
    """(AppTest, engine) on a fresh database; `env` adds settings such as GAPMAP_SEED_DEMO="0"."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    monkeypatch.setenv("GAPMAP_FACILITATOR_PASSCODE", FACILITATOR)
    monkeypatch.setenv("GAPMAP_ORGANISER_PASSCODE", ORGANISER)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    if role:
        at.radio(key="sign-in-role").set_value(role)
        at.text_input(key="sign-in-passcode").set_value(PASSCODES[role])
        at.button(key="sign-in-submit").click().run()
        assert not at.exception, at.exception
    return at, make_engine(f"sqlite:///{tmp_path / 'app.sqlite3'}")


def open_page(at: AppTest, page: str) -> AppTest:
    """Switch the signed-in app to `page` and run it; fails on an exception."""
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def stop_app() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()
