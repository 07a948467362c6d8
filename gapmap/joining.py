"""A delegate's first step: turning a typed or linked join code into an event."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from db.engine import read_session
from db.events import event_by_code
from db.models import Event
from gapmap.codes import CodeError, normalise_join_code


@dataclass(frozen=True)
class JoinResult:
    event: Event | None
    code: str = ""
    message: str = ""


def find_event(engine: Engine, typed: str | None) -> JoinResult:
    """The event a join code opens, or a message that says what is wrong with the code."""
    try:
        code = normalise_join_code(typed)
    except CodeError as exc:
        return JoinResult(None, message=str(exc))
    with read_session(engine) as db:
        event = event_by_code(db=db, code=code)
    if event is None:
        return JoinResult(
            None, code, f"No event uses the code {code}. Check the code on the screen or ask the facilitator."
        )
    return JoinResult(event, code)
