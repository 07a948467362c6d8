"""Delegate: answer one agenda session's questionnaire; the draft is saved as they go.

Each question is a fragment: changing an answer reruns that question only (and saves the draft),
not the whole 40-question page.
"""
import uuid

import streamlit as st

from gapmap import pii
from gapmap.event_time import clock, zone_name
from gapmap.form_state import from_state, key, to_state, value_of
from gapmap.link_params import record_id
from gapmap.privacy import audience_for
from gapmap.responding import CLOSED_MESSAGE, keep_draft, open_session, submit
from questionnaires.markup import markdown_text
from ui import resources, session_watch, who
from ui.questions import RENDERERS, Labels
from ui.results import (
    cached_figures,
    cached_state_figures,
    draw_question,
    draw_state_question,
    visible_positions,
    visible_results,
)

# Moves the page to a keyed element (a question's `.st-key-question-<id>`: to the top of the
# screen; Submit's message: to its middle, the button under it), or to the top of the page:
# Streamlit keeps the scroll position of the page before, and a problem may be far above Submit.
_SCROLL = st.components.v2.component("gapmap_answer_scroll", js="""
export default function ({ data }) {
  const main = document.querySelector("[data-testid='stMain']")
  if (!main) return
  const target = data && data.target
  const go = (tries) => {
    if (!target) { main.scrollTo(0, 0); return }
    const el = document.querySelector(".st-key-" + CSS.escape(target))
    if (!el) { if (tries > 0) setTimeout(() => go(tries - 1), 100); return }
    const box = el.getBoundingClientRect(), view = main.getBoundingClientRect()
    const offset = data.center ? (view.height - box.height) / 2 : 72  // 72: clear of Streamlit's header
    main.scrollTo(0, Math.max(0, box.top - view.top + main.scrollTop - offset))
    if (tries >= 0) setTimeout(() => go(-1), 300)  // once more, after late layout changes
  }
  go(20)
}
""")

engine = resources.engine()
participant, event = who.require_participant(engine)


def back() -> None:
    st.switch_page("pages/delegate/agenda.py", query_params={"p": participant.token})


session_id = record_id(st.query_params.get("s"))  # None for anything but a bounded id
drawn_states = session_watch.states(event.id)  # read before the session: a change after it reruns the page
copy = open_session(engine, participant, session_id) if session_id else None
if copy is None:
    st.warning("Choose a session on the agenda.")
    if st.button("Back to the agenda", key="back"):
        back()
    st.stop()

questionnaire, agenda_session = copy.questionnaire, copy.agenda_session
SAVED, ERRORS, TOKEN, NOTE, SAVED_AT, READ_ONLY, PROBLEM, SCROLL = (
    f"{name}-{agenda_session.id}" for name in ("saved", "errors", "submit-token", "note", "saved-at", "read-only",
                                               "problem", "scroll"))

if not st.session_state.get(f"restored-{agenda_session.id}"):  # first draw in this browser session: the saved draft
    for k, v in to_state(questionnaire, copy.values).items():
        st.session_state[k] = v
    st.session_state[f"restored-{agenda_session.id}"] = True
    st.session_state[SAVED] = copy.values
    st.session_state[SAVED_AT] = copy.draft_saved_at
    # Read-only is decided when the page opens: a widget switched to disabled while someone types
    # would lose what they typed, so a session closed meanwhile keeps the form and says so.
    st.session_state[READ_ONLY] = agenda_session.state != "open"
    st.session_state[SCROLL] = (None, uuid.uuid4().hex)  # open at the top
st.session_state.setdefault(TOKEN, uuid.uuid4().hex)
if st.session_state[READ_ONLY] and agenda_session.state == "open":
    st.session_state[READ_ONLY] = False  # reopened: nothing could be typed while it was read-only
read_only = st.session_state[READ_ONLY]
closed_meanwhile = agenda_session.state != "open" and not read_only
session_watch.follow(event.id, drawn_states)  # closing, reopening or showing results redraws the page


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


def show_problem(question_id: str, kind: str, more: int = 0) -> None:
    """After Submit: name the first problem above the questions, and move the page to it."""
    state = st.session_state
    state[PROBLEM] = (question_id, kind, more)
    state[SCROLL] = (f"question-{question_id}", uuid.uuid4().hex)


def show_note(kind: str, message: str) -> None:
    """After Submit: its outcome next to the button, moved into view (the message pushes the
    button down, off a phone's screen when it was at the bottom edge)."""
    st.session_state[NOTE] = (kind, message)
    st.session_state[SCROLL] = ("submit-note", uuid.uuid4().hex)


def on_submit() -> None:
    state = st.session_state
    flagged = [q.id for q in questionnaire.questions if personal_data(q, state)]
    if flagged:
        show_problem(flagged[0], "personal", len(flagged) - 1)
        return
    values = values_to_keep(state)
    result = submit(engine, participant, copy, values, state[TOKEN])
    state[ERRORS] = result.errors
    if result.ok:
        state[SAVED] = values
        state[TOKEN] = uuid.uuid4().hex  # the next change is a new submission
        show_note("success", result.message)
    elif result.errors:
        first = next(q.id for q in questionnaire.questions if q.id in result.errors)
        show_problem(first, "answer", len(result.errors) - 1)
    else:
        show_note("error", result.message)  # nothing answered, or the session closed


def problem_message(question_id: str, kind: str, more: int) -> str:
    """'Not submitted: “Does national law …?” needs an answer (and 2 more questions).'"""
    q = next(q for q in questionnaire.questions if q.id == question_id)
    name = labels.plain(q.text).strip()
    name = markdown_text(name if len(name) <= 90 else name[:88].rstrip() + " …")
    if kind == "personal":
        what = "may contain personal data. Remove it, or confirm it is not personal data"
    else:
        error = st.session_state.get(ERRORS, {}).get(question_id, "")
        what = "needs an answer" if error == "This question needs an answer." else f"needs a change: {error}"
    others = f" (and {more} more question{'s' if more > 1 else ''})" if more else ""
    return f"Not submitted: “{name}” {what}{others}."


if st.button("Agenda", key="back", icon=":material/arrow_back:"):
    back()
st.subheader(markdown_text(agenda_session.title))
language = questionnaire.default_language
if len(questionnaire.languages) > 1:
    language = st.segmented_control("Language", questionnaire.languages, default=language, key="language",
                                    format_func=str.upper) or language
labels = Labels(questionnaire, language, records={qid: r.sentence() for qid, r in copy.records.items()})
if questionnaire.intro:
    st.caption(labels(questionnaire.intro))
if agenda_session.results_visible:  # revealed by the facilitator: the room's consolidated picture
    with st.expander("Results so far", icon=":material/bar_chart:"):
        audience = audience_for(event, role="delegate")
        results = visible_results(agenda_session.id, audience)
        if results is None or results.withheld:
            st.caption(results.withheld if results else "These results are not available.")
        else:
            # Laid out for a phone (labels above the bars, no toolbar, nothing to zoom); each chart says
            # whether it counts States or respondents, as the dashboard does.
            figures = cached_figures(agenda_session.id, None, None, audience, False, phone=True)
            states = visible_positions(agenda_session.id, audience) or {}  # questions about the law: by State
            state_figures = (cached_state_figures(agenda_session.id, None, None, audience, False, phone=True)
                             if states else {})
            for n, q in enumerate(results.questions):
                with st.container(key=f"phone-result-{q.id}"):
                    if n:
                        st.divider()
                    if q.id in states:
                        draw_state_question(states[q.id], figures=state_figures.get(q.id, []), phone=True)
                    else:
                        draw_question(q, figures=figures.get(q.id, []), wall=5, phone=True)
if read_only:
    st.info("This session is closed: your answers are shown as they were saved.", icon=":material/lock:")
elif closed_meanwhile:  # at the top, once: whatever the delegate was doing, they see it here
    with st.container(key="closed-banner"):
        st.warning(CLOSED_MESSAGE, icon=":material/lock_clock:")
elif copy.submitted_at:
    st.success(f"You submitted at {clock(event, copy.submitted_at)} {zone_name(event)}. You can change your answers "
               "and submit again until the session closes; the latest submission counts.",
               icon=":material/check_circle:")


@st.fragment
def question(q) -> None:
    """One question; a change reruns only this and saves the draft."""
    with st.container(border=True, key=f"question-{q.id}"):
        RENDERERS[q.type](q, labels, read_only)
        if not read_only and value_of(q, st.session_state) != st.session_state[SAVED].get(q.id):
            result = autosave()
            if result is not None and result.late and not closed_meanwhile:  # found closed by this save
                st.warning(CLOSED_MESSAGE, icon=":material/lock_clock:")
            elif result is not None and result.ok and q.id not in result.errors:  # an error below says why not
                st.caption(f":material/cloud_done: Saved at {clock(event, result.at, seconds=True)} {zone_name(event)}")
        if findings := personal_data(q, st.session_state):
            st.warning(f"This text seems to contain {pii.describe_kinds(findings)}. Please remove anything that "
                       "could identify a person or a case: it is not saved until you do.",
                       icon=":material/privacy_tip:")
            st.text("Found: " + " · ".join(f.text for f in findings[:5]))  # plain text, never markdown
            st.checkbox("This is not personal data: keep it as written", key=key(q.id, "pii-ok"),
                        on_change=confirm_not_personal, args=(q,))
        if message := st.session_state.get(ERRORS, {}).get(q.id):
            st.error(message, icon=":material/error:")


if problem := st.session_state.pop(PROBLEM, None):
    with st.container(key="submit-problem"):
        st.error(problem_message(*problem), icon=":material/error:")

for q in questionnaire.questions:
    question(q)

autosave()  # a full rerun (e.g. the confirmation of personal data) saves what changed
note = st.session_state.pop(NOTE, None)
if closed_meanwhile:
    if note and note[1] == CLOSED_MESSAGE:  # Submit found it closed: the banner at the top says so, once
        note, st.session_state[SCROLL] = None, ("closed-banner", uuid.uuid4().hex)
    st.caption(":material/lock_clock: Submitting has closed with the session; your draft is kept.")
if note:
    with st.container(key="submit-note"):
        getattr(st, note[0])(note[1])
if not read_only:
    if st.session_state.get(SAVED_AT):
        st.caption(f"Draft saved at {clock(event, st.session_state[SAVED_AT], seconds=True)} {zone_name(event)}")
    if agenda_session.state == "open":
        st.button("Submit my answers", key="submit", type="primary", on_click=on_submit, width="stretch",
                  icon=":material/send:")
if scroll := st.session_state.pop(SCROLL, None):
    target, nonce = scroll
    _SCROLL(key="scroll", data={"target": target, "nonce": nonce, "center": target == "submit-note"}, height=0)
