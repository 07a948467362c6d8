"""Facilitator: open, close and reopen the agenda sessions of an event."""
import streamlit as st

from db.engine import read_session, write_session
from db.events import StateChangeError, list_events, set_session_state
from gapmap.agenda import event_agenda, event_dates
from ui import resources
from ui import session as who

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Run sessions")
with read_session(engine) as s:
    events = list_events(session=s)
if not events:
    st.info("There is no event yet. An organiser sets one up.")
    st.stop()

event_id = st.selectbox(
    "Event", [e.id for e in events], key="sessions-event",
    format_func=lambda i: next(f"{e.title[:70]} ({e.code})" for e in events if e.id == i),
)
event, items = event_agenda(engine, event_id)
st.caption(f"{event.venue} · {event_dates(event)} · join code **{event.code}**")
if event.is_demo:
    st.info("Demo event: the responses are synthetic.", icon=":material/science:")


def change(item_id: int, state: str) -> None:
    try:
        with write_session(engine) as s:
            set_session_state(session=s, agenda_session_id=item_id, state=state, actor=role)
    except StateChangeError as exc:
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
        label, target, kind = ACTIONS[item.state]
        right.button(label, key=f"state-{item.id}", type=kind, width="stretch",
                     on_click=change, args=(item.id, target))
