"""Delegate: the agenda of the event they joined, with what is open now."""
import streamlit as st

from gapmap.agenda import event_agenda, event_dates
from ui import resources
from ui import session as who

who.require("delegate")
engine = resources.engine()

event, items = event_agenda(engine, who.event_id())
if event is None or event.archived:
    st.error("This event is no longer available. Ask the facilitator for the current join code.")
    st.stop()

st.subheader(event.title)
st.caption(f"{event.venue} · {event_dates(event)}")
if event.is_demo:
    st.info("This is the **demo event**: the responses in it are synthetic.", icon=":material/science:")

ICONS = {"open": ":material/radio_button_checked:", "scheduled": ":material/schedule:",
         "closed": ":material/lock:"}
for day in sorted({item.day for item in items}):
    day_items = [i for i in items if i.day == day]
    st.subheader(f"Day {day} · {day_items[0].day_date:%a %d %b}")
    for item in day_items:
        with st.container(border=True, key=f"agenda-{item.id}"):
            st.markdown(f"**{item.title}**")
            st.caption(f"{item.questionnaire_title}")
            st.badge(item.state_label, icon=ICONS.get(item.state),
                     color={"open": "green", "closed": "gray"}.get(item.state, "blue"))
if not items:
    st.info("The organisers have not published the agenda yet.")
