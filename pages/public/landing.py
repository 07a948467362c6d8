"""Start page: delegates join with a code (typed or from the link), staff sign in."""
import streamlit as st

from gapmap import auth
from gapmap.joining import find_event
from ui import resources
from ui import session as who

engine = resources.engine()

st.title("GapMap")
st.caption("Regional consultations on legal frameworks for emerging forms of trafficking in persons")


def join(typed: str) -> None:
    result = find_event(engine, typed)
    if result.event is None:
        st.error(result.message, icon=":material/error:")
        return
    who.become("delegate", event=result.event.id)
    st.query_params["code"] = result.code
    st.rerun()


linked_code = st.query_params.get("code")
if linked_code and not st.session_state.get("join-link-tried"):
    st.session_state["join-link-tried"] = True  # a bad link shows its message once, then the form
    join(linked_code)

st.subheader("Join as a delegate")
with st.form("join", border=True):
    typed = st.text_input(
        "Join code", key="join-code", max_chars=20, placeholder="e.g. BKK2024",
        help="The code is on the screen in the room and on your invitation.",
    )
    if st.form_submit_button("Join", key="join-submit", type="primary", width="stretch"):
        join(typed)

st.subheader("Facilitators and organisers")
with st.form("sign-in", border=True):
    role = st.radio(
        "I am the", ["facilitator", "organiser"], key="sign-in-role", horizontal=True,
        format_func=str.capitalize,
    )
    passcode = st.text_input("Passcode", key="sign-in-passcode", type="password", max_chars=200)
    if st.form_submit_button("Sign in", key="sign-in-submit", width="stretch"):
        result = auth.sign_in(engine, role, passcode, resources.configured_passcodes())
        if result.ok:
            who.become(role)
            st.rerun()
        st.error(result.message, icon=":material/lock:")
