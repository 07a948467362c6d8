"""GapMap: entry point. Builds the navigation for the signed-in role only (DESIGN.md section 2)."""
import pandas  # noqa: F401 - imported once, before any page: two script threads importing it for the first time at once failed
import plotly.graph_objects  # noqa: F401 - the same for the charts' heavy import
import streamlit as st

from gapmap.responding import resume
from ui import pickers, resources, staff_cookie, touch, who

STAFF = who.STAFF
engine = resources.engine()  # migrations, shipped questionnaires, demo event, passcodes: once per process
who.resume_staff(engine)  # a staff cookie signs a reloaded page back in; a revoked session signs out here
# Phones get a narrow column; the room's screens and the organisers' tables get the full width.
# The page icon is an emoji, drawn by the browser itself: a material icon is fetched from Google's fonts.
st.set_page_config(page_title="GapMap", page_icon="🌏",
                   layout="wide" if st.session_state.get(who.ROLE_KEY) in STAFF else "centered")


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
DELEGATION = st.Page(
    "pages/delegate/delegation.py", title="Delegation view", icon=":material/groups:", url_path="delegation",
    help="For the head of a delegation: colleagues' answers side by side, and clearing the State's position.",
)
SESSIONS = st.Page(
    "pages/facilitator/sessions.py", title="Run sessions", icon=":material/play_circle:",
    help="Open, close and reopen agenda sessions, and see how many responses came in.",
)
DASHBOARD = st.Page(
    "pages/facilitator/dashboard.py", title="Live results", icon=":material/monitoring:",
    help="Consolidated results of one session, updating by themselves every few seconds.",
)
PRESENTER = st.Page(
    "pages/facilitator/presenter.py", title="Presenter console", icon=":material/slideshow:", url_path="presenter",
    help="The control strip for the projector: session, results / join screen / blank, previous and next.",
)
PROJECTOR = st.Page(
    "pages/facilitator/projector.py", title="Projector", icon=":material/present_to_all:", url_path="projector",
    help="The room's screen, full-bleed: the slide the presenter console chose; never shows small groups.",
)
JOIN_SCREEN = st.Page(
    "pages/facilitator/join_screen.py", title="Join screen", icon=":material/qr_code_2:",
    help="A large QR code, the link and the join code, for the projector.",
)
PARTICIPATION = st.Page(
    "pages/facilitator/participation.py", title="Participation", icon=":material/grid_view:",
    help="Which delegations have answered which sessions (never what they answered).",
)
MODERATION = st.Page(
    "pages/facilitator/moderation.py", title="Moderate text", icon=":material/rate_review:",
    help="Hide, redact and tag free-text answers before they reach the wall or an export.",
)
COMPARE = st.Page(
    "pages/facilitator/compare.py", title="Compare countries", icon=":material/compare_arrows:",
    help="Gaps across themes, the definitions convergence and country profiles for the whole event.",
)
EVENTS = st.Page(
    "pages/organiser/events.py", title="Events", icon=":material/event:",
    help="Create, edit, copy and archive events; their join codes.",
)
AGENDA_SETUP = st.Page(
    "pages/organiser/agenda.py", title="Agenda", icon=":material/view_agenda:", url_path="agenda-setup",
    help="Each event's sessions, day by day, and the questionnaire each one uses.",
)
QUESTIONNAIRES = st.Page(
    "pages/organiser/questionnaires.py", title="Questionnaires", icon=":material/quiz:",
    help="The questionnaire library: upload YAML or XLSForm, preview, download.",
)
EXPORT = st.Page(
    "pages/organiser/export.py", title="Export", icon=":material/download:",
    help="The Excel report, CSV tables and the full JSON archive of an event.",
)
AUDIT = st.Page(
    "pages/organiser/audit_log.py", title="Audit log", icon=":material/policy:",
    help="Every sign-in, session change and setting change, filterable.",
)

role = who.role()
if role == "delegate" and who.token():
    pages = [AGENDA, ANSWER, DELEGATION]  # the delegation view refuses anyone but the head
elif role == "facilitator":
    pages = [SESSIONS, JOIN_SCREEN, DASHBOARD, PRESENTER, PROJECTOR, PARTICIPATION, MODERATION, COMPARE]
elif role == "organiser":
    pages = {"Set up": [EVENTS, AGENDA_SETUP, QUESTIONNAIRES],
             "Run the room": [SESSIONS, JOIN_SCREEN, DASHBOARD, PRESENTER, PROJECTOR, PARTICIPATION, MODERATION,
                              COMPARE],
             "Reports": [EXPORT, AUDIT]}
else:
    pages = [LANDING]

# The room's screens show the room only; the Events page has its own picker (with "+ New event").
NO_HEADER = {PROJECTOR.url_path, JOIN_SCREEN.url_path, EVENTS.url_path}
page = st.navigation(pages, position="sidebar" if role in STAFF else "hidden", expanded=True)  # every page in view

if role in STAFF:
    with st.sidebar:
        st.caption(f"Signed in as **{role}**")
        if st.button("Sign out", key="sign-out", icon=":material/logout:"):
            who.sign_out(engine)
            st.rerun()
staff_cookie.settle(engine)
if role in STAFF and page.url_path not in NO_HEADER:
    pickers.event_header(engine, role)
if role not in STAFF:
    touch.touch_targets()  # a delegate's pages: thumb-sized controls

page.run()
