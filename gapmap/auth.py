"""Facilitator and organiser passcodes: where they come from, how they are checked, throttling.

A role's passcode is, in this order: the environment variable (`GAPMAP_FACILITATOR_PASSCODE`,
`GAPMAP_ORGANISER_PASSCODE`), the same key in `.streamlit/secrets.toml`, or else one generated on
the first start, printed once to the terminal and stored only as an argon2 hash.

Wrong passcodes are throttled per role from the audit log (so the limit holds across browser
sessions and app processes, and no IP address is ever needed): after FREE_ATTEMPTS failures
within the window, each further attempt must wait twice as long as the one before.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Mapping

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from db import audit
from db.engine import read_session, write_session
from db.models import Credential, Role, utcnow
from gapmap.codes import generate_passcode, normalise_passcode

PASSCODE_ROLES = (Role.FACILITATOR.value, Role.ORGANISER.value)
ENV_NAMES = {
    Role.FACILITATOR.value: "GAPMAP_FACILITATOR_PASSCODE",
    Role.ORGANISER.value: "GAPMAP_ORGANISER_PASSCODE",
}
MIN_CONFIGURED_LENGTH = 10
FREE_ATTEMPTS = 5
WINDOW = timedelta(minutes=15)
MAX_DELAY_SECONDS = 300

_hasher = PasswordHasher()


def configured_passcodes(env: Mapping[str, str], secrets: Mapping[str, object]) -> dict[str, str]:
    """Passcodes set by the operator, per role (environment first, then secrets.toml)."""
    found: dict[str, str] = {}
    for role, name in ENV_NAMES.items():
        value = env.get(name) or secrets.get(name)
        if isinstance(value, str) and value.strip():
            found[role] = value.strip()
    return found


def weak_configured(configured: Mapping[str, str]) -> list[str]:
    """Roles whose configured passcode is too short to resist guessing."""
    return [role for role, code in configured.items() if len(code) < MIN_CONFIGURED_LENGTH]


def ensure_passcodes(engine: Engine, configured: Mapping[str, str]) -> dict[str, str]:
    """Generate a passcode for each role that has neither a configured nor a stored one.

    Returns the new passcodes (role -> passcode) so the caller can print them once; only their
    hashes are stored. Safe when several processes start at once: one of them wins per role.
    """
    created: dict[str, str] = {}
    for role in PASSCODE_ROLES:
        if role in configured:
            continue
        with read_session(engine) as db:
            if db.get(Credential, role) is not None:
                continue
        passcode = generate_passcode()
        try:
            with write_session(engine) as db:
                if db.get(Credential, role) is not None:
                    continue
                db.add(Credential(role=role, passcode_hash=_hasher.hash(passcode)))
                audit.record(db=db, actor="system", action="passcode_generated", detail={"role": role})
        except IntegrityError:
            continue  # another process generated it first
        created[role] = passcode
    return created


def reset_passcode(engine: Engine, role: str) -> str:
    """Replace a role's generated passcode with a new one (the old one stops working)."""
    if role not in PASSCODE_ROLES:
        raise ValueError(f"roles with passcodes: {', '.join(PASSCODE_ROLES)}")
    passcode = generate_passcode()
    with write_session(engine) as db:
        credential = db.get(Credential, role) or Credential(role=role, passcode_hash="")
        credential.passcode_hash = _hasher.hash(passcode)
        credential.created_at = utcnow()
        db.add(credential)
        audit.record(db=db, actor="system", action="passcode_reset", detail={"role": role})
    return passcode


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    message: str = ""
    retry_after: int = 0  # seconds to wait before the next attempt, when throttled


def sign_in(
    engine: Engine, role: str, passcode: str, configured: Mapping[str, str], *, now: datetime | None = None
) -> SignInResult:
    """Check a passcode for `role`; every attempt's outcome goes to the audit log."""
    if role not in PASSCODE_ROLES:
        return SignInResult(False, "Choose facilitator or organiser.")
    if not (passcode or "").strip():
        return SignInResult(False, "Enter the passcode.")
    now = now or utcnow()
    with read_session(engine) as db:
        failures, last = audit.count(db=db, action="sign_in_failed", actor=role, since=now - WINDOW)
        credential = db.get(Credential, role)
    wait = _wait_seconds(failures, last, now)
    if wait > 0:  # refused unchecked, and audited apart so that waiting does not lengthen the wait
        with write_session(engine) as db:
            audit.record(db=db, actor=role, action="sign_in_throttled", detail={"wait_seconds": wait})
        return SignInResult(
            False, f"Too many wrong passcodes. Wait {wait} seconds, then try again.", retry_after=wait
        )
    ok = _matches(role, passcode, configured, credential)
    with write_session(engine) as db:
        audit.record(db=db, actor=role, action="sign_in" if ok else "sign_in_failed")
    if ok:
        return SignInResult(True)
    return SignInResult(False, "That passcode is not right. Passcodes are handed out by the event's organisers.")


def _wait_seconds(failures: int, last: datetime | None, now: datetime) -> int:
    if failures < FREE_ATTEMPTS or last is None:
        return 0
    delay = min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS)
    if last.tzinfo is None:
        now = now.replace(tzinfo=None)
    elapsed = (now - last).total_seconds()
    return max(0, int(delay - elapsed + 0.999))


def _matches(role: str, passcode: str, configured: Mapping[str, str], credential: Credential | None) -> bool:
    typed = normalise_passcode(passcode)
    if role in configured:
        expected = normalise_passcode(configured[role])
        return hmac.compare_digest(
            hashlib.sha256(typed.encode()).digest(), hashlib.sha256(expected.encode()).digest()
        )
    if credential is None:
        return False
    try:
        return _hasher.verify(credential.passcode_hash, typed)
    except (VerificationError, InvalidHashError):
        return False
