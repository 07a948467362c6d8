"""Delegate: the agenda of their event, what is open now, and their personal link.

Sessions come in the order a delegate needs them: open now, then coming later, then closed; each
card says where this delegate stands (`gapmap.agenda.my_progress`) and what its button does."""
import streamlit as st

from gapmap.agenda import (
    CHANGED,
    CONTINUE,
    DRAFT,
    LATE,
    NOT_STARTED,
    START,
    STATE_LABELS,
    SUBMITTED,
    agenda_order,
    event_dates,
    my_progress,
    my_responses,
)
from gapmap.delegation import is_head
from gapmap.event_time import zone_label
from gapmap.reference import country_name
from questionnaires.markup import markdown_text
from ui import personal_link, resources, session_watch, who

# Streamlit keeps the scroll position of the page before (the join form was 848 px down): the
# agenda starts at its top. Runs once each time the agenda is drawn anew (a new page, a reload), and
# again on the next frames: Streamlit may restore the old position just after the page is drawn.
_TO_TOP = st.components.v2.component("gapmap_agenda_top", js="""
export default function () {
  const top = () => {
    const main = document.querySelector("[data-testid='stMain']")
    if (main) main.scrollTo(0, 0)
    window.scrollTo(0, 0)
  }
  top()
  requestAnimationFrame(() => requestAnimationFrame(top))
  for (const ms of [100, 300, 800]) setTimeout(top, ms)
}
""")

GO = "agenda-go"  # the session whose button was pressed: go there before drawing anything


def go(agenda_session_id: int) -> None:
    st.session_state[GO] = agenda_session_id
    st.session_state.pop(f"restored-{agenda_session_id}", None)  # the answer page loads the latest saved answers


engine = resources.engine()
participant, event = who.require_participant(engine)
if (target := st.session_state.pop(GO, None)) is not None:  # the agenda is not drawn again on the way out
    st.switch_page("pages/delegate/answer.py", query_params={"p": participant.token, "s": target})
drawn_states = session_watch.states(participant.event_id)  # read first: a later change redraws the agenda
event, agenda_sessions = session_watch.delegate_agenda(participant.event_id, drawn_states)
mine = my_responses(engine, participant.id)
_TO_TOP(key="to-top", height=0)
session_watch.follow(participant.event_id, drawn_states)  # a session opening or closing moves its card

st.subheader(markdown_text(event.title))
st.caption(f"{event.venue} · {event_dates(event)} · answering for **{country_name(participant.country)}**")

if is_head(engine, participant):
    with st.container(border=True, key="head-of-delegation"):
        st.markdown("**You are head of your delegation.** See your colleagues' answers side by side and clear "
                    "your State's position where they differ.")
        if st.button("Delegation view", key="delegation-view", icon=":material/groups:", width="stretch"):
            st.switch_page("pages/delegate/delegation.py", query_params={"p": participant.token})

SECTION_ICON = {"open": ":material/radio_button_checked:", "scheduled": ":material/schedule:",
                "closed": ":material/lock:"}
#: How each of the delegate's states looks: a badge colour and icon.
PROGRESS_LOOK = {
    NOT_STARTED: ("gray", ":material/radio_button_unchecked:"),
    DRAFT: ("orange", ":material/edit_note:"),
    SUBMITTED: ("green", None),  # the label has its ✓
    CHANGED: ("orange", ":material/edit:"),
    LATE: ("gray", ":material/lock_clock:"),
}
PROGRESS_NOTE = {
    CHANGED: "Your changes are saved as a draft. Submit again for them to count.",
    LATE: "Saved after the session closed: the facilitators see it as a late input.",
}


def session_card(agenda_session) -> None:
    progress = my_progress(mine.get(agenda_session.id), agenda_session.state, event.time_zone)
    with st.container(border=True, key=f"agenda-{agenda_session.id}"):
        st.markdown(f"**{markdown_text(agenda_session.title)}**")
        st.caption(markdown_text(agenda_session.questionnaire_title))
        color, icon = PROGRESS_LOOK[progress.label]
        st.badge(progress.text, icon=icon, color=color)
        if note := PROGRESS_NOTE.get(progress.label):
            st.caption(note)
        if progress.action:
            primary = progress.action in (START, CONTINUE)
            st.button(progress.action, key=f"answer-{agenda_session.id}", width="stretch",
                      type="primary" if primary else "secondary", on_click=go, args=(agenda_session.id,))


ordered = agenda_order(agenda_sessions)
for state in ("open", "scheduled", "closed"):
    in_state = [s for s in ordered if s.state == state]
    if not in_state:
        continue
    st.markdown(f"#### {STATE_LABELS[state]}")
    for day in sorted({s.day for s in in_state}):
        day_sessions = [s for s in in_state if s.day == day]
        st.markdown(f"##### Day {day} · {day_sessions[0].day_date:%a %d %b}")
        for agenda_session in day_sessions:
            session_card(agenda_session)
if not agenda_sessions:
    st.info("The organisers have not published the agenda yet.")
else:
    st.caption(f"Times are in {zone_label(event)}.")



@st.dialog("Leave this device?")
def confirm_leave() -> None:
    """Leaving forgets the seat on this device only: the answers stay, and the link is the way back."""
    st.markdown("Your answers stay saved. To come back to them, here or on another device, you need "
                "**your personal link**. Without it you would join as a new delegate and could not reach "
                "these answers.")
    personal_link.show_link(participant.token, key="leave-link")
    stay, leave = st.columns(2)
    if stay.button("Stay", key="leave-stay", width="stretch"):
        st.rerun()
    if leave.button("Leave", key="leave-confirm", width="stretch", icon=":material/logout:"):
        who.leave()
        st.rerun()


personal_link.card(participant.token)
if st.button("Leave this device", key="sign-out", icon=":material/logout:"):
    confirm_leave()
