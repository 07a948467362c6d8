"""Query parameters from links: bounded before the database sees them (NUL, huge ids, junk)."""
from hypothesis import given
from hypothesis import strategies as st

from db.engine import read_session
from db.models import Participant
from gapmap import link_params
from gapmap.responding import resume
from tests.factories import make_event, make_participants


@given(st.text(max_size=300))
def test_a_token_is_either_refused_or_safe(raw):
    token = link_params.personal_token(raw)
    assert token is None or (16 <= len(token) <= 64 and token.isascii() and "\x00" not in token)


@given(st.text(max_size=40))
def test_a_record_id_is_either_refused_or_a_bounded_positive_integer(raw):
    value = link_params.record_id(raw)
    assert value is None or 1 <= value <= link_params.MAX_RECORD_ID


def test_the_odd_links_that_crashed_pages_are_refused():
    assert link_params.record_id("99999999999999999999999") is None  # OverflowError on SQLite once
    assert link_params.record_id("-3") is None and link_params.record_id("0") is None
    assert link_params.record_id(" 7") is None and link_params.record_id("7") == 7
    assert link_params.personal_token("abc\x00" * 8) is None  # psycopg.DataError on PostgreSQL once
    assert link_params.personal_token(None) is None and link_params.personal_token(["x" * 20]) is None


def test_resume_never_asks_the_database_with_a_bad_token(sqlite_engine):
    ids = make_event(sqlite_engine)
    with read_session(sqlite_engine) as db:
        participant = db.get(Participant, make_participants(sqlite_engine, ids["event"], 1)[0])
    assert resume(sqlite_engine, participant.token) is not None
    for bad in ("\x00" + participant.token, participant.token + "é", "x" * 65, ""):
        assert resume(sqlite_engine, bad) is None


def test_resume_with_a_nul_token_on_postgresql(pg_engine):
    make_event(pg_engine)
    assert resume(pg_engine, "a\x00" * 10) is None  # PostgreSQL refuses NUL in text: never sent
