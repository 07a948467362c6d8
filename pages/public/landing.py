"""Start page: delegates join with a code (typed or from the link), staff sign in."""
import streamlit as st

from gapmap import auth
from gapmap.agenda import event_by_id, event_dates
from gapmap.joining import find_event
from gapmap.privacy import promise
from gapmap.reference import country_name
from gapmap.responding import SECTORS, JoinError, join
from questionnaires.markup import markdown_text
from ui import demo_banner, resources, who

engine = resources.engine()
JOINING = "joining-event-id"


def check_code(typed: str) -> None:
    result = find_event(engine, typed)
    if result.event is None:
        st.session_state["join-error"] = result.message
        return
    st.session_state[JOINING] = result.event.id


TRIED = "join-tried"  # Start was pressed: say what is still missing (and stop saying it once fixed)


@st.fragment
def join_details(event) -> None:
    """Country, sector and consent, then Start. A fragment without a form: each choice reruns only
    this part, so a message about a missing choice goes away as soon as it is made."""
    with st.container(border=True, key="join-details"):
        country = st.selectbox(
            "Which country's legal framework are you answering for?", event.countries, index=None,
            format_func=country_name, key="join-country", placeholder="Choose a country",
        )
        sector = st.selectbox("Your broad sector", list(SECTORS), index=None, format_func=SECTORS.get,
                              key="join-sector", placeholder="Choose a sector")
        tried = st.session_state.get(TRIED)
        if tried and (country is None or sector is None):
            st.error("Choose your country and sector (or “Prefer not to say”).", icon=":material/error:")
        agreed = st.checkbox("I have read the notice above and agree to take part on these terms.",
                             key="join-consent")
        if tried and not agreed:
            st.error("Please confirm that you agree to the notice.", icon=":material/error:")
        started = st.button("Start", key="join-start", type="primary", width="stretch",
                            on_click=st.session_state.__setitem__, args=(TRIED, True))  # before the messages above
        if started and agreed and country is not None and sector is not None:
            try:
                participant = join(engine, event_id=event.id, country=country, sector=sector)
            except JoinError as exc:
                st.error(str(exc), icon=":material/error:")
                return
            st.session_state.pop(JOINING, None)
            st.session_state.pop(TRIED, None)
            who.become("delegate", event=event.id, participant_token=participant.token)
            st.query_params.from_dict({"p": participant.token})
            st.rerun()


linked_code = st.query_params.get("code")
if linked_code and not st.session_state.get("join-link-tried"):
    st.session_state["join-link-tried"] = True  # a bad link shows its message once, then the form
    check_code(linked_code)

event = None
if st.session_state.get(JOINING):
    event = event_by_id(engine, st.session_state[JOINING])

demo_banner.show(event)  # joining the demo event: said first
st.title("GapMap")
st.caption("Regional consultations on legal frameworks for emerging forms of trafficking in persons")
if message := st.session_state.pop("start-message", None):
    st.warning(message, icon=":material/link_off:")

if event is not None:
    # Step 2: the privacy notice, then country and sector. No names, e-mails or agencies.
    st.header(markdown_text(event.title))
    st.caption(f"{event.venue} · {event_dates(event)}")
    with st.container(border=True, key="privacy-notice"):
        # The organiser's notice, then how GapMap shows results, from the event's settings (always
        # current, so a notice need not repeat it). Said once.
        st.markdown("**Before you start**")
        st.text(event.privacy_notice)
        st.markdown(f"**How results are shown.** {promise(event)}")
    join_details(event)
    if st.button("Use another code", key="join-cancel"):
        st.session_state.pop(JOINING, None)
        st.query_params.clear()
        st.rerun()
    st.stop()

st.header("Join as a delegate")
with st.form("join", border=True):
    typed = st.text_input(
        "Join code", key="join-code", max_chars=20, placeholder="e.g. BKK2024",
        help="The code is on the screen in the room and on your invitation.",
    )
    if st.form_submit_button("Join", key="join-submit", type="primary", width="stretch"):
        check_code(typed)
        if JOINING in st.session_state:
            st.rerun()
if error := st.session_state.pop("join-error", None):
    st.error(error, icon=":material/error:")

st.header("Facilitators and organisers")
with st.form("sign-in", border=True):
    role = st.radio(
        "I am the", ["facilitator", "organiser"], key="sign-in-role", horizontal=True,
        format_func=str.capitalize,
    )
    passcode = st.text_input("Passcode", key="sign-in-passcode", type="password", max_chars=200)
    if st.form_submit_button("Sign in", key="sign-in-submit", width="stretch"):
        result = auth.sign_in(engine, role, passcode, resources.configured_passcodes())
        if result.ok:
            who.become_staff(engine, role)
            st.query_params.clear()
            st.rerun()
        st.error(result.message, icon=":material/lock:")
