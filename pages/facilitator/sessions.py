"""Facilitator: open, close and reopen agenda sessions; reveal results to delegates."""
import streamlit as st

from gapmap import room
from gapmap.agenda import event_agenda, event_dates
from ui import resources, who
from ui.pickers import pick_event

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Run sessions")
event = pick_event(engine)
_, agenda_sessions = event_agenda(engine, event.id)
st.caption(f"{event.venue} · {event_dates(event)} · join code **{event.code}**")
if event.is_demo:
    st.info("Demo event: the responses are synthetic.", icon=":material/science:")


def change(agenda_session_id: int, state: str) -> None:
    try:
        room.set_state(engine, agenda_session_id, state, actor=role)
    except room.StateChangeError as exc:
        st.session_state["sessions-error"] = str(exc)


def reveal(agenda_session_id: int) -> None:
    try:
        room.set_results_visible(engine, agenda_session_id, st.session_state[f"visible-{agenda_session_id}"],
                                 actor=role)
    except room.StateChangeError as exc:
        st.session_state["sessions-error"] = str(exc)


if message := st.session_state.pop("sessions-error", None):
    st.error(message)

ACTIONS = {"scheduled": ("Open", "open", "primary"), "open": ("Close", "closed", "secondary"),
           "closed": ("Reopen", "open", "secondary")}
for agenda_session in agenda_sessions:
    with st.container(border=True, key=f"session-{agenda_session.id}"):
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(f"**Day {agenda_session.day} · {agenda_session.position}. {agenda_session.title}**")
        late = f" · {agenda_session.late} late" if agenda_session.late else ""
        left.caption(f"{agenda_session.state_label} · {agenda_session.submitted} submitted · "
                     f"{agenda_session.drafts} in draft{late} · "
                     f"{agenda_session.questionnaire_title} (v{agenda_session.questionnaire_version})")
        st.session_state[f"visible-{agenda_session.id}"] = agenda_session.results_visible
        left.toggle("Results visible to delegates", key=f"visible-{agenda_session.id}", on_change=reveal,
                    args=(agenda_session.id,),
                    help="Hidden by default, so early answers do not steer the rest of the room.")
        label, target, kind = ACTIONS[agenda_session.state]
        if target == "closed":  # closing stops submissions in the room: asked once more
            with right.popover(label, width="stretch"):
                st.markdown(f"Close **{agenda_session.title}**? Delegates can no longer submit; what they type "
                            "meanwhile is kept as a late draft. You can reopen it.")
                st.button("Close the session", key=f"state-{agenda_session.id}", type="primary", width="stretch",
                          on_click=change, args=(agenda_session.id, target))
        else:
            right.button(label, key=f"state-{agenda_session.id}", type=kind, width="stretch",
                         on_click=change, args=(agenda_session.id, target))
