"""Facilitator: open, close and reopen agenda sessions; reveal results to delegates."""
import streamlit as st

from gapmap import room
from gapmap.agenda import event_agenda, event_dates
from ui import resources
from ui import who
from ui.pickers import pick_event

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Run sessions")
event = pick_event(engine)
_, items = event_agenda(engine, event.id)
st.caption(f"{event.venue} · {event_dates(event)} · join code **{event.code}**")
if event.is_demo:
    st.info("Demo event: the responses are synthetic.", icon=":material/science:")


def change(item_id: int, state: str) -> None:
    try:
        room.set_state(engine, item_id, state, actor=role)
    except room.StateChangeError as exc:
        st.session_state["sessions-error"] = str(exc)


def reveal(item_id: int) -> None:
    try:
        room.set_results_visible(engine, item_id, st.session_state[f"visible-{item_id}"], actor=role)
    except room.StateChangeError as exc:
        st.session_state["sessions-error"] = str(exc)


if message := st.session_state.pop("sessions-error", None):
    st.error(message)

ACTIONS = {"scheduled": ("Open", "open", "primary"), "open": ("Close", "closed", "secondary"),
           "closed": ("Reopen", "open", "secondary")}
for item in items:
    with st.container(border=True, key=f"session-{item.id}"):
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(f"**Day {item.day} · {item.position}. {item.title}**")
        late = f" · {item.late} late" if item.late else ""
        left.caption(f"{item.state_label} · {item.submitted} submitted · {item.drafts} in draft{late} · "
                     f"{item.questionnaire_title} (v{item.questionnaire_version})")
        st.session_state[f"visible-{item.id}"] = item.results_visible
        left.toggle("Results visible to delegates", key=f"visible-{item.id}", on_change=reveal, args=(item.id,),
                    help="Hidden by default, so early answers do not steer the rest of the room.")
        label, target, kind = ACTIONS[item.state]
        right.button(label, key=f"state-{item.id}", type=kind, width="stretch",
                     on_click=change, args=(item.id, target))
