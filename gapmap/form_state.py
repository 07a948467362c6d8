"""Widget keys of a questionnaire form, and the mapping between widget state and answer values.

Every input has a stable key derived from ids (never from labels), so tests and browser selectors
(`.st-key-<key>`) keep working when a label is reworded or translated:

| type            | widget keys                                                     |
|-----------------|-----------------------------------------------------------------|
| single_choice   | q-<qid>                                                         |
| multiple_choice | q-<qid>-<option id> (one checkbox per option)                   |
| likert          | q-<qid>                                                         |
| ranking         | q-<qid>-rank-<n> (one select box per place, n = 1..top_n)       |
| matrix          | q-<qid>-<row id>                                                |
| number          | q-<qid>                                                         |
| short/long text | q-<qid>                                                         |
| gap_register    | q-<qid>-rows (list of row uids), q-<qid>-<uid>-<field>          |

Plain Python: the page copies `to_state()` into `st.session_state` and reads values back with
`from_state()`; tests use both without Streamlit.
"""
from __future__ import annotations

from typing import Any, Mapping

from questionnaires.schema import GAP_FIELDS, Questionnaire


def key(question_id: str, *parts: object) -> str:
    return "-".join(["q", question_id, *map(str, parts)])


def to_state(questionnaire: Questionnaire, values: Mapping[str, Any]) -> dict[str, Any]:
    """Widget state that shows `values` (question id -> value)."""
    state: dict[str, Any] = {}
    for q in questionnaire.questions:
        value = values.get(q.id)
        if q.type == "multiple_choice":
            chosen = set(value or [])
            for o in q.options:
                state[key(q.id, o.id)] = o.id in chosen
        elif q.type == "ranking":
            ranked = list(value or [])
            for n in range(1, q.top_n + 1):
                state[key(q.id, "rank", n)] = ranked[n - 1] if n <= len(ranked) else None
        elif q.type == "matrix":
            for row in q.rows:
                state[key(q.id, row.id)] = (value or {}).get(row.id)
        elif q.type == "gap_register":
            gaps = list(value or [])
            uids = list(range(1, len(gaps) + 1))
            state[key(q.id, "rows")] = uids
            for uid, gap in zip(uids, gaps):
                for field in GAP_FIELDS:
                    state[key(q.id, uid, field)] = gap.get(field)
        elif q.type in ("short_text", "long_text"):
            state[key(q.id)] = value or ""
        else:
            state[key(q.id)] = value
    return state


def value_of(q, state: Mapping[str, Any]) -> Any:
    """One question's value from widget state, or None when it is unanswered."""
    if q.type == "multiple_choice":
        value: Any = [o.id for o in q.options if state.get(key(q.id, o.id))]
    elif q.type == "ranking":
        value = [state.get(key(q.id, "rank", n)) for n in range(1, q.top_n + 1)]
        value = [v for v in value if v]
    elif q.type == "matrix":
        value = {row.id: state[key(q.id, row.id)] for row in q.rows if state.get(key(q.id, row.id))}
    elif q.type == "gap_register":
        value = []
        for uid in state.get(key(q.id, "rows")) or []:
            gap = {f: state.get(key(q.id, uid, f)) for f in GAP_FIELDS}
            gap = {f: v for f, v in gap.items() if v not in (None, "")}
            if gap:
                value.append(gap)
    else:
        value = state.get(key(q.id))
        if isinstance(value, str) and not value.strip():
            value = None
    return None if value in (None, [], {}) else value


def from_state(questionnaire: Questionnaire, state: Mapping[str, Any]) -> dict[str, Any]:
    """Answer values from widget state; unanswered questions are left out."""
    values = {q.id: value_of(q, state) for q in questionnaire.questions}
    return {qid: v for qid, v in values.items() if v is not None}


def exclusive_change(questionnaire: Questionnaire, question_id: str, option_id: str,
                     state: Mapping[str, Any]) -> dict[str, bool]:
    """Checkbox updates after `option_id` was ticked: an exclusive option (Don't know, None)
    clears the others, and any other option clears the exclusive ones."""
    q = questionnaire.question(question_id)
    if not state.get(key(question_id, option_id)):
        return {}
    picked = next(o for o in q.options if o.id == option_id)
    if picked.exclusive:
        return {key(question_id, o.id): False for o in q.options if o.id != option_id}
    return {key(question_id, o.id): False for o in q.options if o.exclusive}
