"""Facilitator: review free text before it reaches the wall, the projector or an export."""
import streamlit as st

from gapmap.moderation import HIDDEN_NOT_QUOTABLE, ModerationError, moderate
from gapmap.privacy import audience_for
from ui import resources, who
from ui.pickers import pick_agenda_session, pick_event
from ui.results import fresh_results

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Moderate free text")
st.caption("Hide an answer, or redact part of it (the delegate's original is kept for organisers only), and tag "
           "answers with codes; the tags chart like a multiple-choice question. Mark an answer **quotable** to let "
           "the rapporteur's brief quote it (as redacted, never naming a State where the report may not). Only "
           "quotable answers are quoted; a hidden answer cannot be quotable, and hiding one clears it. Every change "
           "is in the audit log.")
event = pick_event(engine)
agenda_session = pick_agenda_session(engine, event, filters=False)
results = fresh_results(agenda_session.id, audience_for(event, role=role))
if results is None:
    st.info("This session no longer exists.")
    st.stop()
texts = [q for q in results.questions if q.type in ("short_text", "long_text")]
if not texts:
    st.info("This session's questionnaire has no free-text questions.")
    st.stop()
question = st.selectbox("Question", [q.id for q in texts], key="moderation-question",
                        format_func=lambda i: next(q.text for q in texts if q.id == i))
result = next(q for q in texts if q.id == question).result
show = st.segmented_control("Show", ["All", "Visible", "Hidden", "Redacted", "Quotable"], default="All",
                            key="moderation-filter")
known_tags = sorted({t for i in result.items for t in i.tags})


def save(answer_id: int) -> None:
    state = st.session_state
    redacted = state[f"redact-{answer_id}"]
    hidden = state[f"hide-{answer_id}"]
    if hidden:
        state[f"quote-{answer_id}"] = False  # hiding clears it (gapmap.moderation does the same)
    try:
        moderate(engine, answer_id, actor=role, hidden=hidden,
                 redacted_text=redacted if redacted != state[f"orig-{answer_id}"] else None,
                 tags=state[f"tags-{answer_id}"], quotable=state[f"quote-{answer_id}"])
    except (LookupError, ModerationError) as exc:
        st.session_state["moderation-error"] = str(exc)


items = [i for i in result.items if show == "All" or (show == "Visible" and not i.hidden)
         or (show == "Hidden" and i.hidden) or (show == "Redacted" and i.redacted)
         or (show == "Quotable" and i.quotable)]
if message := st.session_state.pop("moderation-error", None):
    st.error(message)
st.caption(f"{len(items)} of {len(result.items)} answers")
if not items:
    st.info("No answers here yet.")
for i in items:
    with st.container(border=True, key=f"text-{i.answer_id}"):
        st.text(i.text)  # plain text: never HTML or markdown
        st.session_state.setdefault(f"orig-{i.answer_id}", i.original)
        left, middle, right = st.columns([1, 1, 2])
        left.toggle("Hidden", value=i.hidden, key=f"hide-{i.answer_id}", on_change=save, args=(i.answer_id,))
        middle.toggle("Quotable", value=i.quotable and not i.hidden, key=f"quote-{i.answer_id}", on_change=save,
                      args=(i.answer_id,), disabled=i.hidden,
                      help=HIDDEN_NOT_QUOTABLE if i.hidden else "The rapporteur's brief may quote this answer "
                           "(as shown here), attributed to a delegate, never to a State where the report may not.")
        right.multiselect("Tags", sorted(set(known_tags) | set(i.tags)), default=i.tags, key=f"tags-{i.answer_id}",
                          accept_new_options=True, on_change=save, args=(i.answer_id,), placeholder="Add a code")
        with st.expander("Redact", icon=":material/edit:"):
            st.text_area("Text as shown (the original stays for organisers)", value=i.text,
                         key=f"redact-{i.answer_id}", on_change=save, args=(i.answer_id,), max_chars=10_000)
