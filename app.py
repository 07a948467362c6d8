"""GapMap: entry point. Builds the navigation for the signed-in role only (DESIGN.md section 2)."""
import pandas  # noqa: F401 - imported once, before any page: two script threads importing it for the first time at once failed
import plotly.graph_objects  # noqa: F401 - the same for the charts' heavy import
import streamlit as st

from gapmap.reference_files import ReferenceDataError
from gapmap.responding import resume
from ui import demo_banner, navigation, pickers, resources, run_order, staff_cookie, touch, who

STAFF = who.STAFF


def main() -> None:
    try:
        engine = resources.engine()  # migrations, shipped questionnaires, demo event, passcodes: once per process
    except ReferenceDataError as exc:  # a bad edit of gapmap/reference/*.yaml: nothing was written
        st.error("GapMap cannot start: its reference data has problems. Fix them and restart the app.",
                 icon=":material/error:")
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        st.stop()
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

    P = navigation.pages()
    role = who.role()
    if role == "delegate" and who.token():
        pages = [P.AGENDA, P.ANSWER, P.DELEGATION]  # the delegation view refuses anyone but the head
    elif role in STAFF:
        room = [P.SESSIONS, P.JOIN_SCREEN, P.DASHBOARD, P.PRESENTER, P.PROJECTOR, P.PARTICIPATION, P.MODERATION,
                P.COMPARE]
        pages = room if role == "facilitator" else {"Set up": [P.EVENTS, P.AGENDA_SETUP, P.QUESTIONNAIRES],
                                                    "Run the room": room, "Reports": [P.EXPORT, P.AUDIT]}
    else:
        pages = [P.LANDING]

    # The room's screens show the room only; the Events page has its own picker (with "+ New event").
    # Pages by identity: the default page's url_path is "" (the Events page, just after an organiser signs in).
    NO_HEADER = (P.PROJECTOR, P.JOIN_SCREEN, P.EVENTS)
    page = st.navigation(pages, position="sidebar" if role in STAFF else "hidden", expanded=True)  # every page in view

    if role in STAFF:
        with st.sidebar:
            st.caption(f"Signed in as **{role}**")
            if st.button("Sign out", key="sign-out", icon=":material/logout:"):
                who.sign_out(engine)
                st.rerun()
    staff_cookie.settle(engine)
    # The demo marker, first on every page of the demo event: in the staff header, above a delegate's
    # page; the start page, the Events page and the room's screens find their event and show it themselves.
    if role in STAFF and page not in NO_HEADER:
        pickers.event_header(engine, role)
    elif role == "delegate" and who.token():
        demo_banner.show_for_event_id(engine, who.event_id())
    if role not in STAFF:
        touch.touch_targets()  # a delegate's pages: thumb-sized controls

    page.run()

# A room arriving at once: delegates' runs take turns, oldest browser session first (ui/run_order.py).
with run_order.turn():
    main()
