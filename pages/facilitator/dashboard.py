"""Facilitator: the live consolidated results of one agenda session, refreshing by itself."""
import streamlit as st
from sqlalchemy.exc import DBAPIError

from gapmap.privacy import audience_for
from gapmap.reference import country_groups
from gapmap.responding import SECTORS
from ui import resources, who
from ui.pickers import pick_agenda_session, pick_event
from ui.results import REFRESH_SECONDS, cached_figures, draw_question, visible_results

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Live results")
event = pick_event(engine)
agenda_session = pick_agenda_session(engine, event)
groups = country_groups(event.countries)
left, right = st.columns(2)
group = left.segmented_control("Countries", ["All", *groups], default="All", key="room-group")
sectors = right.multiselect("Sectors", list(SECTORS), format_func=SECTORS.get, key="room-sectors",
                            placeholder="All sectors")
countries = tuple(groups[group]) if group and group != "All" else None
audience = audience_for(event, role=role)


@st.fragment(run_every=REFRESH_SECONDS)
def live() -> None:
    try:
        results = visible_results(agenda_session.id, audience, countries, tuple(sectors) or None)
        figures = cached_figures(agenda_session.id, countries, tuple(sectors) or None, audience, False)
    except DBAPIError:  # a database busy or unreachable for a moment: keep the page, try again next tick
        st.warning("The results could not be read just now; retrying in a few seconds.", icon=":material/sync_problem:")
        return
    if results is None:
        st.info("This session no longer exists.")
        return
    a, b, c = st.columns(3)
    a.metric("Respondents (submitted)", results.respondents)
    b.metric("Countries answering", results.countries_answering)
    c.metric("Late drafts", results.late_drafts)
    if results.respondents == 0:
        st.info("No submitted answers yet. This page updates by itself.", icon=":material/hourglass_empty:")
        return
    if results.withheld:
        st.info(results.withheld)
        return
    if results.note:
        st.caption(results.note)
    for q in results.questions:
        with st.container(border=True, key=f"result-{q.id}"):
            draw_question(q, figures=figures.get(q.id, []))


live()
