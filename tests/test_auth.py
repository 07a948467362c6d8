"""Passcodes: generated once and stored hashed, configured ones win, wrong ones are throttled."""
from datetime import timedelta

from sqlmodel import select

from db import audit
from db.engine import read_session
from db.models import Credential, utcnow
from gapmap import auth
from gapmap.codes import UNAMBIGUOUS, generate_passcode, normalise_passcode


def test_first_start_generates_passcodes_and_stores_only_hashes(sqlite_engine):
    created = auth.ensure_passcodes(sqlite_engine, configured={})
    assert set(created) == {"facilitator", "organiser"}
    with read_session(sqlite_engine) as s:
        stored = {c.role: c.passcode_hash for c in s.exec(select(Credential))}
    for role, passcode in created.items():
        assert passcode not in stored[role] and stored[role].startswith("$argon2")
    assert auth.ensure_passcodes(sqlite_engine, configured={}) == {}  # printed once, never again


def test_generated_passcode_signs_in_typed_loosely(sqlite_engine):
    code = auth.ensure_passcodes(sqlite_engine, configured={})["facilitator"]
    assert auth.sign_in(sqlite_engine, "facilitator", code, {}).ok
    assert auth.sign_in(sqlite_engine, "facilitator", code.lower().replace("-", " "), {}).ok
    assert not auth.sign_in(sqlite_engine, "organiser", code, {}).ok


def test_configured_passcode_wins_over_the_stored_one(sqlite_engine):
    generated = auth.ensure_passcodes(sqlite_engine, configured={})["organiser"]
    configured = auth.configured_passcodes({"GAPMAP_ORGANISER_PASSCODE": "river-lantern-42"}, {})
    assert configured == {"organiser": "river-lantern-42"}
    assert auth.sign_in(sqlite_engine, "organiser", "river-lantern-42", configured).ok
    assert not auth.sign_in(sqlite_engine, "organiser", generated, configured).ok


def test_secrets_toml_is_used_when_the_environment_is_silent():
    found = auth.configured_passcodes({}, {"GAPMAP_FACILITATOR_PASSCODE": "from-secrets-file"})
    assert found == {"facilitator": "from-secrets-file"}
    assert auth.weak_configured({"facilitator": "short"}) == ["facilitator"]


def test_wrong_passcodes_are_throttled_and_audited(sqlite_engine):
    code = auth.ensure_passcodes(sqlite_engine, configured={})["facilitator"]
    for _ in range(auth.FREE_ATTEMPTS):
        result = auth.sign_in(sqlite_engine, "facilitator", "guess", {})
        assert not result.ok and result.retry_after == 0
    throttled = auth.sign_in(sqlite_engine, "facilitator", code, {})  # even the right one must wait
    assert not throttled.ok and throttled.retry_after > 0 and "Wait" in throttled.message
    later = utcnow() + timedelta(seconds=throttled.retry_after + 1)
    assert auth.sign_in(sqlite_engine, "facilitator", code, {}, now=later).ok
    with read_session(sqlite_engine) as s:
        actions = [e.action for e in audit.entries(db=s, actors=["facilitator"])]
    assert actions.count("sign_in_failed") == auth.FREE_ATTEMPTS and actions[0] == "sign_in"


def test_every_attempt_is_audited_even_a_throttled_one_without_lengthening_the_wait(sqlite_engine):
    auth.ensure_passcodes(sqlite_engine, configured={})
    results = [auth.sign_in(sqlite_engine, "organiser", "guess", {}) for _ in range(21)]
    with read_session(sqlite_engine) as s:
        entries = audit.entries(db=s, actors=["organiser"])
    assert len(entries) == 21  # one entry per attempt (there were 5 once: throttled ones went unrecorded)
    throttled = [e for e in entries if e.action == "sign_in_throttled"]
    assert len(throttled) == 16 and all(e.detail["wait_seconds"] > 0 for e in throttled)
    assert results[-1].retry_after <= 2 ** 1  # still the first step of the wait: waiting does not add to it


def test_empty_passcode_and_unknown_role_get_messages(sqlite_engine):
    assert auth.sign_in(sqlite_engine, "facilitator", "  ", {}).message == "Enter the passcode."
    assert not auth.sign_in(sqlite_engine, "delegate", "x", {}).ok


def test_reset_passcode_replaces_the_old_one(sqlite_engine):
    old = auth.ensure_passcodes(sqlite_engine, configured={})["organiser"]
    new = auth.reset_passcode(sqlite_engine, "organiser")
    assert not auth.sign_in(sqlite_engine, "organiser", old, {}).ok
    assert auth.sign_in(sqlite_engine, "organiser", new, {}).ok


def test_generated_passcodes_are_strong_and_readable():
    codes = {generate_passcode() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert set("".join(groups)) <= set(UNAMBIGUOUS)
        assert normalise_passcode(code.lower()) == code
