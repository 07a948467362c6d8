"""The benchmark's browser-less client (`bench.st_client`) speaks Streamlit's protocol: one
simulated phone joins with the link and reaches the questionnaire on the real server, and what it
reads of the frontend matches the installed Streamlit."""
from __future__ import annotations

import asyncio
import random
from contextlib import ExitStack
from pathlib import Path

import pytest
import streamlit
from sqlalchemy import text

from bench.qr_moment import JOIN, Phone, walk
from bench.st_client import Frontend, html_links, key_of, lazy_chunks
from db.engine import make_engine
from tests.browser_support import running_app

STATIC = Path(streamlit.__file__).parent / "static"


def test_widget_keys_are_read_from_element_ids():
    assert key_of("$$ID-0123abcd-join-country") == "join-country"
    assert key_of("$$ID-0123abcd-None") is None
    assert key_of("") is None


def test_the_frontend_files_are_found_in_streamlits_bundle():
    links = html_links((STATIC / "index.html").read_text())
    main = next(p for p in links if p.startswith("static/js/index."))
    assert any(p.endswith(".css") for p in links) and not any(p.startswith("_stcore") for p in links)
    chunks = lazy_chunks(main, (STATIC / main).read_text())
    assert chunks["selectbox"][-1].startswith("static/js/Selectbox.")
    assert all((STATIC / f).exists() for f in chunks["selectbox"])


def participants(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM participant")).scalar_one()
    finally:
        engine.dispose()


def test_a_simulated_phone_joins_and_opens_the_questionnaire(tmp_path):
    url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"  # the file running_app gives the server
    with ExitStack() as stack:
        try:
            base = stack.enter_context(running_app(tmp_path))
        except RuntimeError as exc:
            pytest.skip(f"the app server did not start: {exc}")
        before = participants(url)
        phone = Phone(0, base, cold=True)

        async def go():
            frontend = await Frontend.read(base, JOIN)
            await walk(phone, frontend, random.Random(1), think=0, timeout=15)
            await phone.client.close()

        asyncio.run(go())
        assert phone.failure is None
        assert list(phone.marks) == ["page", "form", "agenda", "questionnaire"]
        assert "submit" in phone.client.widgets and "s=" in phone.client.query_string
        assert any(p.startswith("static/js/Selectbox.") for p in phone.files)  # a lazy chunk, as a browser
        assert participants(url) == before + 1


def test_a_simulated_dashboard_follows_its_pulse_and_redraws_after_a_submission(tmp_path):
    """What the capacity benchmark's dashboards do: signed in by a staff cookie, they ask the pulse
    route as the page's JavaScript does, and a submission makes them redraw (and only then)."""
    from bench import delegate_steps as steps
    from bench.capacity import open_dashboard, staff_tokens
    from bench.st_client import StreamlitClient

    url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    with ExitStack() as stack:
        try:
            base = stack.enter_context(running_app(tmp_path))
        except RuntimeError as exc:
            pytest.skip(f"the app server did not start: {exc}")
        (token,) = staff_tokens(url, 1)

        async def go():
            dashboard = await open_dashboard(base, token, False, timeout=30)
            phone = StreamlitClient(base)
            await steps.join(phone, random.Random(2), timeout=30)
            await steps.open_first_session(phone, timeout=30)
            await asyncio.sleep(2.5)
            quiet = dashboard.pulse_changes, len(dashboard.runs)
            await steps.change_any(phone, random.Random(3), timeout=30)
            await steps.submit(phone, timeout=30)
            for _ in range(100):
                redrawn = any(r.fragment and r.finished for r in dashboard.runs[quiet[1]:])
                if dashboard.pulse_changes > quiet[0] and redrawn:
                    break
                await asyncio.sleep(0.1)
            asks = dashboard.pulse_asks
            await phone.close()
            await dashboard.close()
            return quiet, asks, dashboard

        (changes_while_quiet, _), asks, dashboard = asyncio.run(go())
    assert asks >= 2  # it asked while nothing happened …
    assert dashboard.pulse_changes > changes_while_quiet  # … and redrew once the submission came in
    assert any(r.fragment and r.finished for r in dashboard.runs)
