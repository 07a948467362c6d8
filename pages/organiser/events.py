"""Organiser: create, edit, copy and archive events; show and change their join codes."""
from datetime import timedelta

import pandas as pd
import streamlit as st

from gapmap import staff_sessions
from gapmap.agenda import event_agenda, event_dates
from gapmap.agenda import events as list_events
from gapmap.event_setup import (
    FIELD_LABELS,
    EventSettings,
    SetupError,
    check_new_event,
    check_settings,
    copy_event,
    create_event,
    rotate_code,
    set_archived,
    update_event,
)
from gapmap.event_time import zone_label
from gapmap.running_event import running_event, set_running
from ui import demo_banner, resources, who
from ui.event_form import settings_form, show_problems
from ui.forms import form_key, renew
from ui.pickers import CURRENT_EVENT

role = who.require(*who.ORGANISER_ROLES)
engine = resources.engine()

NEW = 0
CHOICE, NEXT_CHOICE, NOTE = "setup-event", "setup-event-next", "setup-event-note"

events = {e.id: e for e in list_events(engine, include_archived=True)}
if NEXT_CHOICE in st.session_state:  # set by an action on the previous run, before the picker exists
    st.session_state[CHOICE] = st.session_state.pop(NEXT_CHOICE)
if st.session_state.get(CHOICE) not in (NEW, *events):
    current = st.session_state.get(CURRENT_EVENT)
    st.session_state[CHOICE] = current if current in events else next(iter(events), NEW)
demo_banner.show(events.get(st.session_state[CHOICE]), sticky=True)  # the event the picker below shows
st.title("Events")


def label(event_id: int) -> str:
    if event_id == NEW:
        return "+ New event"
    e = events[event_id]
    return f"{e.title[:70]} ({e.code}) · {event_dates(e)}{' · archived' if e.archived else ''}"


chosen = st.selectbox("Event", [NEW, *events], format_func=label, key=CHOICE)
if chosen != NEW:
    st.session_state[CURRENT_EVENT] = chosen  # the Agenda and room pages open this event too
if note := st.session_state.pop(NOTE, None):
    st.success(note, icon=":material/check_circle:")


def saved(message: str, event_id: int, *, used_form: str = "") -> None:
    """Say what was done and show that event on the next run (a used form starts empty again)."""
    if used_form:
        renew(used_form)
    st.session_state[NOTE], st.session_state[NEXT_CHOICE] = message, event_id
    st.rerun()


if chosen == NEW:
    st.header("New event")
    typed = settings_form(form_key("new-event"), None, with_code=True, submit_label="Create the event")
    if typed is not None:
        try:
            settings, code = check_new_event(typed)
            event = create_event(engine, settings, code=code, actor=role)
        except SetupError as exc:
            show_problems(exc)
        else:
            saved(f"Created “{event.title}”. Its join code is {event.code}. Delegates read times in "
                  f"{zone_label(event)}. Add sessions on the Agenda page.", event.id, used_form="new-event")
    st.stop()

event = events[chosen]
running = running_event(engine)
_, agenda_sessions = event_agenda(engine, event.id)
open_now = [i for i in agenda_sessions if i.state == "open"]
left, middle, right = st.columns(3)
left.metric("Join code", event.code, delta="archived: not working" if event.archived else None, delta_color="off")
middle.metric("Agenda sessions", len(agenda_sessions))
right.metric("Countries", len(event.countries))
if event.archived:
    st.warning("This event is archived: its join code does not work and the room's pages do not list it. "
               "Its data stay and can be exported.", icon=":material/inventory_2:")
if running is not None and running.id == event.id:
    st.success("The room is running this event: every staff page opens on it.", icon=":material/radio_button_checked:")
elif not event.archived:
    note = f"The room runs **{running.title}** ({running.code}) now." if running else "No event is marked as running."
    st.markdown(f"{note} Staff pages open on the running event, unless a browser chose another.")
    if st.button("Mark this event as running", key=f"running-{event.id}", icon=":material/radio_button_checked:"):
        set_running(engine, event.id, actor=role)
        saved(f"{event.code} is the running event: staff pages open on it.", event.id)

settings_tab, code_tab, copy_tab, archive_tab = st.tabs(["Settings", "Join code", "Copy", "Archive"])

with settings_tab:
    typed = settings_form(f"edit-{event.id}", EventSettings.of(event), with_code=False, submit_label="Save changes")
    if typed is not None:
        typed.pop("code")
        try:
            changed = update_event(engine, event.id, check_settings(typed), actor=role)
        except SetupError as exc:
            show_problems(exc)
        else:
            saved(f"Saved: {', '.join(FIELD_LABELS[c].lower() for c in changed)}." if changed else
                  "Nothing had changed.", event.id)

with code_tab:
    if event.archived:
        st.markdown(f"The join code is **{event.code}**, but it works only once the event is restored.")
    else:
        st.markdown(f"Delegates join with **{event.code}**, typed on the start page or through the QR code on "
                    "the Join screen. A new code stops the old one at once; delegates who have joined keep their "
                    "personal links.")
    rotate = form_key(f"code-{event.id}")
    with st.form(rotate):
        wanted = st.text_input("New join code", key=f"{rotate}-new", max_chars=12,
                               placeholder="Leave empty for a generated code")
        if st.form_submit_button("Change the join code", key=f"{rotate}-submit"):
            try:
                code = rotate_code(engine, event.id, new_code=wanted, actor=role)
            except SetupError as exc:
                show_problems(exc)
            else:
                after = "it works once the event is restored" if event.archived else f"{event.code} no longer works"
                saved(f"The join code is now {code}; {after}.", event.id, used_form=f"code-{event.id}")

with copy_tab:
    st.markdown("A new event with these settings, countries, agenda and questionnaires, and no delegates or "
                "answers, for the next consultation. Every session starts as scheduled.")
    copying = form_key(f"copy-{event.id}")
    with st.form(copying):
        title = st.text_input("Title of the new event", value=event.title, key=f"{copying}-title", max_chars=300)
        start = st.date_input("It starts on", value=event.start_date + timedelta(days=365),
                              key=f"{copying}-start", format="DD/MM/YYYY")
        code = st.text_input("Join code", key=f"{copying}-code", max_chars=12,
                             placeholder="Leave empty for a generated code")
        if st.form_submit_button("Copy the event", key=f"{copying}-submit"):
            try:
                copy = copy_event(engine, event.id, title=title, start_date=start, code=code, actor=role)
            except SetupError as exc:
                show_problems(exc)
            else:
                saved(f"Copied into “{copy.title}” ({event_dates(copy)}), join code {copy.code}.", copy.id,
                      used_form=f"copy-{event.id}")

with archive_tab:
    if event.archived:
        st.markdown("Restore the event to make its join code work again and list it on the room's pages.")
        if st.button("Restore the event", key=f"unarchive-{event.id}"):
            set_archived(engine, event.id, False, actor=role)
            saved("Restored: the join code works again.", event.id)
    else:
        st.markdown("Archiving stops the join code and hides the event from the room's pages. Nothing is "
                    "deleted: answers, reports and the audit log stay, and the event can be restored.")
        with st.popover("Archive the event", icon=":material/inventory_2:"):
            if open_now:
                st.warning(f"{len(open_now)} session(s) are open now: delegates answering them are signed out and "
                           "cannot submit until the event is restored (their saved drafts stay).",
                           icon=":material/warning:")
            st.markdown(f"Archive **{event.code}**? Its join code stops working at once.")
            if st.button("Yes, archive it", key=f"archive-{event.id}", type="primary"):
                set_archived(engine, event.id, True, actor=role)
                saved("Archived: the join code no longer works.", event.id)

st.header("All events")
st.dataframe(pd.DataFrame([{"Title": e.title, "Code": e.code, "Dates": event_dates(e), "Venue": e.venue,
                            "Time zone": e.time_zone,
                            "Countries": len(e.countries), "Archived": "yes" if e.archived else "",
                            "Running": "running" if running is not None and running.id == e.id else ""}
                           for e in events.values()]), hide_index=True, width="stretch")

st.header("Staff sign-ins")
signed_in = staff_sessions.active_count(engine)
st.markdown(f"**{signed_in}** staff browser{'' if signed_in == 1 else 's'} signed in. A sign-in lasts for the running "
            "event's days, across reloads and a laptop's sleep. If a passcode went further than it should, or a laptop "
            "was lost, end every staff sign-in (yours too), then change the passcodes (README, Sign-in).")
with st.popover("End every staff sign-in", icon=":material/logout:"):
    st.markdown("Every facilitator and organiser is signed out at their next click, on every device.")
    if st.button("Yes, end them all", key="revoke-staff", type="primary"):
        staff_sessions.revoke_all(engine, actor=role)
        st.rerun()
