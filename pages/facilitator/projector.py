"""Facilitator: the projector view, one question at a time, big, updating by itself.

Shows no breakdown with fewer than k respondents and, under the Chatham House policy, never
names a country (whatever the facilitator's own role). Questions that count by State are shown by
State ("5 of 12 States"); the projector's audience names no State, so their charts show counts.
"""
import streamlit as st
from sqlalchemy.exc import DBAPIError

from gapmap.privacy import audience_for
from ui import resources, who
from ui.pickers import pick_agenda_session, pick_event
from ui.results import (
    REFRESH_SECONDS,
    cached_figures,
    cached_state_figures,
    draw_question,
    draw_state_question,
    visible_positions,
    visible_results,
)

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()
st.set_page_config(layout="wide", initial_sidebar_state="collapsed")  # the room sees the chart only

with st.expander("Choose the session", icon=":material/tune:"):
    event = pick_event(engine)
    agenda_session = pick_agenda_session(engine, event)
audience = audience_for(event, role=role, projector=True)
INDEX = f"projector-index-{agenda_session.id}"
st.session_state.setdefault(INDEX, 0)


def step(by: int, count: int) -> None:
    st.session_state[INDEX] = (st.session_state[INDEX] + by) % max(count, 1)


@st.fragment(run_every=REFRESH_SECONDS)
def slide() -> None:
    try:
        results = visible_results(agenda_session.id, audience)
        states = visible_positions(agenda_session.id, audience) or {}
    except DBAPIError:  # a database busy or unreachable for a moment: try again next tick
        st.caption("Reconnecting…")
        return
    if results is None:
        st.info("This session no longer exists.")
        return
    questions = [q for q in results.questions if q.type != "short_text" or q.respondents]
    count = len(questions)
    index = st.session_state[INDEX] % max(count, 1)
    back, middle, forward = st.columns([1, 6, 1], vertical_alignment="center")
    back.button("Previous", key="projector-previous", icon=":material/arrow_back:", on_click=step, args=(-1, count),
                width="stretch")
    forward.button("Next", key="projector-next", icon=":material/arrow_forward:", on_click=step, args=(1, count),
                   width="stretch")
    current = questions[index] if questions else None
    state = states.get(current.id) if current is not None else None
    people = f"{results.respondents} respondent{'' if results.respondents == 1 else 's'}"
    counted = f"{state.present} State{'' if state.present == 1 else 's'} present · {people}" if state else people
    middle.markdown(f"<div style='text-align:center;font-size:1.3rem'>{counted} · "
                    f"question {index + 1} of {count}</div>", unsafe_allow_html=True)
    if results.withheld:
        st.markdown(f"## {current.text}" if current else "")
        st.info(results.withheld, icon=":material/hourglass_empty:")
        return
    if current is None:
        return
    if state is not None:
        figures = cached_state_figures(agenda_session.id, None, None, audience, True)
        draw_state_question(state, big=True, figures=figures.get(current.id, []))
        return
    figures = cached_figures(agenda_session.id, None, None, audience, True)
    draw_question(current, big=True, wall=8, figures=figures.get(current.id, []))


slide()
