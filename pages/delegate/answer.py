"""Delegate: answer one agenda session's questionnaire; the draft is saved as they go.

Each question is a fragment: changing an answer reruns that question only (and saves the draft),
not the whole 40-question page.
"""
import uuid

import streamlit as st

from gapmap import pii
from gapmap.form_state import from_state, key, to_state, value_of
from gapmap.link_params import record_id
from gapmap.privacy import audience_for
from gapmap.responding import CLOSED_MESSAGE, keep_draft, open_session, submit
from questionnaires.markup import markdown_text
from ui import resources, who
from ui.questions import RENDERERS, Labels
from ui.results import (
    cached_figures,
    cached_state_figures,
    draw_question,
    draw_state_question,
    visible_positions,
    visible_results,
)

engine = resources.engine()
participant, event = who.require_participant(engine)


def back() -> None:
    st.switch_page("pages/delegate/agenda.py", query_params={"p": participant.token})


session_id = record_id(st.query_params.get("s"))  # None for anything but a bounded id
copy = open_session(engine, participant, session_id) if session_id else None
if copy is None:
    st.warning("Choose a session on the agenda.")
    if st.button("Back to the agenda", key="back"):
        back()
    st.stop()

questionnaire, agenda_session = copy.questionnaire, copy.agenda_session
SAVED, ERRORS, TOKEN, NOTE, SAVED_AT, READ_ONLY = (
    f"{name}-{agenda_session.id}" for name in ("saved", "errors", "submit-token", "note", "saved-at", "read-only"))

if not st.session_state.get(f"restored-{agenda_session.id}"):  # first draw in this browser session: the saved draft
    for k, v in to_state(questionnaire, copy.values).items():
        st.session_state[k] = v
    st.session_state[f"restored-{agenda_session.id}"] = True
    st.session_state[SAVED] = copy.values
    st.session_state[SAVED_AT] = copy.draft_saved_at
    # Read-only is decided when the page opens: a widget switched to disabled while someone types
    # would lose what they typed, so a session closed meanwhile keeps the form and says so.
    st.session_state[READ_ONLY] = agenda_session.state != "open"
st.session_state.setdefault(TOKEN, uuid.uuid4().hex)
read_only = st.session_state[READ_ONLY]


CONFIRMED = f"pii-confirmed-{agenda_session.id}"  # question id -> the texts the delegate said are not personal


def texts_of(q, state) -> list[str]:
    """The free texts of a question that the personal-data check reads."""
    if q.type in ("short_text", "long_text") and q.pii_check:
        return [state.get(key(q.id)) or ""]
    if q.type == "gap_register":
        return [state.get(key(q.id, uid, "description")) or "" for uid in state.get(key(q.id, "rows")) or []]
    return []


def personal_data(q, state) -> list:
    """Possible personal data in a question's text that the delegate has not confirmed.

    The delegate's decision sticks to the text it was made for: a confirmed text stays confirmed
    through Submit and reruns, and a text already in the saved draft was checked or confirmed
    before it was saved (so a reload does not ask again); any change to the text asks again."""
    texts = texts_of(q, state)
    if not any(t.strip() for t in texts) or state.get(CONFIRMED, {}).get(q.id) == texts:
        return []
    saved = state.get(SAVED, {}).get(q.id)
    if saved is not None and value_of(q, state) == saved:
        return []
    return [f for t in texts for f in pii.find_personal_data(t)]


def confirm_not_personal(q) -> None:
    """The delegate ticked "This is not personal data": remember it for exactly these texts."""
    state = st.session_state
    if state.get(key(q.id, "pii-ok")):
        state.setdefault(CONFIRMED, {})[q.id] = texts_of(q, state)


def values_to_keep(state) -> dict:
    """What may be stored now: texts with unconfirmed personal data keep their saved version."""
    values = from_state(questionnaire, state)
    saved = state.get(SAVED, {})
    for q in questionnaire.questions:
        if personal_data(q, state):
            values.pop(q.id, None)
            if q.id in saved:
                values[q.id] = saved[q.id]
    return values


def autosave():
    """Save the draft when it changed (also when the session closed meanwhile: kept as late)."""
    state = st.session_state
    values = values_to_keep(state)
    if values == state.get(SAVED):
        return None
    result = keep_draft(engine, participant, copy, values)
    if result.ok:
        state[SAVED], state[ERRORS], state[SAVED_AT] = values, result.errors, result.at
    elif result.message:
        state[NOTE] = ("warning", result.message)
    return result


def on_submit() -> None:
    state = st.session_state
    if any(personal_data(q, state) for q in questionnaire.questions):
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


if st.button("Agenda", key="back", icon=":material/arrow_back:"):
    back()
st.subheader(markdown_text(agenda_session.title))
language = questionnaire.default_language
if len(questionnaire.languages) > 1:
    language = st.segmented_control("Language", questionnaire.languages, default=language, key="language",
                                    format_func=str.upper) or language
labels = Labels(questionnaire, language)
if questionnaire.intro:
    st.caption(labels(questionnaire.intro))
if agenda_session.results_visible:  # revealed by the facilitator: the room's consolidated picture
    with st.expander("Results so far", icon=":material/bar_chart:"):
        audience = audience_for(event, role="delegate")
        results = visible_results(agenda_session.id, audience)
        if results is None or results.withheld:
            st.caption(results.withheld if results else "These results are not available.")
        else:
            figures = cached_figures(agenda_session.id, None, None, audience, False)
            states = visible_positions(agenda_session.id, audience) or {}  # questions about the law: by State
            state_figures = cached_state_figures(agenda_session.id, None, None, audience, False) if states else {}
            for q in results.questions:
                if q.id in states:
                    draw_state_question(states[q.id], figures=state_figures.get(q.id, []))
                else:
                    draw_question(q, figures=figures.get(q.id, []), wall=5)
if read_only:
    st.info("This session is closed: your answers are shown as they were saved.", icon=":material/lock:")
elif copy.submitted_at:
    st.success(f"You submitted at {copy.submitted_at:%H:%M} UTC. You can change your answers and submit "
               "again until the session closes; the latest submission counts.", icon=":material/check_circle:")


@st.fragment
def question(q) -> None:
    """One question; a change reruns only this and saves the draft."""
    with st.container(border=True, key=f"question-{q.id}"):
        RENDERERS[q.type](q, labels, read_only)
        if not read_only and value_of(q, st.session_state) != st.session_state[SAVED].get(q.id):
            result = autosave()
            if result is not None and result.late:
                st.warning(CLOSED_MESSAGE, icon=":material/lock_clock:")
            elif result is not None and result.ok:
                st.caption(f":material/cloud_done: Saved at {result.at:%H:%M:%S} UTC")
        if findings := personal_data(q, st.session_state):
            st.warning(f"This text seems to contain {pii.describe_kinds(findings)}. Please remove anything that "
                       "could identify a person or a case: it is not saved until you do.",
                       icon=":material/privacy_tip:")
            st.text("Found: " + " · ".join(f.text for f in findings[:5]))  # plain text, never markdown
            st.checkbox("This is not personal data: keep it as written", key=key(q.id, "pii-ok"),
                        on_change=confirm_not_personal, args=(q,))
        if message := st.session_state.get(ERRORS, {}).get(q.id):
            st.error(message, icon=":material/error:")


for q in questionnaire.questions:
    question(q)

autosave()  # a full rerun (e.g. the confirmation of personal data) saves what changed
if agenda_session.state != "open" and not read_only:
    st.warning(CLOSED_MESSAGE, icon=":material/lock_clock:")
if note := st.session_state.pop(NOTE, None):
    getattr(st, note[0])(note[1])
if not read_only:
    if st.session_state.get(SAVED_AT):
        st.caption(f"Draft saved at {st.session_state[SAVED_AT]:%H:%M:%S} UTC")
    if agenda_session.state == "open":
        st.button("Submit my answers", key="submit", type="primary", on_click=on_submit, width="stretch",
                  icon=":material/send:")
