"""Delegate: answer one agenda session's questionnaire; the draft is saved as they go."""
import uuid

import streamlit as st

from gapmap import pii
from gapmap.form_state import from_state, key, to_state
from gapmap.responding import CLOSED_MESSAGE, keep_draft, open_session, resume, submit
from ui import resources
from ui import session as who
from ui.questions import RENDERERS, Labels

who.require("delegate")
engine = resources.engine()

found = resume(engine, who.token())
if found is None:
    who.leave()
    st.error("This personal link is not valid any more. Join again with the code on the screen.")
    st.stop()
participant, event = found


def back() -> None:
    st.switch_page("pages/delegate/agenda.py", query_params={"p": participant.token})


try:
    session_id = int(st.query_params.get("s", ""))
except ValueError:
    session_id = None
copy = open_session(engine, participant, session_id) if session_id else None
if copy is None:
    st.warning("Choose a session on the agenda.")
    if st.button("Back to the agenda", key="back"):
        back()
    st.stop()

questionnaire, slot = copy.questionnaire, copy.slot
SAVED, ERRORS, TOKEN, NOTE = (f"{name}-{slot.id}" for name in ("saved", "errors", "submit-token", "note"))

if not st.session_state.get(f"restored-{slot.id}"):  # first draw in this browser session: the saved draft
    for k, v in to_state(questionnaire, copy.values).items():
        st.session_state[k] = v
    st.session_state[f"restored-{slot.id}"] = True
    st.session_state[SAVED] = copy.values
    # Read-only is decided when the page opens: a widget switched to disabled while someone types
    # would lose what they typed, so a session closed meanwhile keeps the form and says so.
    st.session_state[f"read-only-{slot.id}"] = slot.state != "open"
st.session_state.setdefault(TOKEN, uuid.uuid4().hex)

read_only = st.session_state[f"read-only-{slot.id}"]
closed = slot.state != "open"
if st.button("Agenda", key="back", icon=":material/arrow_back:"):
    back()
st.subheader(slot.title)
language = questionnaire.default_language
if len(questionnaire.languages) > 1:
    language = st.segmented_control("Language", questionnaire.languages, default=language, key="language",
                                    format_func=str.upper) or language
labels = Labels(questionnaire, language)
if questionnaire.intro:
    st.caption(labels(questionnaire.intro))
if read_only:
    st.info("This session is closed: your answers are shown as they were saved.", icon=":material/lock:")
elif copy.submitted_at:
    st.success(f"You submitted at {copy.submitted_at:%H:%M} UTC. You can change your answers and submit "
               "again until the session closes; the latest submission counts.", icon=":material/check_circle:")


def blocked_texts(state) -> dict[str, list]:
    """Text answers with possible personal data that the delegate has not confirmed yet."""
    found = {}
    for q in questionnaire.questions:
        texts = []
        if q.type in ("short_text", "long_text") and q.pii_check:
            texts = [state.get(key(q.id)) or ""]
        elif q.type == "gap_register":
            texts = [state.get(key(q.id, uid, "description")) or "" for uid in state.get(key(q.id, "rows")) or []]
        findings = [f for t in texts for f in pii.find_personal_data(t)]
        if findings and not state.get(key(q.id, "pii-ok")):
            found[q.id] = findings
    return found


def values_to_keep(state) -> dict:
    """What may be stored now: texts with unconfirmed personal data keep their saved version."""
    values = from_state(questionnaire, state)
    saved = st.session_state.get(SAVED, {})
    for qid in blocked_texts(state):
        values.pop(qid, None)
        if qid in saved:
            values[qid] = saved[qid]
    return values


def on_submit() -> None:
    state = st.session_state
    if blocked_texts(state):
        state[NOTE] = ("error", "Some text may contain personal data. Remove it, or confirm it is not personal data.")
        return
    values = values_to_keep(state)
    result = submit(engine, participant, copy, values, state[TOKEN])
    state[ERRORS] = result.errors
    if result.ok:
        state[SAVED] = values
        state[TOKEN] = uuid.uuid4().hex  # the next change is a new submission
        state[NOTE] = ("success", result.message)
    else:
        state[NOTE] = ("error", result.message)


errors = st.session_state.get(ERRORS, {})
blocked = blocked_texts(st.session_state)
for q in questionnaire.questions:
    with st.container(border=True, key=f"question-{q.id}"):
        RENDERERS[q.type](q, labels, read_only)
        if q.id in blocked:
            st.warning(pii.describe(blocked[q.id]) + " Please remove anything that could identify a person or "
                       "a case. It is not saved until you do.", icon=":material/privacy_tip:")
            st.checkbox("This is not personal data: keep it as written", key=key(q.id, "pii-ok"))
        if q.id in errors:
            st.error(errors[q.id], icon=":material/error:")

values = values_to_keep(st.session_state)
if values != st.session_state.get(SAVED):  # also when the session closed while they typed: kept as late
    saved = keep_draft(engine, participant, copy, values)
    if saved.ok:
        st.session_state[SAVED] = values
        st.session_state[ERRORS] = saved.errors
        copy.draft_saved_at = saved.at or copy.draft_saved_at
    if saved.message and not saved.late:
        st.session_state[NOTE] = ("warning", saved.message)

if note := st.session_state.pop(NOTE, None):
    getattr(st, note[0])(note[1])
if closed and not read_only:
    st.warning(CLOSED_MESSAGE, icon=":material/lock_clock:")
if copy.draft_saved_at and not closed:
    st.caption(f"Draft saved at {copy.draft_saved_at:%H:%M:%S} UTC")
if not closed:
    st.button("Submit my answers", key="submit", type="primary", on_click=on_submit, width="stretch",
              icon=":material/send:")
