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


def test_the_board_puts_open_sessions_first_and_the_latest_closed_next(engine):
    from gapmap.participation import BoardColumn

    b = board(engine, make_event(engine)["event"], ["THA"])
    b.columns = [BoardColumn(1, "D1.1", "a", "closed"), BoardColumn(2, "D1.2", "b", "closed"),
                 BoardColumn(3, "D2.1", "c", "scheduled"), BoardColumn(4, "D2.2", "d", "open")]
    assert [c.code for c in b.ordered()] == ["D2.2", "D2.1", "D1.2", "D1.1"]


def test_a_cell_reads_as_submitted_of_joined():
    from gapmap.participation import Cell

    assert Cell(submitted=2, drafts=1).brief(3) == "2 of 3 · 1 draft"
    assert Cell(drafts=2, late=1).brief(3) == "2 drafts · 1 late"
    assert Cell().brief(3) == "–"


def test_the_counts_fingerprint_changes_with_a_submission_not_with_a_draft_edit(engine):
    from gapmap.participation import board_fingerprint, session_counts

    ids = make_event(engine, countries=("THA",))
    delegate = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    copy = responding.open_session(engine, delegate, ids["session"])
    responding.keep_draft(engine, delegate, copy, {"q1": "a"})
    counts, board_before = session_counts(engine, ids["event"]), board_fingerprint(engine, ids["event"])
    responding.keep_draft(engine, delegate, copy, {"q1": "b"})  # typing on: the same counts, nothing to redraw
    assert session_counts(engine, ids["event"]) == counts
    responding.submit(engine, delegate, copy, {"q1": "b"}, token="t1")
    assert session_counts(engine, ids["event"]) != counts
    responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    assert board_fingerprint(engine, ids["event"])[1] != board_before[1]  # one more delegate joined


def test_the_close_popover_says_how_many_drafts_are_open(tmp_path, monkeypatch):
    from sqlmodel import select

    from db.engine import read_session
    from db.models import AgendaSession, Response
    from tests.app_support import start_app, stop_app

    at, engine = start_app(tmp_path, monkeypatch, "facilitator")
    try:
        with read_session(engine) as s:
            open_now = s.exec(select(AgendaSession).where(AgendaSession.state == "open")
                              .order_by(AgendaSession.day, AgendaSession.position)).first()
            drafts = len(s.exec(select(Response).where(Response.agenda_session_id == open_now.id,
                                                       Response.status == "draft")).all())
        at.switch_page("pages/facilitator/sessions.py").run()
        assert not at.exception, at.exception
        assert any(f"**{drafts} delegates still have a draft open**; each is kept as a late draft." in m.value
                   and open_now.title in m.value for m in at.markdown)
        assert at.button(key=f"state-{open_now.id}").label == "Close the session"
    finally:
        stop_app()
