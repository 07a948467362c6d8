"""Run the real app in a subprocess and drive it with Playwright and Debian's chromium."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parent.parent
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
FACILITATOR = "browser-facilitator-1"
ORGANISER = "browser-organiser-22"


def chromium_or_skip() -> str:
    """Debian's chromium, or a skip that says why (a failure under CI, which installs it)."""
    give_up = pytest.fail if os.environ.get("CI") else pytest.skip
    try:
        import playwright  # noqa: F401
    except ImportError:
        give_up("Python Playwright is not installed (pip install -r requirements-dev.txt)")
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        give_up("no chromium on PATH: apt-get install -y chromium")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(tmp_path: Path, **extra_env: str):
    """A freshly started GapMap server on its own SQLite file; yields its base URL."""
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'browser.sqlite3'}",
               GAPMAP_FACILITATOR_PASSCODE=FACILITATOR, GAPMAP_ORGANISER_PASSCODE=ORGANISER, **extra_env)
    log = open(tmp_path / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=APP_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start: {(tmp_path / 'server.log').read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit finished the script run, as Streamlit's own e2e suite does."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)


def choose(page, key, option):
    """Pick an option of a select box (a searchable combo box) by typing and clicking it."""
    box = page.locator(f".st-key-{key} input[role=combobox]")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def join_event(page, base, code, country="Thailand", sector="Prosecution", *, tap=False):
    """A delegate joins with the event's link: the notice, country, sector, consent, Start."""
    page.goto(f"{base}/?code={code}")
    wait_idle(page)
    choose(page, "join-country", country)
    choose(page, "join-sector", sector)
    press = "tap" if tap else "click"
    getattr(page.locator(".st-key-join-consent label"), press)()
    getattr(page.locator(".st-key-join-start button"), press)()
    wait_idle(page)


def sign_in(page, base, role, passcode):
    """Open the start page and sign in as staff."""
    page.goto(base)
    wait_idle(page)
    page.get_by_text(role.capitalize(), exact=True).click()
    page.locator(".st-key-sign-in-passcode input").fill(passcode)
    page.locator(".st-key-sign-in-submit button").click()
    # Waited for, not looked at once: the click's run may start after a first idle moment.
    from playwright.sync_api import expect

    expect(page.locator(".st-key-sign-in-submit")).to_have_count(0, timeout=30_000)
    wait_idle(page)
