"""The participation board: countries × sessions, with drafts, submissions and late drafts."""
from gapmap import responding, room
from gapmap.participation import board
from tests.factories import make_event


def test_the_board_shows_who_still_has_to_answer(engine):
    ids = make_event(engine, countries=("THA", "KHM", "LAO"))
    tha = [responding.join(engine, event_id=ids["event"], country="THA", sector="other") for _ in range(2)]
    khm = responding.join(engine, event_id=ids["event"], country="KHM", sector="other")
    copy = responding.open_session(engine, tha[0], ids["session"])
    responding.submit(engine, tha[0], copy, {"q1": "a"}, token="1")
    responding.keep_draft(engine, tha[1], copy, {"q1": "b"})
    room.set_state(engine, ids["session"], "closed", actor="facilitator")
    responding.keep_draft(engine, khm, copy, {"q1": "a"})  # after closing: late

    b = board(engine, ids["event"], ["THA", "KHM", "LAO"])
    assert b.joined == {"THA": 2, "KHM": 1}
    assert b.cell("THA", ids["session"]).label() == "1 submitted · 1 draft"
    assert b.cell("KHM", ids["session"]).state == "late"
    assert b.cell("LAO", ids["session"]).label() == "not started"
    total = b.totals(ids["session"])
    assert (total.submitted, total.drafts, total.late) == (1, 1, 1)
