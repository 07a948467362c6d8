"""Delegate: the agenda of their event, what is open now, and their personal link."""
import streamlit as st

from gapmap.agenda import event_agenda, event_dates, my_responses
from gapmap.delegation import is_head
from gapmap.reference import country_name
from questionnaires.markup import markdown_text
from ui import resources, who

engine = resources.engine()
participant, event = who.require_participant(engine)
event, agenda_sessions = event_agenda(engine, participant.event_id)
mine = my_responses(engine, participant.id)

st.subheader(markdown_text(event.title))
st.caption(f"{event.venue} · {event_dates(event)} · answering for **{country_name(participant.country)}**")
if event.is_demo:
    st.info("This is the **demo event**: the responses in it are synthetic.", icon=":material/science:")

if is_head(engine, participant):
    with st.container(border=True, key="head-of-delegation"):
        st.markdown("**You are head of your delegation.** See your colleagues' answers side by side and clear "
                    "your State's position where they differ.")
        if st.button("Delegation view", key="delegation-view", icon=":material/groups:", width="stretch"):
            st.switch_page("pages/delegate/delegation.py", query_params={"p": participant.token})

with st.expander("Your personal link: continue on any device", icon=":material/link:"):
    base = (st.context.url or "").split("?")[0]
    st.code(f"{base}?p={participant.token}", language=None, wrap_lines=True)
    st.caption("Keep it to yourself: anyone with this link can see and change your answers.")

STATE_ICON = {"open": ":material/radio_button_checked:", "scheduled": ":material/schedule:",
              "closed": ":material/lock:"}


def progress(agenda_session_id: int) -> str:
    r = mine.get(agenda_session_id)
    if r is None:
        return "Not started"
    if r.status == "submitted":
        changed = r.draft_saved_at and r.submitted_at and r.draft_saved_at > r.submitted_at
        text = f"Submitted {r.submitted_at:%H:%M} UTC"
        return text + (" · unsubmitted changes" if changed else "")
    return "Draft saved" + (" (late)" if r.late else "")


for day in sorted({agenda_session.day for agenda_session in agenda_sessions}):
    day_sessions = [i for i in agenda_sessions if i.day == day]
    st.markdown(f"#### Day {day} · {day_sessions[0].day_date:%a %d %b}")
    for agenda_session in day_sessions:
        with st.container(border=True, key=f"agenda-{agenda_session.id}"):
            st.markdown(f"**{markdown_text(agenda_session.title)}**")
            st.caption(markdown_text(agenda_session.questionnaire_title))
            left, right = st.columns([3, 2], vertical_alignment="center")
            left.badge(agenda_session.state_label, icon=STATE_ICON.get(agenda_session.state),
                       color={"open": "green", "closed": "gray"}.get(agenda_session.state, "blue"))
            left.caption(progress(agenda_session.id))
            if agenda_session.state == "open" or (agenda_session.state == "closed" and agenda_session.id in mine):
                label = "Answer" if agenda_session.state == "open" else "View my answers"
                if right.button(label, key=f"answer-{agenda_session.id}",
                                type="primary" if agenda_session.state == "open" else "secondary", width="stretch"):
                    st.session_state.pop(f"restored-{agenda_session.id}", None)  # load the latest saved answers
                    st.switch_page("pages/delegate/answer.py",
                                   query_params={"p": participant.token, "s": agenda_session.id})
if not agenda_sessions:
    st.info("The organisers have not published the agenda yet.")

if st.button("Leave this device", key="sign-out", icon=":material/logout:"):
    who.leave()
    st.rerun()
