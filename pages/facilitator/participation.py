"""Facilitator: who still has to answer, as countries × agenda sessions; the heads of delegation."""
import pandas as pd
import streamlit as st

from gapmap.delegation import DelegationError, delegations, set_head
from gapmap.participation import DRAFT, LATE, NOT_STARTED, SUBMITTED, board
from gapmap.reference import country_name
from ui import resources, who
from ui.pickers import pick_event

who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Participation")
event = pick_event(engine)
st.caption("For the facilitators' screen, not the projector: it shows which delegations have answered, "
           "never what they answered.")


@st.fragment(run_every=5)
def live_board() -> None:
    b = board(engine, event.id, event.countries)
    table = pd.DataFrame(
        [[f"{country_name(c)} ({b.joined.get(c, 0)} joined)"] + [b.cell(c, sid).label() for sid, _ in b.sessions]
         for c in b.countries],
        columns=["Country"] + [title for _, title in b.sessions],
    )
    totals = ["All countries"] + [b.totals(sid).label() for sid, _ in b.sessions]
    table.loc[len(table)] = totals
    colours = {SUBMITTED: "#CFE8D5", DRAFT: "#FFF1C2", LATE: "#F9D3C0", NOT_STARTED: "#FFFFFF"}

    def colour(value: str) -> str:
        state = (SUBMITTED if "submitted" in value else LATE if "late" in value
                 else DRAFT if "draft" in value else NOT_STARTED)
        return f"background-color: {colours[state]}"

    st.dataframe(table.style.map(colour, subset=table.columns[1:]), hide_index=True, width="stretch",
                 height=min(38 * (len(table) + 1) + 4, 700))
    st.caption("Green: submitted · yellow: draft only · orange: late draft (saved after closing) · updates every 5 s")


live_board()


st.subheader("Heads of delegation")
st.caption("The head of a delegation sees their colleagues' answers side by side on their phone and may clear "
           "their State's position on a question while its session is open. Every change is in the audit log; "
           "choose “No head” to undo.")
HEAD_MESSAGE = "head-message"
NO_HEAD = 0  # no participant has id 0; a None option would show the select box's placeholder instead


def name_head(country: str, widget: str, labels: dict[int, str]) -> None:
    chosen = st.session_state[widget] or None
    try:
        set_head(engine, event.id, country, chosen, actor=who.role())
    except DelegationError as exc:
        st.session_state[HEAD_MESSAGE] = ("error", str(exc))
        return
    st.session_state[HEAD_MESSAGE] = ("success", (
        f"{labels[chosen]} is now head of the delegation of {country_name(country)}." if chosen is not None
        else f"{country_name(country)} has no head of delegation now."))


@st.fragment
def heads_of_delegation() -> None:
    if message := st.session_state.pop(HEAD_MESSAGE, None):
        getattr(st, message[0])(message[1], icon=":material/check_circle:" if message[0] == "success" else None)
    found = {c: members for c, members in delegations(engine, event.id, event.countries).items() if members}
    if not found:
        st.info("No delegate has joined yet.")
        return
    columns = st.columns(3)
    for n, (country, members) in enumerate(found.items()):
        widget = f"head-{event.id}-{country}"
        labels = {d.participant_id: d.label for d in members}
        # The saved head, every run: another facilitator's naming shows up, a refused one is undone.
        st.session_state[widget] = next((d.participant_id for d in members if d.is_head), NO_HEAD)
        columns[n % 3].selectbox(country_name(country), [NO_HEAD, *labels], key=widget,
                                 format_func=lambda i, names=labels: names.get(i, "No head"),
                                 on_change=name_head, args=(country, widget, labels))


heads_of_delegation()
