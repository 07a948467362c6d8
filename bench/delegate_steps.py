"""A simulated delegate's steps over the real protocol (`bench.st_client`), shared by the capacity
benchmark and the failover test: join with the event's link, open the first open session, change
answers, submit. Each step waits for the run that answers it and returns how long that took, as
the phone saw it. (`bench.qr_moment` walks the same path with its own marks per step.)"""
from __future__ import annotations

import random
import time

from bench.st_client import PageLoader, StreamlitClient

JOIN = "code=BKK2024"
#: The answer page's widgets a delegate changes in the benchmark: single choices and checklist boxes.
CHANGEABLE = ("radio", "checkbox")


def first_open_session(client: StreamlitClient) -> str | None:
    """The key of the agenda's first Start/Continue button (primary: its session is open now)."""
    return next((key for key, w in client.widgets.items() if key.startswith("answer-") and w.proto.type == "primary"),
                None)


async def cookie_from_page(base: str, cookies: dict[str, str], query: str = JOIN) -> None:
    """Load the page once, as the browser does before it opens the WebSocket: a sticky proxy sets
    its replica cookie on this answer (kept in `cookies`)."""
    loader = PageLoader(base, cookies=cookies)
    try:
        await loader.get(f"?{query}")
    finally:
        await loader.close()


async def timed(client: StreamlitClient, send, *, timeout: float = 60, **wait) -> float:
    """Send an action (`send()`), wait for the run that answers it; seconds from send to finished."""
    after, started = len(client.runs), time.monotonic()
    await send()
    await client.wait_for_run(after=after, timeout=timeout, **wait)
    return time.monotonic() - started


async def join(client: StreamlitClient, rng: random.Random, *, timeout: float = 60) -> None:
    """The join link: the form, a country, a sector, consent, Start → the agenda."""
    await client.connect(JOIN)
    await client.wait_for_run(after=0, key="join-start", timeout=timeout)
    for key in ("join-country", "join-sector"):
        choice = rng.choice(client.widget(key).proto.options)
        await timed(client, lambda k=key, c=choice: client.set_widget(k, c), fragment=True, timeout=timeout)
    await timed(client, lambda: client.set_widget("join-consent", True), fragment=True, timeout=timeout)
    await timed(client, lambda: client.click("join-start"), until=first_open_session, timeout=timeout)


async def open_first_session(client: StreamlitClient, *, timeout: float = 60) -> None:
    """The agenda's first open session → its questionnaire (usable once Submit is drawn)."""
    await timed(client, lambda: client.click(first_open_session(client)), key="submit", timeout=timeout)


def _in_fragment(client: StreamlitClient, key: str) -> bool:
    return bool(client.widget(key).fragment_id)


async def change(client: StreamlitClient, key: str, value, *, timeout: float = 60) -> float:
    """Change one answer (saved as it changes); seconds until its run finished."""
    return await timed(client, lambda: client.set_widget(key, value), fragment=_in_fragment(client, key),
                       timeout=timeout)


async def change_any(client: StreamlitClient, rng: random.Random, *, timeout: float = 60) -> float:
    """Change a random single choice or checklist box of the questionnaire."""
    keys = [k for k, w in client.widgets.items() if k.startswith("q-") and w.kind in CHANGEABLE]
    key = rng.choice(keys)
    widget = client.widget(key)
    value = rng.choice(list(widget.proto.options)) if widget.kind == "radio" else rng.random() < 0.5
    return await change(client, key, value, timeout=timeout)


async def submit(client: StreamlitClient, *, timeout: float = 60) -> float:
    return await timed(client, lambda: client.click("submit"), fragment=_in_fragment(client, "submit"),
                       timeout=timeout)
