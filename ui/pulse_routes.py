"""The pulse routes `server.py` serves, one table: `/pulse/<name>/<id>` answers the fingerprint of
what `ROUTES[name]` reads for `id`, and each open page that follows the room asks its own.

| Route                  | id            | What the page compares it with                                   |
|------------------------|---------------|------------------------------------------------------------------|
| `pulse/event`          | event         | the session states a delegate's page drew (`ui.session_watch`)    |
| `pulse/results`        | agenda session| the data version live results drew (`ui.results.live`)            |
| `pulse/screen`         | event         | the projector's slide and its data (`ui.slides.follow`)           |
| `pulse/sessions`       | event         | the counts Run sessions drew (`gapmap.participation.session_counts`) |
| `pulse/participation`  | event         | the board's counts (`gapmap.participation.board_fingerprint`)     |

Every value is read at most once per `SHARED_SECONDS` for the whole process, however many pages ask
(`pulse.Shared`), and answered only as an opaque fingerprint: someone who asks without signing in
learns when something changed, never what. An id that names nothing answers 404. A page that is
drawn builds the same value from what it drew (`screen_state`, the readers below), so the two
fingerprints agree exactly while nothing changed.
"""
from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from gapmap import pulse_values
from gapmap.participation import board_fingerprint, session_counts
from gapmap.responding import recorded
from gapmap.room import changes
from ui import pulse, resources, results, session_watch

#: How long one read is shared by every page asking (it also bounds how stale an answer can be).
SHARED_SECONDS = 0.5
#: How long a known id stays known (events and sessions are rarely deleted; junk ids are read again).
KNOWN_SECONDS = 30

SCREEN = "pulse/screen"
SESSIONS = "pulse/sessions"
PARTICIPATION = "pulse/participation"

_known: dict[tuple[str, int], float] = {}
_known_lock = threading.Lock()


def known(kind: str) -> Callable[[int], bool]:
    """Whether a row of `kind` (`gapmap.pulse_values.KINDS`) has this primary key. A yes is remembered
    for KNOWN_SECONDS; a no is not (the id may be created the next moment, and junk must not fill
    the memory)."""
    def check(key: int) -> bool:
        now = time.monotonic()
        with _known_lock:
            seen = _known.get((kind, key))
        if seen is not None and now - seen < KNOWN_SECONDS:
            return True
        found = pulse_values.exists(resources.engine(), kind, key)
        if found:
            with _known_lock:
                if len(_known) > 10_000:
                    _known.clear()
                _known[(kind, key)] = now
        return found

    return check


def shared(read: Callable[[int], Hashable], seconds: float = SHARED_SECONDS,
           stamp: Callable[[], Hashable] = lambda: None) -> Callable[[int], Hashable]:
    """`read(id)` shared by the whole process for `seconds`, and read again at once when `stamp()`
    moved (this process changed what it reads: the page that changed it redraws from the new data,
    and an answer from before the change would make it redraw once more for nothing)."""
    values = pulse.Shared(seconds)
    return lambda key: values.get(key, lambda: read(key), stamp=stamp())


_moves = itertools.count(1)
_moved = 0


def screen_moved() -> None:
    """This process just moved an event's slide (a key on the projector, the console): the screen
    route reads the slide again at its next ask."""
    global _moved
    _moved = next(_moves)  # atomic under the GIL, unlike += on a global


#: What a screen of the event is drawn from (the page builds it from what it drew).
screen_state = pulse_values.screen_state


def screen(event_id: int) -> tuple:
    """What the event's projector should show now (`gapmap.pulse_values.screen`, read fresh)."""
    return pulse_values.screen(resources.engine(), event_id)


@dataclass(frozen=True)
class Route:
    """One pulse route: which ids it knows, and what it answers the fingerprint of."""

    known: Callable[[int], bool]
    read: Callable[[int], Hashable]


ROUTES: dict[str, Route] = {
    # Shared by session_watch itself (longer, and at once after this process changed a state).
    session_watch.ROUTE: Route(known("event"), session_watch.states),
    results.ROUTE: Route(known("agenda_session"), results.route_version),
    SCREEN: Route(known("event"), shared(screen, stamp=lambda: (_moved, recorded()))),
    SESSIONS: Route(known("event"), shared(lambda key: session_counts(resources.engine(), key),
                                         stamp=lambda: (changes(), recorded()))),
    PARTICIPATION: Route(known("event"), shared(lambda key: board_fingerprint(resources.engine(), key),
                                              stamp=lambda: (changes(), recorded()))),
}


def answer(route: str, key: int) -> tuple[bool, str | None]:
    """(whether `key` names something, the fingerprint `route` answers for it). Database errors
    propagate: the server answers them 503."""
    found = ROUTES[route]
    if not found.known(key):
        return False, None
    return True, pulse.fingerprint(found.read(key))
