"""Forms that start empty again after a success (a new key prefix, so the browser forgets too)."""
from __future__ import annotations

import streamlit as st


def form_key(name: str) -> str:
    """`name` the first time, then `name-2`, `name-3` ... after each `renew(name)`."""
    n = st.session_state.get(f"{name}#generation", 1)
    return name if n == 1 else f"{name}-{n}"


def renew(name: str) -> None:
    """The next run draws the form `name` with fresh, empty widgets."""
    st.session_state[f"{name}#generation"] = st.session_state.get(f"{name}#generation", 1) + 1
