"""Facilitator: open, close and reopen agenda sessions; reveal results to delegates. The counts of
submissions, drafts and late drafts come in by themselves."""
import streamlit as st

from gapmap import room
from gapmap.agenda import event_agenda, event_dates
from gapmap.participation import session_counts
from questionnaires.markup import markdown_text
from ui import pulse_routes, resources, who
from ui.pickers import pick_event
from ui.results import watch

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Run sessions")
event = pick_event(engine)
st.caption(f"{event.venue} · {event_dates(event)} · join code **{event.code}**")


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


ACTIONS = {"scheduled": ("Open", "open", "primary"), "open": ("Close", "closed", "secondary"),
           "closed": ("Reopen", "open", "secondary")}


def drafts_note(drafts: int) -> str:
    """What closing does to the drafts still open."""
    if not drafts:
        return "No delegate has a draft open."
    if drafts == 1:
        return "**1 delegate still has a draft open**; it is kept as a late draft."
    return f"**{drafts} delegates still have a draft open**; each is kept as a late draft."


def draw_sessions() -> None:
    if message := st.session_state.pop("sessions-error", None):
        st.error(message)
    for agenda_session in event_agenda(engine, event.id)[1]:
        with st.container(border=True, key=f"session-{agenda_session.id}"):
            left, right = st.columns([3, 1], vertical_alignment="center")
            title = markdown_text(agenda_session.title)
            left.markdown(f"**Day {agenda_session.day} · {agenda_session.position}. {title}**")
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
                    st.markdown(f"Close **{markdown_text(agenda_session.title)}**? Delegates can no longer submit. "
                                f"{drafts_note(agenda_session.drafts)} You can reopen the session.")
                    st.button("Close the session", key=f"state-{agenda_session.id}", type="primary",
                              width="stretch", on_click=change, args=(agenda_session.id, target))
            else:
                right.button(label, key=f"state-{agenda_session.id}", type=kind, width="stretch",
                             on_click=change, args=(agenda_session.id, target))


# The counts come in by themselves: the browser asks the server's pulse route every second (no script run)
# and the list is redrawn only when a count, a state or a reveal changed (here, or on another facilitator's
# laptop); without the route, a watcher reads them every second (one small query).
watch(lambda: session_counts(engine, event.id), draw_sessions, key="sessions-list",
      route=f"{pulse_routes.SESSIONS}/{event.id}")
