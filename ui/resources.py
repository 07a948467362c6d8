"""Process-wide resources: one engine per process, prepared once (migrations, demo, passcodes)."""
from __future__ import annotations

import os
import sys

import streamlit as st
from sqlalchemy.engine import Engine

from db.engine import make_engine
from gapmap import auth
from gapmap.bootstrap import passcode_banner, prepare
from gapmap.reference_files import ReferenceDataError


def _secrets() -> dict:
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except Exception:  # noqa: BLE001 - no secrets.toml, or an unreadable one: fall back to the environment
        return {}


@st.cache_resource(show_spinner="Preparing the database…")
def configured_passcodes() -> dict[str, str]:
    return auth.configured_passcodes(os.environ, _secrets())


@st.cache_resource(show_spinner="Preparing the database…")
def engine() -> Engine:
    """The process's engine, after migrations, the shipped questionnaires and the demo event."""
    eng = make_engine()
    try:
        report = prepare(eng, configured_passcodes())
    except ReferenceDataError as exc:
        print(exc, file=sys.stderr, flush=True)
        raise
    where = eng.url.render_as_string(hide_password=True)
    print(f"GapMap is ready on {where}" + (" (demo event BKK2024 created)" if report.demo_created else ""),
          file=sys.stderr, flush=True)
    if report.new_passcodes:
        print(passcode_banner(report.new_passcodes), file=sys.stderr, flush=True)
    for role in report.weak_passcodes:
        print(f"WARNING: the configured {role} passcode is shorter than {auth.MIN_CONFIGURED_LENGTH} "
              "characters; choose a longer one.", file=sys.stderr, flush=True)
    return eng
