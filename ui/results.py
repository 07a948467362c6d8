"""Results as the pages get them: one aggregation per session and filter per refresh interval,
shared by every open dashboard and projector in this process."""
from __future__ import annotations

import html

import streamlit as st

from gapmap.aggregation import Scope, SessionResults, TextItem, data_version, session_results
from gapmap.charts import figures_for
from gapmap.privacy import Audience, shown_countries
from gapmap.reference import country_name
from ui import resources

REFRESH_SECONDS = 3
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@st.cache_data(ttl=REFRESH_SECONDS - 1, show_spinner=False, max_entries=500)
def _version(agenda_session_id: int) -> tuple:
    """The session's data fingerprint, read at most once per refresh interval (one tiny query)."""
    return data_version(resources.engine(), agenda_session_id)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=200)
def _results(agenda_session_id: int, countries, sectors, version: tuple) -> SessionResults | None:
    return session_results(resources.engine(), agenda_session_id, Scope(countries, sectors))


def cached_results(agenda_session_id: int, countries: tuple[str, ...] | None = None,
                   sectors: tuple[str, ...] | None = None) -> SessionResults | None:
    """The session's results, aggregated again only when its data changed (a new submission, a
    late draft, a moderation), and then once for everyone watching."""
    return _results(agenda_session_id, countries, sectors, _version(agenda_session_id))


@st.cache_resource(ttl=3600, show_spinner=False, max_entries=200)
def _figures(agenda_session_id: int, countries, sectors, audience: Audience, big: bool, version: tuple) -> dict:
    results = _results(agenda_session_id, countries, sectors, version)
    if results is None:
        return {}
    return {q.id: figures_for(q, audience, big=big) for q in results.questions}


def cached_figures(agenda_session_id: int, countries: tuple[str, ...] | None, sectors: tuple[str, ...] | None,
                   audience: Audience, big: bool) -> dict[str, list]:
    """The charts of every question, built once per data change and shared (never modified)."""
    return _figures(agenda_session_id, countries, sectors, audience, big, _version(agenda_session_id))


def draw_question(q, audience: Audience, *, big: bool = False, wall: int = 12, figures: list | None = None) -> None:
    """A question's charts, or a note when nobody answered it; free text as a moderated wall."""
    if q.respondents == 0:
        st.markdown(f"**{q.text}**")
        st.caption("No answers yet.")
        return
    if figures is None:
        figures = figures_for(q, audience, big=big)
    for n, (caption, figure) in enumerate(figures):
        # theme=None: keep the charts' own projector-size fonts and colour-blind-safe colours
        st.plotly_chart(figure, key=f"chart-{q.id}-{n}", config=PLOTLY_CONFIG, width="stretch", theme=None)
        if caption:
            st.caption(caption)
    items = getattr(q.result, "items", None) or getattr(q.result, "texts", None)
    if items:
        text_wall(items, q.by_country_n, audience, big=big, limit=wall)


def text_wall(items: list[TextItem], by_country_n: dict[str, int], audience: Audience, *, big: bool, limit: int) -> None:
    """Visible answers, newest first, as inert text (escaped, never markdown)."""
    named = set(shown_countries(by_country_n, audience))
    visible = [i for i in items if not i.hidden][:limit]
    size = "1.5rem" if big else "1rem"
    cards = []
    for i in visible:
        who = f"<div style='opacity:.6;font-size:.8em'>{html.escape(country_name(i.country))}</div>" if i.country in named else ""
        cards.append(f"<div style='border-left:4px solid #0072B2;padding:.4em .8em;margin:.5em 0;font-size:{size};"
                     f"white-space:pre-wrap'>{html.escape(i.text)}{who}</div>")
    hidden = sum(1 for i in items if i.hidden)
    if cards:
        st.html("".join(cards))
    st.caption(f"{len(visible)} of {len(items) - hidden} visible answers shown, newest first"
               + (f" · {hidden} hidden by moderation" if hidden else ""))
