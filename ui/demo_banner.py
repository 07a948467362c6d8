"""The demo marker on screen: every page of the demo event says "Synthetic demo data — not the
States' answers" (`gapmap.demo_marker`), once, at its top; other events' pages say nothing.

`show(event)` is the one call. It draws a slim line, not a toast or an alert, never dismissed: one
line on a laptop, one or two on a 390 px phone. On the staff pages it stays under Streamlit's header
as the page scrolls, so a screenshot of a results page scrolled down still says it. The room's
screens (the projector, the join screen) get a small badge fixed in the top right corner instead,
inside the slide's top margin, whatever the slide.

Where it is called, so that each page says it once and first: `app.py` for the delegate's pages,
`ui.pickers.event_header` for the staff pages with the event header, and the pages that find their
event themselves (the start page while joining, the Events page, the projector and the join screen).
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

import streamlit as st

from gapmap.agenda import event_by_id
from gapmap.demo_marker import demo_marker
from ui.latest import latest

if TYPE_CHECKING:
    from db.models import Event

#: The marker's element: `.gm-demo-marker` (tests find it by this class).
CLASS = "gm-demo-marker"

_CSS = f"""
<style>
.{CLASS} {{ display: flex; align-items: baseline; gap: 0.5rem; box-sizing: border-box; width: 100%;
  margin: 0; padding: 0.25rem 0.625rem; border: 1px solid #B7791F; border-left-width: 0.375rem;
  border-radius: 0.375rem; background: #FFF4D6; color: #3D2B00; font-size: 0.875rem; line-height: 1.35;
  font-weight: 600; }}
.{CLASS} .gm-demo-tag {{ flex: none; padding: 0 0.375rem; border-radius: 0.25rem; background: #3D2B00;
  color: #FFF4D6; font-size: 0.75rem; letter-spacing: 0.06em; }}
[data-testid="stElementContainer"]:has(> .stHtml > .{CLASS}.gm-demo-sticky) {{ position: sticky; top: 3.75rem;
  z-index: 99; }}
.{CLASS}.gm-demo-corner {{ position: fixed; top: 0; right: 0; z-index: 1000002; width: auto;
  border-width: 0 0 1px 1px; border-radius: 0 0 0 0.375rem; padding: 0 0.6em;
  font-size: max(9px, min(1.4vh, 0.8vw)); line-height: 1.3; white-space: nowrap; }}
.{CLASS}.gm-demo-corner .gm-demo-tag {{ font-size: 0.85em; }}
</style>
"""


def show(event: Event | None, *, corner: bool = False, sticky: bool = False) -> None:
    """The marker, if `event` is the demo event: a line where it is called (the top of the page),
    with `sticky` staying under Streamlit's header as the page scrolls, or with `corner` a small
    badge fixed in the screen's top right corner (the room's screens)."""
    _draw(demo_marker(event), corner=corner, sticky=sticky)


def _draw(marker: str | None, *, corner: bool = False, sticky: bool = False) -> None:
    if marker is None:
        return
    kind = CLASS + (" gm-demo-corner" if corner else "") + (" gm-demo-sticky" if sticky else "")
    st.html(f"{_CSS}<div class='{kind}' role='note'><span class='gm-demo-tag'>DEMO</span>"
            f"<span>{html.escape(marker)}</span></div>")


def show_for_event_id(engine, event_id: int | None) -> None:
    """`show` for the event with this id (a delegate's, from `ui.who`). An event is the demo or not
    from the moment it is made, and events are never deleted, so each process reads it once per
    event: every page run of every delegate read the event's row for it before."""
    if event_id is not None:
        _draw(latest("demo-marker", event_id, "fixed", lambda: demo_marker(event_by_id(engine, event_id))))
