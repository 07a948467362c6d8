"""Organiser: read and filter the audit log."""
import pandas as pd
import streamlit as st

from gapmap import audit_trail
from gapmap.agenda import events as list_events
from ui import resources, who

who.require(*who.ORGANISER_ROLES)
engine = resources.engine()

st.title("Audit log")
st.caption("Every sign-in, session change, moderation, export and setting change. "
           "Entries cannot be changed or deleted.")

actions = audit_trail.actions(engine)
events = {e.id: e for e in list_events(engine, include_archived=True)}

left, middle, right = st.columns(3)
chosen_actions = left.multiselect("Action", actions, key="audit-actions")
chosen_actors = middle.multiselect("By", audit_trail.ACTORS, key="audit-actors")
event_choice = right.selectbox(
    "Event", [None, *events], key="audit-event",
    format_func=lambda i: "All events" if i is None else f"{events[i].code}",
)
rows = audit_trail.entries(engine, actions=chosen_actions, actors=chosen_actors, event_id=event_choice)

table = pd.DataFrame(
    [{"When (UTC)": r.at.strftime("%Y-%m-%d %H:%M:%S"), "By": r.actor, "Action": r.action,
      "Event": events[r.event_id].code if r.event_id in events else "",
      "Details": ", ".join(f"{k}: {v}" for k, v in r.detail.items())} for r in rows],
    columns=["When (UTC)", "By", "Action", "Event", "Details"],
)
st.caption(f"{len(table)} entries (newest first, at most 500)")
st.dataframe(table, hide_index=True, width="stretch")
