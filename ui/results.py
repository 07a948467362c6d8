"""Results as the pages get them: one aggregation per session and filter per data change,
shared by every open dashboard and projector in this process, and only ever as a
`gapmap.privacy` view for the page's audience (pages never see the raw results).

Live views (`live`, or `watch` for anything with a cheap fingerprint) redraw only when their data
changed: the browser asks the server's pulse route (`ui.pulse_routes`) about every second, which
costs no script run while nothing changes, and a submission reaches every open view within about a
second. Where the routes are not served (`streamlit run app.py`, AppTest), a tiny watcher fragment
reads the fingerprint instead and sends nothing when it is the same."""
from __future__ import annotations

import html
import threading
from collections.abc import Callable, Hashable

import streamlit as st
from sqlalchemy.exc import DBAPIError
from streamlit.errors import StreamlitAPIException

from gapmap.aggregation import Scope, SessionResults, data_version, session_results
from gapmap.charts import figures_for
from gapmap.gap_rows import session_gaps
from gapmap.positions import StateResult, session_positions
from gapmap.privacy import Audience, VisibleQuestion, VisibleResults, visible, visible_rows, visible_states
from gapmap.reference import country_name
from gapmap.responding import recorded
from gapmap.state_charts import state_figures_for
from gapmap.synthesis import synthesise
from questionnaires.markup import markdown_text
from ui import pulse, resources
from ui.latest import latest

#: How often a page without a watcher (`live`) redraws its results by itself.
REFRESH_SECONDS = 3
#: How often a live view's watcher asks whether its data changed (one small fragment run, nothing sent).
WATCH_SECONDS = 1
#: Live views of this process that draw at the same moment. A submission makes every open view redraw:
#: 20 dashboards redrawing together held every delegate's answer change behind them (bench.capacity,
#: 100 delegates at a 5 s pace: p95 1.5 s). One at a time, a delegate's run shares the cores with at
#: most one redraw; the views still all redraw, one after another (script threads waiting here use no CPU).
REDRAWS_AT_ONCE = 1
#: A view waits at most this long for its turn, then draws anyway (a bound, never a deadlock).
REDRAW_WAIT_SECONDS = 20
_redraws = threading.BoundedSemaphore(REDRAWS_AT_ONCE)
#: A live view redraws at most once in this many seconds while changes pour in (the first change after
#: a quiet spell still shows within WATCH_SECONDS): 20 dashboards redrawing after every one of 200
#: delegates' submissions would cost more than a core; every REDRAW_CALM_SECONDS they show all that is new.
REDRAW_CALM_SECONDS = 3
#: How long a data fingerprint is shared: any number of viewers cost at most one fingerprint read per
#: session in this time (it also bounds how stale a watcher's answer can be).
FINGERPRINT_SECONDS = 0.5
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
#: A delegate's phone: no toolbar over the title, nothing to zoom, pan or hover (a finger scrolls the page).
PHONE_PLOTLY_CONFIG = {"displayModeBar": False, "staticPlot": True, "scrollZoom": False, "doubleClick": False}
#: What a question's charts count, as the dashboard says it beside them.
COUNTS_STATES = ":material/flag: Counts States"
COUNTS_RESPONDENTS = ":material/groups: Counts respondents"


@st.cache_data(ttl=FINGERPRINT_SECONDS, show_spinner=False, max_entries=500)
def _version(agenda_session_id: int) -> tuple:
    """The session's data fingerprint (`gapmap.aggregation.data_version`: a few tiny queries), read at most
    once per FINGERPRINT_SECONDS for everyone watching the session."""
    return data_version(resources.engine(), agenda_session_id)


#: The server's route answering a session's data fingerprint (`server.py`, `ui.pulse`).
ROUTE = "pulse/results"
_route_versions = pulse.Shared(FINGERPRINT_SECONDS)


def route_version(agenda_session_id: int) -> tuple:
    """What `/pulse/results/<id>` answers the fingerprint of (`ui.pulse_routes`): the session's data
    version, shared by every asking page in the process for FINGERPRINT_SECONDS, and read again at once
    after this process recorded a submission or a join (`gapmap.responding.recorded`)."""
    return _route_versions.get(agenda_session_id, lambda: data_version(resources.engine(), agenda_session_id),
                               stamp=recorded())


def live(agenda_session_id: int, draw: Callable[[], None], *, key: str = "live-results") -> None:
    """Draw a session's results with `draw()` now, and again by itself whenever the session's data
    changes (a submission, a late draft, a moderation, a cleared position, a State joining): within
    about a second, without a click, and without redrawing anything while nothing changed.

    The browser asks the server's pulse route every WATCH_SECONDS (`ui.pulse`: an HTTP answer, no
    script run) and reruns only this fragment when the data version moved; without the route, a
    watcher fragment asks (`watch`). `draw` reads the results through this module's cached
    functions, so a data change costs one aggregation for every viewer in this process. Widgets
    inside `draw` rerun only the live part."""
    if not pulse.ROUTES_SERVED:
        watch(lambda: _version(agenda_session_id), draw, key=key)
        return
    # What the route answers, shared: 20 views redrawing after one change read it once, not 20 times.
    watch(lambda: route_version(agenda_session_id), draw, key=key,
          route=f"{ROUTE}/{agenda_session_id}")


def watch(fingerprint: Callable[[], Hashable], draw: Callable[[], None], *, key: str,
          every: float = WATCH_SECONDS, route: str | None = None) -> None:
    """Draw `draw()` in a fragment named `key` that reruns only when `fingerprint()` changes.

    With a `route` (`ui.pulse_routes`, answering the fingerprint of the same value) and the server
    serving it, the browser asks the route every `every` seconds and reruns the fragment only when
    the answer differs from what was drawn: no script run while nothing changes. Otherwise a
    watcher fragment nested at the end of it calls `fingerprint()` every `every` seconds (keep it
    cheap: one small query, or cached) and draws nothing; when the value differs from the one read
    before the last drawing, it reruns the named fragment alone. When the database is busy for a
    moment (a `DBAPIError` in `draw` or in `fingerprint`), the next tick that reads it draws again."""
    pulsed = route is not None and pulse.ROUTES_SERVED

    @st.fragment(key=key)
    def drawn() -> None:
        seen = _read(fingerprint)
        turn = _redraws.acquire(timeout=REDRAW_WAIT_SECONDS)  # one view of the process draws at a time
        try:
            draw()
        except DBAPIError:  # the database busy or unreachable for a moment: keep the page, draw again next tick
            st.warning("The latest figures could not be read just now; retrying in a moment.",
                       icon=":material/sync_problem:")
            seen = None
        finally:
            if turn:
                _redraws.release()
        if pulsed:
            pulse.ask(route, seen, every=every, key=f"{key}-pulse", calm=REDRAW_CALM_SECONDS)
            return

        @st.fragment(run_every=every)
        def watcher() -> None:
            now = _read(fingerprint)
            if now is not None and now != seen:
                _rerun_fragment(key)

        watcher()

    drawn()


def _read(fingerprint: Callable[[], Hashable]) -> Hashable | None:
    try:
        return fingerprint()
    except DBAPIError:
        return None


def _rerun_fragment(key: str) -> None:
    """Rerun the fragment named `key` alone, from another fragment's body.

    This is what `st.rerun(key)` does from a widget callback; Streamlit 1.67 refuses a keyed rerun
    from a fragment's body, so the watcher queues the same request itself. Should the script runner's
    interface change in a later Streamlit, the whole page reruns instead (slower, still correct)."""
    try:
        from streamlit.runtime.scriptrunner import RerunData, get_script_run_ctx

        ctx = get_script_run_ctx()
        request = RerunData(query_string=ctx.query_string, page_script_hash=ctx.page_script_hash,
                            fragment_id_queue=ctx.fragment_storage.resolve_target(key),
                            is_fragment_scoped_rerun=True, cached_message_hashes=ctx.cached_message_hashes,
                            context_info=ctx.context_info)
        queued = ctx.script_requests.request_rerun(request)
    except (ImportError, AttributeError, TypeError, StreamlitAPIException):
        queued = False
    if not queued:
        st.rerun()
    st.empty()  # a yield point: the script runner stops this run here and runs the named fragment


def _results(agenda_session_id: int, countries, sectors, version: tuple) -> SessionResults | None:
    """The aggregation, once per data version for everyone (`ui.latest`: stale versions are dropped)."""
    return latest("results", (agenda_session_id, countries, sectors), version,
                  lambda: session_results(resources.engine(), agenda_session_id, Scope(countries, sectors)))


def _view(agenda_session_id: int, countries, sectors, audience: Audience, version: tuple) -> VisibleResults | None:
    def build() -> VisibleResults | None:
        results = _results(agenda_session_id, countries, sectors, version)
        if results is None:
            return None
        return visible(results, audience, filtered=countries is not None or sectors is not None)

    return latest("views", (agenda_session_id, countries, sectors, audience), version, build)


def fingerprint(agenda_session_id: int) -> tuple:
    """The session's data version: it changes exactly when its results may have (for watchers)."""
    return _version(agenda_session_id)


def visible_results(agenda_session_id: int, audience: Audience, countries: tuple[str, ...] | None = None,
                    sectors: tuple[str, ...] | None = None) -> VisibleResults | None:
    """The session's results as `audience` may see them (None when the session is gone).

    Aggregated again only when its data changed (a new submission, a late draft, a moderation),
    and then once for everyone watching; the view is shared and never modified."""
    return _view(agenda_session_id, countries, sectors, audience, _version(agenda_session_id))


def gap_synthesis(agenda_session_id: int, question_id: str, state: StateResult, audience: Audience) -> list:
    """A gap register merged per gap type (`gapmap.synthesis`, as the workbook and the brief have it),
    from the gaps `audience` may see; built once per data change and shared."""
    version = _version(agenda_session_id)

    def build() -> list:
        results = _results(agenda_session_id, None, None, version)
        if results is None:
            return []
        rows = visible_rows(session_gaps(resources.engine(), agenda_session_id, question_id),
                            results.question(question_id), audience)
        register = results.questionnaire.question(question_id)
        return synthesise(state.gaps, rows, present=state.present, need_order=[o.id for o in register.need_types])

    return latest("gap-synthesis", (agenda_session_id, question_id, audience), version, build)


def fresh_results(agenda_session_id: int, audience: Audience) -> VisibleResults | None:
    """The session's results read now, uncached (moderation must see its own change at once)."""
    results = session_results(resources.engine(), agenda_session_id)
    return None if results is None else visible(results, audience)


def _figures(agenda_session_id: int, countries, sectors, audience: Audience, big: bool, version: tuple, *,
             phone: bool = False) -> dict:
    def build() -> dict:
        view = _view(agenda_session_id, countries, sectors, audience, version)
        return {} if view is None else {q.id: figures_for(q, audience, big=big, phone=phone) for q in view.questions}

    return latest("figures", (agenda_session_id, countries, sectors, audience, big, phone), version, build)


def cached_figures(agenda_session_id: int, countries: tuple[str, ...] | None, sectors: tuple[str, ...] | None,
                   audience: Audience, big: bool, *, phone: bool = False) -> dict[str, list]:
    """The charts of every question, built once per data change and shared (never modified).
    `phone`: the phone layout (`gapmap.charts`), for a delegate's revealed results."""
    return _figures(agenda_session_id, countries, sectors, audience, big, _version(agenda_session_id), phone=phone)


def _positions(agenda_session_id: int, countries, sectors, version: tuple) -> dict[str, StateResult] | None:
    """The State findings, computed once per data change for every audience (privacy comes after)."""
    def build() -> dict[str, StateResult] | None:
        results = _results(agenda_session_id, countries, sectors, version)
        if results is None:
            return None
        return session_positions(resources.engine(), agenda_session_id, results, Scope(countries, sectors))

    return latest("positions", (agenda_session_id, countries, sectors), version, build)


def _state_view(agenda_session_id: int, countries, sectors, audience: Audience,
                version: tuple) -> dict[str, StateResult] | None:
    def build() -> dict[str, StateResult] | None:
        found = _positions(agenda_session_id, countries, sectors, version)
        return None if found is None else visible_states(found, audience)

    return latest("state-views", (agenda_session_id, countries, sectors, audience), version, build)


def visible_positions(agenda_session_id: int, audience: Audience, countries: tuple[str, ...] | None = None,
                      sectors: tuple[str, ...] | None = None) -> dict[str, StateResult] | None:
    """The session's State findings (question id -> `StateResult`, for the questions that count by
    State) as `audience` may see them: counts of States always, States named only where the audience
    may name them. None when the session is gone.

    Built from the same cached aggregation as `visible_results`, again only when the session's data
    fingerprint changes (which includes cleared positions and the States present); shared, never modified."""
    return _state_view(agenda_session_id, countries, sectors, audience, _version(agenda_session_id))


def _state_figures(agenda_session_id: int, countries, sectors, audience: Audience, big: bool, version: tuple, *,
                   phone: bool = False) -> dict:
    def build() -> dict:
        found = _state_view(agenda_session_id, countries, sectors, audience, version)
        return {} if found is None else {qid: state_figures_for(result, big=big, phone=phone)
                                         for qid, result in found.items()}

    return latest("state-figures", (agenda_session_id, countries, sectors, audience, big, phone), version, build)


def cached_state_figures(agenda_session_id: int, countries: tuple[str, ...] | None,
                         sectors: tuple[str, ...] | None, audience: Audience, big: bool, *,
                         phone: bool = False) -> dict[str, list]:
    """The State charts of every state question, built once per data change and shared (never modified).
    `phone`: the phone layout (`gapmap.state_charts`), for a delegate's revealed results."""
    return _state_figures(agenda_session_id, countries, sectors, audience, big, _version(agenda_session_id),
                          phone=phone)


def states_present(found: dict[str, StateResult] | None) -> int | None:
    """N, the States present at the event (in the selection), or None without state questions."""
    return next((r.present for r in found.values()), None) if found else None


def draw_state_question(result: StateResult, *, big: bool = False, figures: list | None = None,
                        phone: bool = False) -> None:
    """A state question's charts ("5 of 12 States"), or a note when nobody answered it. `phone`: the
    phone layout, the question written above its charts and "Counts States" above each chart."""
    if not isinstance(getattr(result, "question", None), VisibleQuestion):
        raise TypeError("draw_state_question takes a gapmap.privacy view (visible_positions), not raw findings.")
    q = result.question
    if q.respondents == 0:
        st.markdown(f"**{markdown_text(q.text)}**")
        st.caption("No answers yet.")
        return
    if figures is None:
        figures = state_figures_for(result, big=big, phone=phone)
    _draw(q.id, figures, unit="" if big else COUNTS_STATES, phone=phone, question=q.text)


def _draw(question_id: str, figures: list, *, unit: str = "", phone: bool = False, question: str = "") -> None:
    if phone:  # the question wraps at any width as text; each chart says what it counts
        st.markdown(f"**{markdown_text(question)}**")
        if unit and not figures:
            st.caption(unit)
        for n, (caption, figure) in enumerate(figures):
            if unit:
                st.caption(unit)
            st.plotly_chart(figure, key=f"chart-{question_id}-{n}", config=PHONE_PLOTLY_CONFIG, width="stretch",
                            theme=None)
            if caption:
                st.caption(caption)
        return
    if unit:
        st.caption(unit)
    for n, (caption, figure) in enumerate(figures):
        # theme=None: keep the charts' own projector-size fonts and colour-blind-safe colours
        st.plotly_chart(figure, key=f"chart-{question_id}-{n}", config=PLOTLY_CONFIG, width="stretch", theme=None)
        if caption:
            st.caption(caption)


def draw_question(q: VisibleQuestion, *, big: bool = False, wall: int = 12, figures: list | None = None,
                  unit: str | None = None, phone: bool = False) -> None:
    """A question's charts, or a note when nobody answered it; free text as a moderated wall. `unit`
    labels what the charts count (e.g. "Counts respondents" beside questions counted by State).
    `phone`: the phone layout (a delegate's revealed results, where the questions about the law count
    States): the question written above its charts, and above each chart what it counts, by default
    "Counts respondents"."""
    if not isinstance(q, VisibleQuestion):
        raise TypeError("draw_question takes a gapmap.privacy view (visible_results), not raw results.")
    if q.respondents == 0:
        st.markdown(f"**{markdown_text(q.text)}**")
        st.caption("No answers yet.")
        return
    if figures is None:
        figures = figures_for(q, None, big=big, phone=phone)
    if unit is None:
        unit = COUNTS_RESPONDENTS if phone else ""
    _draw(q.id, figures, unit=unit, phone=phone, question=q.text)
    items = getattr(q.result, "items", None) or getattr(q.result, "texts", None)
    if items:
        text_wall(items, big=big, limit=wall, phone=phone)


def text_wall(items, *, big: bool, limit: int, phone: bool = False) -> None:
    """Visible answers, newest first, as inert text (escaped, never markdown); a country is named
    only where the privacy view kept it. `phone`: a long word or address breaks instead of widening the page."""
    visible_items = [i for i in items if not i.hidden][:limit]
    size = "1.5rem" if big else "1rem"
    breaks = ";overflow-wrap:anywhere" if phone else ""
    cards = []
    for i in visible_items:
        who = (f"<div style='opacity:.6;font-size:.8em'>{html.escape(country_name(i.country))}</div>"
               if i.country else "")
        cards.append(f"<div style='border-left:4px solid #0072B2;padding:.4em .8em;margin:.5em 0;font-size:{size};"
                     f"white-space:pre-wrap{breaks}'>{html.escape(i.text)}{who}</div>")
    hidden = sum(1 for i in items if i.hidden)
    if cards:
        st.html("".join(cards))
    st.caption(f"{len(visible_items)} of {len(items) - hidden} visible answers shown, newest first"
               + (f" · {hidden} hidden by moderation" if hidden else ""))
