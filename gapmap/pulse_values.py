"""What the pulse routes (`ui.pulse_routes`) answer the fingerprint of, read from the database: whether
an id names an event or an agenda session, and what an event's screen (projector, presenter console)
should show now. Plain functions of an engine; the routes add the sharing and the fingerprint."""
from __future__ import annotations

from collections.abc import Hashable

from sqlalchemy.engine import Engine

from db.engine import read_session
from db.models import AgendaSession, Event
from gapmap import presenter
from gapmap.aggregation import data_version
from gapmap.link_params import MAX_RECORD_ID

KINDS = {"event": Event, "agenda_session": AgendaSession}


def exists(engine: Engine, kind: str, key: int) -> bool:
    """Whether `key` names a row of `kind` ("event" or "agenda_session"); a number no database
    integer holds names nothing, without a query."""
    if not 1 <= key <= MAX_RECORD_ID:
        return False
    with read_session(engine) as db:
        return db.get(KINDS[kind], key) is not None


def screen_state(showing: presenter.Showing, version: Hashable) -> tuple:
    """What a screen of the event is drawn from: the slide (`Showing.key`) and, when it shows a
    session's results, that session's data version (`gapmap.aggregation.data_version`)."""
    if showing.view != "question" or showing.agenda_session_id is None:
        return showing.key, ()
    return showing.key, version


def screen(engine: Engine, event_id: int) -> tuple:
    """What the event's projector should show now (`screen_state`, read fresh)."""
    now = presenter.current(engine, event_id)
    question = now.view == "question" and now.agenda_session_id is not None
    return screen_state(now, data_version(engine, now.agenda_session_id) if question else ())
