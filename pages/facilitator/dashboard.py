"""Facilitator: the live consolidated results of one agenda session, redrawn by themselves within about a
second of a submission (and not at all while nothing changes)."""
import streamlit as st

from gapmap.privacy import audience_for
from gapmap.reference import country_groups
from gapmap.responding import SECTORS
from ui import resources, who
from ui.pickers import pick_agenda_session, pick_event
from ui.results import (
    COUNTS_RESPONDENTS,
    cached_figures,
    cached_state_figures,
    draw_question,
    draw_state_question,
    live,
    states_present,
    visible_positions,
    visible_results,
)

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Live results")
event = pick_event(engine)
agenda_session = pick_agenda_session(engine, event)
groups = country_groups(event.countries, on=event.start_date)
left, middle, right = st.columns([3, 2, 3])
group = left.segmented_control("Countries", ["All", *groups], default="All", key="room-group")
# Legal findings count States ("5 of 12 States"); views (likert, ranking, text) always count respondents.
by_state = middle.segmented_control(
    "Count", ["By State", "By respondent"], default="By State", required=True, key="room-unit",
    help="By State: each State counts once, with its delegation's position (split when its delegates "
         "disagree). By respondent: every delegate counts.") != "By respondent"
sectors = right.multiselect("Sectors", list(SECTORS), format_func=SECTORS.get, key="room-sectors",
                            placeholder="All sectors")
countries = tuple(groups[group]) if group and group != "All" else None
audience = audience_for(event, role=role)


def results_now() -> None:
    selected = tuple(sectors) or None
    results = visible_results(agenda_session.id, audience, countries, selected)
    states = visible_positions(agenda_session.id, audience, countries, selected) if by_state else None
    if results is None:
        st.info("This session no longer exists.")
        return
    present = states_present(states)
    columns = st.columns(4 if present is not None else 3)
    hidden = results.counts_hidden  # a selection below k: no count either, it would say who answered
    columns[0].metric("Respondents (submitted)", hidden or results.respondents)
    columns[1].metric("Countries answering", hidden or results.countries_answering)
    if present is not None:
        columns[2].metric("States present", present, help="States whose delegates joined the event (in the "
                                                           "selection): the N of \"X of N States\".")
    columns[-1].metric("Late drafts", results.late_drafts)
    if results.respondents == 0:
        if countries is not None or sectors:
            st.info("No submitted answer matches these filters: choose another country group or sector.",
                    icon=":material/filter_alt_off:")
        else:
            st.info("No submitted answers yet. This page updates by itself.", icon=":material/hourglass_empty:")
        return
    if results.withheld:
        st.info(results.withheld)
        return
    if results.note:
        st.caption(results.note)
    # the charts after the headline figures: built once per data change for every viewer
    figures = cached_figures(agenda_session.id, countries, selected, audience, False)
    state_figures = cached_state_figures(agenda_session.id, countries, selected, audience, False) if by_state else {}
    states = states or {}
    for q in results.questions:
        with st.container(border=True, key=f"result-{q.id}"):
            if q.id in states:
                draw_state_question(states[q.id], figures=state_figures.get(q.id, []))
            else:
                draw_question(q, figures=figures.get(q.id, []),
                              unit=COUNTS_RESPONDENTS if by_state else "")


# Redrawn only when the session's data changes (a watcher checks every second; a database busy for a
# moment shows a note and draws again at the next check).
live(agenda_session.id, results_now)
