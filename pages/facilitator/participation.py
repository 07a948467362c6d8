"""Facilitator: who still has to answer, as countries × agenda sessions."""
import pandas as pd
import streamlit as st

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
