"""Delegate (head of delegation only): the State's position and each colleague's answer, question by
question, and clearing the State's position while the session is open. Phone first: one column."""
import streamlit as st

from gapmap.agenda import event_agenda
from gapmap.delegation import (
    MAX_NOTE,
    DelegationError,
    clean_note,
    clear_position,
    delegations,
    is_head,
    withdraw_position,
)
from gapmap.delegation_positions import QuestionPositions, delegation_positions, describe
from gapmap.link_params import record_id
from gapmap.reference import country_name
from questionnaires.markup import markdown_text
from ui import resources, who

engine = resources.engine()
participant, event = who.require_participant(engine)
if not is_head(engine, participant):
    st.error("This page is for the head of a delegation. Your facilitator names one head per State.",
             icon=":material/block:")
    st.stop()


def back() -> None:
    st.switch_page("pages/delegate/agenda.py", query_params={"p": participant.token})


if st.button("Agenda", key="back", icon=":material/arrow_back:"):
    back()
st.subheader("Delegation view")
st.caption(f"You are head of the delegation of **{country_name(participant.country)}**. Your colleagues' "
           "submitted answers, side by side; clear your State's position where they differ.")

_, agenda_sessions = event_agenda(engine, participant.event_id)
started = [s for s in agenda_sessions if s.state in ("open", "closed")]
if not started:
    st.info("No session has opened yet.")
    st.stop()
ids = [s.id for s in started]
SESSION = "delegation-session"
asked = record_id(st.query_params.get("s"))  # None for anything but a bounded id
if st.session_state.get(SESSION) not in ids:  # first draw: the link's session, else the open one
    open_now = [s.id for s in started if s.state == "open"]
    st.session_state[SESSION] = asked if asked in ids else (open_now or ids)[0]
chosen = st.selectbox("Session", ids, key=SESSION,
                      format_func=lambda i: next(f"{s.title} ({s.state_label.lower()})" for s in started if s.id == i))
st.query_params["s"] = str(chosen)  # a reload comes back to it
agenda_session = next(s for s in started if s.id == chosen)
is_open = agenda_session.state == "open"

try:
    questions = delegation_positions(engine, participant, chosen)
except DelegationError as exc:  # no longer head, or the session is gone
    st.error(str(exc))
    st.stop()
if not is_open:
    st.info("This session is closed: the positions are shown as they stand.", icon=":material/lock:")
if not questions:
    st.info("This session has no question that counts by State.")
answered = {a.delegate for f in questions for a in [x for i in f.items for x in i.answers] + f.gaps}
if waiting := [d.label for d in delegations(engine, participant.event_id, [participant.country])[participant.country]
               if d.label not in answered]:
    st.caption("No answers submitted yet by " + ", ".join(waiting) + ".")
differ = [f for f in questions if any(i.computed.split for i in f.items)]
if questions and st.toggle(f"Only where your delegates differ ({len(differ)})", key="delegation-splits-only"):
    questions = differ
    if not differ:
        st.success("Your delegates agree on every question of this session.")

BADGES = {"cleared": ("Cleared", "blue", ":material/verified:"), "agreed": ("Agreed", "green", ":material/check:"),
          "split": ("Split", "orange", ":material/call_split:"), "none": ("No answer", "gray", None)}
MESSAGE = "delegation-message-{}-{}"


def widget(q, item: str = "") -> str:
    return f"clear-{chosen}-{q.id}-{item}" if item else f"clear-{chosen}-{q.id}"


def on_clear(found: QuestionPositions) -> None:
    """Clear every item the head chose that differs from what is saved; messages under the form."""
    q, state = found.question, st.session_state
    note = state.get(widget(q, "note")) or ""
    confirmed = bool(state.get(widget(q, "pii-ok")))
    done, errors = 0, []
    for item in found.items:
        value = state.get(widget(q, item.item) if item.item else widget(q))
        if value is None:
            continue
        saved = item.cleared
        if saved is not None and saved.note == clean_note(note) and (
                saved.number == value if q.type == "number" else saved.position == value):
            continue  # already cleared so
        try:
            if q.type == "number":
                clear_position(engine, participant, chosen, q.id, number=value, note=note,
                               personal_data_ok=confirmed)
            else:
                clear_position(engine, participant, chosen, q.id, item.item, position=value, note=note,
                               personal_data_ok=confirmed)
            done += 1
        except DelegationError as exc:
            errors.append(f"{item.label}: {exc}" if item.label else str(exc))
            if "personal data" in str(exc):
                state[widget(q, "pii-ask")] = True
    if errors:
        state[MESSAGE.format(chosen, q.id)] = ("error", " ".join(dict.fromkeys(errors)))
    elif done:
        state[MESSAGE.format(chosen, q.id)] = ("success", "Cleared: your State's position is saved.")
        state.pop(widget(q, "pii-ask"), None)
    else:
        state[MESSAGE.format(chosen, q.id)] = ("warning", "Choose the answer to clear." if not found.cleared
                                               else "Nothing changed.")


def on_withdraw(found: QuestionPositions) -> None:
    q, state = found.question, st.session_state
    try:
        for item in found.cleared:
            withdraw_position(engine, participant, chosen, q.id, item.item)
    except DelegationError as exc:
        state[MESSAGE.format(chosen, q.id)] = ("error", str(exc))
        return
    for item in found.items:  # the form starts again from the computed positions
        state.pop(widget(q, item.item) if item.item else widget(q), None)
    state.pop(widget(q, "note"), None)
    state[MESSAGE.format(chosen, q.id)] = ("success", "Withdrawn: the position computed from your delegates' "
                                                      "answers counts again.")


def position_line(item) -> None:
    """The State's position: a badge and the answer (questionnaire labels, organiser content)."""
    kind, text = describe(item)
    label, colour, icon = BADGES[kind]
    st.markdown(f":{colour}-badge[{icon + ' ' if icon else ''}{label}] {text}")
    if item.cleared is not None:
        if item.cleared.note:
            st.text(f"Note: {item.cleared.note}")  # typed by the head: plain text, never markdown
        if item.computed.split or item.computed.value not in (None, item.position.value):
            st.caption(f"From the answers: {describe_computed(item)}")


def describe_computed(item) -> str:
    kind, text = describe(item, computed=True)
    return f"split ({text})" if kind == "split" else text


def answers(given) -> None:
    """Each colleague's answer, one per line, as plain text."""
    if given:
        st.text("\n".join(f"{a.delegate}{' (you)' if a.mine else ''}: {a.answer}" for a in given))


def choice(q, item) -> None:
    """The widget for one item's answer to clear, starting from what is saved."""
    key = widget(q, item.item) if item.item else widget(q)
    if key not in st.session_state and item.cleared is not None:
        st.session_state[key] = item.cleared.number if q.type == "number" else item.cleared.position
    names = dict(item.choices)
    if q.type == "number":
        st.number_input("The number your State holds", key=key, value=None, min_value=q.min, max_value=q.max,
                        step=1.0 if q.integer else None, format="%.0f" if q.integer else "%g")
    elif item.item:  # a matrix row or a multiple-choice option; short answers side by side
        st.radio(item.label, list(names), key=key, index=None, format_func=names.get,
                 horizontal=sum(len(n) for n in names.values()) <= 36)
    else:
        st.radio("The answer your State holds", list(names), key=key, index=None, format_func=names.get)


def clearing_form(found: QuestionPositions) -> None:
    q = found.question
    if not found.delegates:
        st.caption("Nobody of your delegation has submitted an answer yet.")
        return
    with st.form(key=f"form-{chosen}-{q.id}", border=False):
        st.markdown("**Clear your State's position**")
        if len(found.items) == 1:
            choice(q, found.items[0])
        else:  # rows or options: those where the delegates differ (or cleared) first, the others folded
            answered = [i for i in found.items if i.answered]
            first = [i for i in answered if i.computed.split or i.cleared is not None]
            rest = [i for i in answered if i not in first]
            for item in first:
                choice(q, item)
            if rest:
                with st.expander(f"{'Rows' if q.type == 'matrix' else 'Options'} your delegates agree on "
                                 f"({len(rest)})"):
                    for item in rest:
                        choice(q, item)
        note_key = widget(q, "note")
        if note_key not in st.session_state:
            st.session_state[note_key] = next((i.cleared.note for i in found.cleared if i.cleared.note), "")
        st.text_input("Note (optional)", key=note_key, max_chars=MAX_NOTE, placeholder="e.g. Penal Code s. 312/1")
        if st.session_state.get(widget(q, "pii-ask")):
            st.checkbox("This is not personal data: keep it as written", key=widget(q, "pii-ok"))
        st.form_submit_button("Clear this position", type="primary", width="stretch", icon=":material/verified:",
                              on_click=on_clear, args=(found,), key=f"clear-button-{chosen}-{q.id}")
        if found.cleared:
            st.form_submit_button("Withdraw", width="stretch", icon=":material/undo:", on_click=on_withdraw,
                                  args=(found,), key=f"withdraw-button-{chosen}-{q.id}")


for found in questions:
    q = found.question
    with st.container(border=True, key=f"position-{q.id}"):
        st.markdown(f"**{markdown_text(found.text)}**")
        if q.type == "gap_register":
            st.caption("Gap registers are merged from every delegate's gaps: there is no position to clear.")
            answers(found.gaps)
            continue
        for item in found.items:
            if item.label:
                st.markdown(f"*{item.label}*")
            position_line(item)
            if len(found.items) == 1 or item.computed.split or item.cleared is not None:
                answers(item.answers)  # a row or option they agree on says it all in its position line
        if is_open:
            clearing_form(found)
        if message := st.session_state.pop(MESSAGE.format(chosen, q.id), None):
            getattr(st, message[0])(message[1])

if st.button("Refresh the answers", key="refresh", icon=":material/refresh:", width="stretch"):
    st.rerun()
