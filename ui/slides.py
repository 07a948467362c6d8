"""The room's screen: a slide drawn full-bleed at the screen's size, the keys that move slides, and
the one-second pulse that redraws a screen when its slide or its data changed (`follow`).

Sizes are designed for a 1920 × 1080 slide and multiplied by the screen's scale (its height / 1080,
or its width / 1920 when narrower), which the keys component reports from the browser: every text is
at least 24 px at 1080 px and a 1280 × 720 screen shows the same slide, smaller. Nothing is fetched
from another host (no web fonts, no CDN): the page's own CSS, the charts' own fonts.

Results come from `ui.results` only, as the projector's privacy view; the charts are built again at
the screen's scale from those views (cached per view, like `ui.results` caches its charts).
"""
from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from gapmap.charts import figures_for
from gapmap.presenter import Showing, Slide, clamp, current, deck, row_labels, visible_texts
from gapmap.privacy import Audience
from gapmap.state_charts import state_figures_for
from ui import pulse, pulse_routes
from ui.latest import latest
from ui.results import cached_figures, cached_state_figures, fingerprint, visible_positions, visible_results

POLL_SECONDS = 1
DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080
#: The charts: fixed, no hover labels or mode bar for the room.
STATIC = {"staticPlot": True, "displayModeBar": False}

#: The room sees the slide only: no header, toolbar, "Deploy", running man or sidebar.
CHROME_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], [data-testid="stBottom"], [data-testid="stElementToolbar"] {
  display: none !important; }
[data-testid="stMain"], [data-testid="stAppViewContainer"] { overflow: hidden !important; }
[data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] { gap: 0 !important; }
.st-key-slide-keys, .st-key-console-keys { display: none !important; }
</style>
"""
BLANK_CSS = "<style>.stApp, [data-testid='stMain'] { background: #000 !important; }</style>"


# --- the screen's size --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Screen:
    """A slide's size in CSS pixels."""

    width: int = DESIGN_WIDTH
    height: int = DESIGN_HEIGHT

    @property
    def scale(self) -> float:
        """The 1080-px design's scale on this screen, in steps of 0.05 (rounded down: it always fits)."""
        exact = min(self.height / DESIGN_HEIGHT, self.width / DESIGN_WIDTH)
        return max(0.3, math.floor(exact * 20 + 1e-6) / 20)

    def px(self, value: float) -> int:
        return round(value * self.scale)


def screen_from(reported) -> Screen | None:
    try:
        width, height = int(reported["w"]), int(reported["h"])
    except (KeyError, TypeError, ValueError):
        return None
    return Screen(width, height) if width > 200 and height > 200 else None


# --- keys ---------------------------------------------------------------------------------------------

_KEYS_JS = """
export default function (component) {
  const { data, setTriggerValue, setStateValue } = component
  const keys = window.__gapmapSlideKeys || (window.__gapmapSlideKeys = {})
  keys.send = setTriggerValue
  keys.report = () => setStateValue("viewport", { w: window.innerWidth, h: window.innerHeight })
  if (!keys.listening) {
    keys.onKey = (e) => {
      if (e.defaultPrevented || e.repeat || e.altKey || e.ctrlKey || e.metaKey) return
      const typing = "input, textarea, select, [contenteditable=''], [contenteditable='true'], " +
        "[role='combobox'], [role='textbox'], [role='listbox'], [role='slider']"
      if (e.target && e.target.closest && e.target.closest(typing)) return
      let by = 0
      if (e.key === "ArrowRight" || e.key === "PageDown") by = 1
      else if (e.key === "ArrowLeft" || e.key === "PageUp") by = -1
      else if (e.key === " " || e.key === "Spacebar") by = e.shiftKey ? -1 : 1
      if (!by) return
      e.preventDefault()
      keys.send("step", { by: by, at: Date.now() })
    }
    keys.onResize = () => {
      clearTimeout(keys.timer)
      keys.timer = setTimeout(() => keys.report(), 250)
    }
    document.addEventListener("keydown", keys.onKey)
    window.addEventListener("resize", keys.onResize)
    keys.listening = true
  }
  const known = (data && data.known) || []
  if (known[0] !== window.innerWidth || known[1] !== window.innerHeight) keys.report()
  return () => {
    document.removeEventListener("keydown", keys.onKey)
    window.removeEventListener("resize", keys.onResize)
    keys.listening = false
  }
}
"""
_KEYS = st.components.v2.component("gapmap_slide_keys", html="<span></span>", js=_KEYS_JS)


def slide_keys(key: str, on_step: Callable[[int], None], known: Screen | None) -> Screen | None:
    """Listen for ←/→, PageUp/PageDown (what presentation clickers send) and Space (Shift+Space back)
    anywhere on the page but in a text field; `on_step(+1 or -1)` runs before the next rerun. Returns
    the browser's viewport as it reported it (None until it has)."""
    def stepped() -> None:
        payload = getattr(st.session_state.get(key), "step", None) or {}
        by = payload.get("by") if isinstance(payload, dict) else None
        if by in (1, -1):
            on_step(by)

    result = _KEYS(key=key, data={"known": [known.width, known.height] if known else None},
                   on_step_change=stepped, on_viewport_change=lambda: None, height=0)
    return screen_from(getattr(result, "viewport", None))


# --- redrawing when something changed -------------------------------------------------------------------

def follow(engine: Engine, event_id: int, drawn_key: str, showing: Showing, found: Deck | None) -> None:
    """Redraw the page within about a second once the event's screen should show something else than
    `showing` (the slide it drew) or its session's data moved on from `found` (the deck it drew;
    None when it drew no session's results).

    The browser asks the server's `/pulse/screen/<event>` route every POLL_SECONDS (`ui.pulse_routes`:
    an HTTP answer shared by every screen of the process, no script run) and reruns the page only
    when the answer differs; without the route, the `watch` fragment asks the database instead."""
    version = found.identity[0] if found is not None and found.identity else ()
    st.session_state[drawn_key] = drawn = pulse_routes.screen_state(showing, version)
    if pulse.ROUTES_SERVED:
        pulse.ask(f"{pulse_routes.SCREEN}/{event_id}", drawn, every=POLL_SECONDS, key=f"{drawn_key}-pulse")
    else:
        watch(drawn_key, lambda: showing_now(engine, event_id))


def showing_now(engine: Engine, event_id: int) -> tuple:
    """What the event's screen should be drawn from now, as `follow` compares it (the data version
    through `ui.results`' shared cache)."""
    now = current(engine, event_id)
    question = now.view == "question" and now.agenda_session_id is not None
    return pulse_routes.screen_state(now, fingerprint(now.agenda_session_id) if question else ())


@st.fragment(run_every=POLL_SECONDS)
def watch(drawn_key: str, probe: Callable[[], tuple]) -> None:
    """Every second, ask `probe` what the screen should show (a primary-key read and cached data
    fingerprints); redraw the page only when it differs from what was drawn. Draws nothing itself.
    (`follow`'s fallback without the pulse route, and the pages' retry while the database is busy.)"""
    try:
        now = probe()
    except Exception:  # noqa: BLE001 - a database busy for a moment: the screen keeps its slide, ask again
        return
    if now != st.session_state.get(drawn_key):
        st.rerun()


# --- a session's deck ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deck:
    """A session's results for the projector's audience and its slides."""

    view: object  # gapmap.privacy.VisibleResults, or None when the session is gone
    states: dict
    slides: list[Slide]
    #: Changes when the data does: the views are shared and rebuilt once per data change.
    identity: tuple = ()

    def at(self, index: int) -> tuple[int, Slide | None]:
        if not self.slides:
            return 0, None
        index = clamp(index, len(self.slides))
        return index, self.slides[index]


def session_deck(agenda_session_id: int, audience: Audience) -> Deck:
    """The deck of one session as the projector's audience sees it (shared caches, one build per change)."""
    identity = data_identity(agenda_session_id, audience)  # read first: the views are at least this new
    view = visible_results(agenda_session_id, audience)
    found = visible_positions(agenda_session_id, audience)
    if view is None:
        return Deck(None, {}, [], identity)
    states = found or {}
    charts = cached_figures(agenda_session_id, None, None, audience, True)
    state_charts = cached_state_figures(agenda_session_id, None, None, audience, True)
    figures = {q.id: state_charts.get(q.id, []) if q.id in states else charts.get(q.id, []) for q in view.questions}
    return Deck(view, states, deck(view, figures), identity)


def data_identity(agenda_session_id: int | None, audience: Audience) -> tuple:
    """What changes when the session's data does: its data version (what `follow` compares), and the
    audience the deck was built for."""
    if agenda_session_id is None:
        return ()
    return fingerprint(agenda_session_id), audience


def figures_at(found: Deck, question_id: str, scale: float) -> list:
    """One question's charts at a screen's scale, built once per data version (`ui.latest`)."""
    by_state = question_id in found.states
    source = found.states if by_state else found.view
    key = (found.view.agenda_session_id, found.view.audience, question_id, by_state, scale)

    def build() -> list:
        if by_state:
            return state_figures_for(source[question_id], big=True, scale=scale)
        return figures_for(source.question(question_id), None, big=True, scale=scale)

    return latest("slide-figures", key, found.identity, build)


# --- one chart on one slide -----------------------------------------------------------------------------

def _cut(values, keep: list[int]):
    if values is None or isinstance(values, (str, int, float)):
        return values
    values = list(values)
    return [values[i] for i in keep] if len(values) >= (max(keep) + 1 if keep else 0) else values


def page_figure(figure: go.Figure, rows: tuple[int, int] | None, *, screen: Screen, room: int) -> go.Figure:
    """A copy of `figure` with only the slide's rows, as tall as its rows need and at most `room` px."""
    out = go.Figure(figure)
    labels = row_labels(figure)
    if rows is not None:
        wanted = set(labels[rows[0]:rows[1]])
        for trace in out.data:
            if trace.y is None or trace.type not in ("bar", "heatmap", "scatter"):
                continue
            if trace.type == "bar" and trace.orientation != "h":
                continue
            keep = [i for i, y in enumerate(trace.y) if y in wanted]
            updates = {"y": [trace.y[i] for i in keep]}
            for name in ("x", "z", "text", "customdata", "hovertext"):
                value = getattr(trace, name, None)
                if value is not None and not isinstance(value, str) and len(value) == len(trace.y):
                    updates[name] = _cut(value, keep)
            if trace.type == "scatter" and trace.error_x is not None:
                for name in ("array", "arrayminus"):
                    value = getattr(trace.error_x, name)
                    if value is not None and len(value) == len(trace.y):
                        updates[f"error_x.{name}"] = _cut(value, keep)
            trace.update(updates)
        if out.layout.yaxis.categoryarray is not None:
            out.layout.yaxis.categoryarray = [c for c in out.layout.yaxis.categoryarray if c in wanted]
        labels = labels[rows[0]:rows[1]]
    margin = out.layout.margin
    font = out.layout.font.size or screen.px(25)
    if labels:
        tallest = max(str(label).count("<br>") + 1 for label in labels)
        per_row = tallest * font * 1.3 + font * 1.5
        natural = (margin.t or 0) + (margin.b or 0) + screen.px(20) + max(len(labels), 2) * per_row
    else:
        natural = out.layout.height or room
    if screen.scale < 0.5:  # a preview: Plotly's legend keeps its px spacing, so give each entry half the width
        out.update_layout(legend=dict(entrywidth=0.5, entrywidthmode="fraction"))
    height = int(min(room, max(natural, room * 0.6)))
    out.update_layout(height=height, autosize=True, width=None)
    if out.layout.title.text:  # the title stays anchored at its first line, the same distance from the top
        out.layout.title.y = 1 - (font + screen.px(16)) / height
    return out


# --- drawing a slide ------------------------------------------------------------------------------------

def _css(screen: Screen, key: str, height: int, *, dark: bool = False) -> str:
    px = screen.px
    return f"""
<style>
.st-key-{key} {{ height: {height}px !important; min-height: {height}px; max-height: {height}px; flex: none !important;
  overflow: hidden !important; gap: 0 !important;
  padding: {px(22)}px {px(44)}px {px(14)}px !important; box-sizing: border-box;
  background: {'#000' if dark else '#fff'}; color: #1B2733; }}
.st-key-{key}-body {{ margin: auto 0 !important; gap: 0 !important; }}
.st-key-{key} .gm-head {{ display: flex; justify-content: space-between; gap: {px(40)}px; font-size: {px(24)}px;
  line-height: 1.35; color: #44515E; white-space: nowrap; overflow: hidden; height: {px(34)}px; }}
.st-key-{key} .gm-head span:first-child {{ overflow: hidden; text-overflow: ellipsis; }}
.st-key-{key} .gm-title {{ font-size: {px(40)}px; font-weight: 600; line-height: 1.25; margin: {px(14)}px 0 {px(8)}px;
  display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }}
.st-key-{key} .gm-caption {{ font-size: {px(24)}px; line-height: 1.35; color: #333F4A; margin-top: {px(6)}px;
  display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }}
.st-key-{key} .gm-note {{ font-size: {px(34)}px; line-height: 1.4; color: #333F4A; margin-top: {px(40)}px; }}
.st-key-{key} .gm-wall {{ column-count: 2; column-gap: {px(44)}px; height: {height - px(22 + 14 + 34 + 150 + 50)}px;
  overflow: hidden; column-fill: auto; }}
.st-key-{key} .gm-card {{ break-inside: avoid; border-left: {px(7)}px solid #0072B2; background: #F0F4F8;
  padding: {px(10)}px {px(18)}px; margin: 0 0 {px(14)}px; font-size: {px(27)}px; line-height: 1.35;
  white-space: pre-wrap; overflow-wrap: anywhere; display: -webkit-box; -webkit-line-clamp: 5;
  -webkit-box-orient: vertical; overflow: hidden; }}
.st-key-{key} .gm-count {{ font-size: {px(24)}px; color: #44515E; margin-top: {px(4)}px; }}
.st-key-{key} [data-testid="stPlotlyChart"] {{ margin: 0 !important; }}
</style>
"""


def _head(left: str, right: str) -> str:
    return f"<div class='gm-head'><span>{html.escape(left)}</span><span>{html.escape(right)}</span></div>"


def draw_slide(found: Deck, index: int, *, screen: Screen, key: str = "slide", session_title: str = "") -> None:
    """The slide at `index` of the deck, filling `screen` (the projector) or a preview of that size."""
    index, slide = found.at(index)
    with st.container(key=key):
        st.html(_css(screen, key, screen.height))
        title = session_title or (found.view.title if found.view is not None else "")
        if slide is None:
            st.html(_head(title, "") + "<div class='gm-note'>This session has no questions to show.</div>")
            return
        where = f"{slide.where}  ·  {index + 1}/{len(found.slides)}"
        if slide.kind == "withheld":
            st.html(_head(title, where) + f"<div class='gm-title'>{html.escape(slide.title)}</div>"
                    f"<div class='gm-note'>{html.escape(found.view.withheld)}</div>")
            return
        if slide.kind == "empty":
            st.html(_head(title, where) + f"<div class='gm-title'>{html.escape(slide.title)}</div>"
                    "<div class='gm-note'>No answers yet.</div>")
            return
        if slide.kind == "text":
            texts = visible_texts(found.view.question(slide.question_id))[:slide.texts]
            cards = "".join(f"<div class='gm-card'>{html.escape(t)}</div>" for t in texts)
            st.html(_head(title, where) + f"<div class='gm-title'>{html.escape(slide.title)}</div>"
                    f"<div class='gm-count'>{html.escape(slide.shown)}</div><div class='gm-wall'>{cards}</div>")
            return
        caption, figure = figures_at(found, slide.question_id, screen.scale)[slide.figure]
        st.html(_head(title, where))
        px = screen.px
        room = screen.height - px(22 + 34 + 14 + 10) - (px(6) + math.ceil(px(24) * 1.35 * 3) if caption else 0)
        with st.container(key=f"{key}-body"):
            st.plotly_chart(page_figure(figure, slide.rows, screen=screen, room=room), key=f"{key}-chart",
                            config=STATIC, theme=None, width="stretch")
            if caption:
                st.html(f"<div class='gm-caption'>{html.escape(caption)}</div>")


def slide_label(slide: Slide) -> str:
    """A line of the console's slide list."""
    what = {"text": "answers", "empty": "no answers yet", "withheld": "withheld"}.get(slide.kind, "")
    parts = [f"Q{slide.number}", slide.title if len(slide.title) <= 50 else slide.title[:48] + "…"]
    if slide.figures > 1:
        parts.append(f"chart {slide.figure + 1}/{slide.figures}")
    if slide.rows is not None:
        parts.append(f"rows {slide.rows[0] + 1}–{slide.rows[1]}")
    if what:
        parts.append(what)
    return " · ".join(parts)


def hide_chrome(*, dark: bool = False) -> None:
    """Full-bleed: none of Streamlit's chrome and no sidebar (the room's screens only)."""
    st.html(CHROME_CSS + (BLANK_CSS if dark else ""))
