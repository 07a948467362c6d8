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

A gap register row has a key per field of that register (`GapRegister.fields`): the six of every
register, then emerging_form, reform and addressee where the register asks them.

Plain Python: the page copies `to_state()` into `st.session_state` and reads values back with
`from_state()`; tests use both without Streamlit.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, NamedTuple

from questionnaires.schema import Questionnaire


def key(question_id: str, *parts: object) -> str:
    return "-".join(["q", question_id, *map(str, parts)])


def to_state(questionnaire: Questionnaire, values: Mapping[str, Any]) -> dict[str, Any]:
    """Widget state that shows `values` (question id -> value)."""
    state: dict[str, Any] = {}
    for q in questionnaire.questions:
        state.update(WIDGETS[q.type].to_state(q, values.get(q.id)))
    return state


def value_of(q, state: Mapping[str, Any]) -> Any:
    """One question's value from widget state, or None when it is unanswered."""
    value = WIDGETS[q.type].value_of(q, state)
    return None if value in (None, [], {}) else value


def _plain_state(q, value: Any) -> dict[str, Any]:
    return {key(q.id): value}


def _plain_value(q, state: Mapping[str, Any]) -> Any:
    value = state.get(key(q.id))
    return None if isinstance(value, str) and not value.strip() else value


def _text_state(q, value: Any) -> dict[str, Any]:
    return {key(q.id): value or ""}


def _multiple_state(q, value: Any) -> dict[str, Any]:
    chosen = set(value or [])
    return {key(q.id, o.id): o.id in chosen for o in q.options}


def _multiple_value(q, state: Mapping[str, Any]) -> list[str]:
    return [o.id for o in q.options if state.get(key(q.id, o.id))]


def _ranking_state(q, value: Any) -> dict[str, Any]:
    ranked = list(value or [])
    return {key(q.id, "rank", n): ranked[n - 1] if n <= len(ranked) else None for n in range(1, q.top_n + 1)}


def _ranking_value(q, state: Mapping[str, Any]) -> list[str]:
    return [v for v in (state.get(key(q.id, "rank", n)) for n in range(1, q.top_n + 1)) if v]


def _matrix_state(q, value: Any) -> dict[str, Any]:
    return {key(q.id, row.id): (value or {}).get(row.id) for row in q.rows}


def _matrix_value(q, state: Mapping[str, Any]) -> dict[str, str]:
    return {row.id: state[key(q.id, row.id)] for row in q.rows if state.get(key(q.id, row.id))}


def _gaps_state(q, value: Any) -> dict[str, Any]:
    gaps = list(value or [])
    uids = list(range(1, len(gaps) + 1))
    state: dict[str, Any] = {key(q.id, "rows"): uids}
    for uid, gap in zip(uids, gaps):
        for field in q.fields:
            state[key(q.id, uid, field)] = gap.get(field)
    return state


def _gap_row(q, uid: int, state: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of one gap register row that hold something (an empty text is nothing)."""
    gap = {f: state.get(key(q.id, uid, f)) for f in q.fields}
    return {f: v for f, v in gap.items() if v not in (None, "")}


def gap_row_is_empty(q, uid: int, state: Mapping[str, Any]) -> bool:
    """Whether a gap register row has nothing chosen or written in any of its fields (its removal
    loses nothing, so it needs no confirmation)."""
    return not _gap_row(q, uid, state)


def _gaps_value(q, state: Mapping[str, Any]) -> list[dict[str, Any]]:
    value = []
    for uid in state.get(key(q.id, "rows")) or []:
        if gap := _gap_row(q, uid, state):
            value.append(gap)
    return value


class Widgets(NamedTuple):
    """How one question type's value becomes widget state (`to_state`) and back (`value_of`)."""

    to_state: Callable[[Any, Any], dict[str, Any]]
    value_of: Callable[[Any, Mapping[str, Any]], Any]


#: One entry per question type; the keys each one uses are in the table above.
WIDGETS: dict[str, Widgets] = {
    "single_choice": Widgets(_plain_state, _plain_value),
    "multiple_choice": Widgets(_multiple_state, _multiple_value),
    "likert": Widgets(_plain_state, _plain_value),
    "ranking": Widgets(_ranking_state, _ranking_value),
    "matrix": Widgets(_matrix_state, _matrix_value),
    "number": Widgets(_plain_state, _plain_value),
    "short_text": Widgets(_text_state, _plain_value),
    "long_text": Widgets(_text_state, _plain_value),
    "gap_register": Widgets(_gaps_state, _gaps_value),
}


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
