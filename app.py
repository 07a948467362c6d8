"""GapMap: entry point. Builds the navigation for the signed-in role only (DESIGN.md section 2)."""
import streamlit as st

from gapmap.responding import resume
from ui import resources
from ui import session as who

st.set_page_config(page_title="GapMap", page_icon=":material/travel_explore:", layout="centered")

engine = resources.engine()  # migrations, shipped questionnaires, demo event, passcodes: once per process

# A delegate's personal link (?p=<token>) resumes their seat after a reload or on another device.
link_token = st.query_params.get("p")
if link_token and who.token() != link_token and who.role() in (None, "delegate"):
    found = resume(engine, link_token)
    if found:
        participant, event = found
        who.become("delegate", event=event.id, participant_token=participant.token)
    else:
        who.leave()
        st.session_state["start-message"] = (
            "This personal link is not valid any more. Join again with the code on the screen."
        )

LANDING = st.Page(
    "pages/public/landing.py", title="Start", icon=":material/login:", default=True,
    help="Join a consultation with its code, or sign in as a facilitator or organiser.",
)
AGENDA = st.Page(
    "pages/delegate/agenda.py", title="Agenda", icon=":material/event_note:", default=True,
    help="The event's sessions and which of them are open for your input.",
)
ANSWER = st.Page(
    "pages/delegate/answer.py", title="Answer", icon=":material/edit_note:", url_path="answer",
    help="Answer the questionnaire of one agenda session; your draft is saved as you go.",
)
SESSIONS = st.Page(
    "pages/facilitator/sessions.py", title="Run sessions", icon=":material/play_circle:",
    help="Open, close and reopen agenda sessions, and see how many responses came in.",
)
AUDIT = st.Page(
    "pages/organiser/audit_log.py", title="Audit log", icon=":material/policy:",
    help="Every sign-in, session change and setting change, filterable.",
)

role = who.role()
if role == "delegate" and who.token():
    pages = [AGENDA, ANSWER]
elif role == "facilitator":
    pages = [SESSIONS]
elif role == "organiser":
    pages = {"Run the room": [SESSIONS], "Organise": [AUDIT]}
else:
    pages = [LANDING]

page = st.navigation(pages, position="sidebar" if role in ("facilitator", "organiser") else "hidden")

if role in ("facilitator", "organiser"):
    with st.sidebar:
        st.caption(f"Signed in as **{role}**")
        if st.button("Sign out", key="sign-out", icon=":material/logout:"):
            who.leave()
            st.rerun()

page.run()
