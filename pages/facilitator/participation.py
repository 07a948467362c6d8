"""Facilitator: who still has to answer, as countries × agenda sessions (open sessions first); the heads
of delegation."""
import pandas as pd
import streamlit as st

from gapmap.delegation import DelegationError, delegations, set_head
from gapmap.participation import DRAFT, LATE, NOT_STARTED, SUBMITTED, board, board_fingerprint
from gapmap.reference import country_name
from ui import pulse_routes, resources, who
from ui.pickers import pick_event
from ui.results import watch

who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Participation")
event = pick_event(engine)
st.caption("For the facilitators' screen, not the projector: it shows which delegations have answered, "
           "never what they answered.")

#: Columns that stay in view (pinned): the country and up to this many open or scheduled sessions; the rest
#: (closed sessions, most recent first) scroll to the right. Sized for a 1440 px screen with the sidebar open.
PINNED_SESSIONS = 4
STATE_WIDTH, SESSION_WIDTH = 170, 160
#: Cell colours: everyone who joined has submitted (darker green), some have, drafts only, late drafts only.
DONE = "done"
COLOURS = {DONE: "#B7DEC1", SUBMITTED: "#E1F2E5", DRAFT: "#FFF1C2", LATE: "#F9D3C0", NOT_STARTED: "#FFFFFF"}
MARK = {"open": "●", "scheduled": "○", "closed": "■"}
STATE_NAME = {"open": "Open now", "scheduled": "Still to come", "closed": "Closed"}


def draw_board() -> None:
    b = board(engine, event.id, event.countries)
    columns = b.ordered()
    headers = [f"{MARK[c.state]} {c.code} {c.title}" for c in columns]
    rows = [[f"{country_name(c)} · {b.joined.get(c, 0)}"] + [b.cell(c, col.id).brief(b.joined.get(c, 0))
                                                             for col in columns]
            for c in b.countries]
    everyone = sum(b.joined.values())
    rows.append(["All countries"] + [b.totals(col.id).brief(everyone) for col in columns])
    table = pd.DataFrame(rows, columns=["Country · joined", *headers])

    def shade(country: str | None, column_id: int) -> str:
        cell = b.cell(country, column_id) if country else b.totals(column_id)
        joined = b.joined.get(country, 0) if country else everyone
        return DONE if joined and cell.submitted >= joined else cell.state

    shades = [[shade(c, col.id) for col in columns] for c in [*b.countries, None]]

    def colour(frame: pd.DataFrame) -> pd.DataFrame:
        styles = pd.DataFrame("color: #262730", index=frame.index, columns=frame.columns)
        for r, row in enumerate(shades):
            for n, state in enumerate(row):
                styles.iat[r, n + 1] += f"; background-color: {COLOURS[state]}"
        styles.iloc[-1, :] += "; font-weight: bold"
        return styles

    pinned = [c.id for c in columns if c.state != "closed"][:PINNED_SESSIONS]
    config = {"Country · joined": st.column_config.TextColumn(width=STATE_WIDTH, pinned=True,
                                                           help="How many of the country's delegates joined the event")}
    for col, header in zip(columns, headers, strict=True):
        config[header] = st.column_config.TextColumn(
            width=SESSION_WIDTH, pinned=col.id in pinned,
            help=f"{STATE_NAME[col.state]}: {col.code} {col.title}. Submitted of joined, drafts, late drafts.")
    st.dataframe(table.style.apply(colour, axis=None), hide_index=True, width="stretch", column_config=config,
                 row_height=36, height=36 * (len(table) + 1) + 3)
    closed = sum(1 for c in columns if c.state == "closed")
    st.caption("● open now, first · ○ still to come"
               + (f" · ■ closed ({closed}), the latest first: scroll right for the past" if closed else "")
               + ". “2 of 3”: submitted of the delegates who joined. Dark green: all submitted · light green: "
                 "some · yellow: drafts only · orange: late draft (saved after closing). Updates by itself.")


# Redrawn when a count changes: the browser asks the server's pulse route every second (no script run while
# they stay the same); without the route, a watcher reads them every second.
watch(lambda: board_fingerprint(engine, event.id), draw_board, key="participation-board",
      route=f"{pulse_routes.PARTICIPATION}/{event.id}")


st.header("Heads of delegation")
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
