"""Check a delegate's values against the questionnaire before anything is stored.

The browser's widgets already keep values in range; this is the server's own check, for crafted
requests (an option id that is not in the questionnaire, a 100,000-character text) and for
required questions. Each problem is a message for the delegate, keyed by question id; valid
values pass through cleaned (control characters removed from text).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from gapmap.answers import NA
from questionnaires.schema import (
    GAP_OPTIONAL_FIELDS,
    GAP_PRIORITIES,
    GAP_REFORM,
    GAP_SEVERITIES,
    Questionnaire,
)

LAW_MAX_LENGTH = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class Invalid(ValueError):
    """A value that cannot be stored; the message is shown next to the question."""


def clean_text(text: str) -> str:
    """Text without control characters (tabs and line breaks stay), line ends normalised."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _choice(q, value: Any) -> str:
    ids = {o.id for o in q.options}
    if not isinstance(value, str) or value not in ids:
        raise Invalid("That is not one of this question's options.")
    return value


def _multiple(q, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid("Choose from the options listed.")
    options = {o.id: o for o in q.options}
    if any(v not in options for v in value):
        raise Invalid("That is not one of this question's options.")
    chosen = list(dict.fromkeys(value))
    exclusive = [v for v in chosen if options[v].exclusive]
    if exclusive and len(chosen) > 1:
        raise Invalid("“Don't know” and “None” cannot be combined with other answers.")
    if q.max_selected and len(chosen) > q.max_selected:
        raise Invalid(f"Choose at most {q.max_selected}.")
    return chosen


def _likert(q, value: Any) -> int | str:
    if value == NA:
        if not q.allow_na:
            raise Invalid("Choose a point on the scale.")
        return NA
    if isinstance(value, bool) or not isinstance(value, int) or value not in {p.value for p in q.scale}:
        raise Invalid("Choose a point on the scale.")
    return value


def _ranking(q, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid("Rank the options listed.")
    ids = {o.id for o in q.options}
    if any(v not in ids for v in value):
        raise Invalid("That is not one of this question's options.")
    if len(set(value)) != len(value):
        raise Invalid("Each option can take only one place in the ranking.")
    if len(value) > q.top_n:
        raise Invalid(f"Rank at most {q.top_n} options.")
    return value


def _matrix(q, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Invalid("Answer row by row.")
    rows = {r.id for r in q.rows}
    scale = {o.id for o in q.scale}
    if any(r not in rows for r in value) or any(v not in scale for v in value.values()):
        raise Invalid("That is not one of this question's rows or options.")
    return {r.id: value[r.id] for r in q.rows if r.id in value}


def _number(q, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Invalid("Enter a number.")
    if q.min is not None and value < q.min:
        raise Invalid(f"Enter a number of at least {q.min:g}.")
    if q.max is not None and value > q.max:
        raise Invalid(f"Enter a number of at most {q.max:g}.")
    if q.integer and value != int(value):
        raise Invalid("Enter a whole number.")
    return float(value)


def _text(q, value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("Enter text.")
    text = clean_text(value)
    if len(text) > q.max_length:
        raise Invalid(f"Shorten this to {q.max_length:,} characters (it has {len(text):,}).")
    return text


def _gap_register(q, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise Invalid("Enter the gaps row by row.")
    if len(value) > q.max_rows:
        raise Invalid(f"Enter at most {q.max_rows} gaps.")
    gap_types = {o.id for o in q.gap_types}
    needs = {o.id for o in q.need_types}
    optional = _optional_gap_choices(q)
    rows = []
    for n, gap in enumerate(value, start=1):
        if not isinstance(gap.get("gap_type"), str) or gap["gap_type"] not in gap_types:
            raise Invalid(f"Gap {n}: choose the type of gap.")
        row: dict[str, Any] = {"gap_type": gap["gap_type"]}
        for name, limit in (("description", q.description_max_length), ("law", LAW_MAX_LENGTH)):
            text = gap.get(name)
            if text not in (None, ""):
                if not isinstance(text, str):
                    raise Invalid(f"Gap {n}: the {name} must be text.")
                text = clean_text(text)
                if len(text) > limit:
                    raise Invalid(f"Gap {n}: shorten the {name} to {limit:,} characters.")
                if text:
                    row[name] = text
        severity = gap.get("severity")
        if severity is not None:
            if isinstance(severity, bool) or severity not in GAP_SEVERITIES:
                raise Invalid(f"Gap {n}: severity is 1 to 5.")
            row["severity"] = int(severity)
        for name, allowed in (("need_type", needs), ("priority", set(GAP_PRIORITIES)), *optional.items()):
            choice = gap.get(name)
            if choice not in (None, ""):
                if not isinstance(choice, str) or choice not in allowed:
                    raise Invalid(f"Gap {n}: that is not one of the {GAP_FIELD_NAMES[name]} options.")
                row[name] = choice
        if unasked := [name for name in GAP_OPTIONAL_FIELDS
                       if name not in optional and gap.get(name) not in (None, "")]:
            raise Invalid(f"Gap {n}: this register has no {GAP_FIELD_NAMES[unasked[0]]} field.")
        rows.append(row)
    return rows


#: How a gap field is named in a message ("that is not one of the emerging form options").
GAP_FIELD_NAMES = {"need_type": "need type", "priority": "priority", "emerging_form": "emerging form",
                   "reform": "reform", "addressee": "addressee"}


def _optional_gap_choices(q) -> dict[str, set[str]]:
    """The option ids of each optional field the register asks (`GapRegister.fields`)."""
    allowed = {"emerging_form": {o.id for o in q.emerging_forms}, "reform": set(GAP_REFORM),
               "addressee": {o.id for o in q.addressees}}
    return {name: ids for name, ids in allowed.items() if name in q.fields}


CHECKERS: dict[str, Callable[[Any, Any], Any]] = {
    "single_choice": _choice,
    "multiple_choice": _multiple,
    "likert": _likert,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "short_text": _text,
    "long_text": _text,
    "gap_register": _gap_register,
}


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


@dataclass
class Checked:
    values: dict[str, Any] = field(default_factory=dict)  # the valid, cleaned answers
    errors: dict[str, str] = field(default_factory=dict)  # question id -> message

    @property
    def ok(self) -> bool:
        return not self.errors


def check_values(questionnaire: Questionnaire, values: dict[str, Any], *, require: bool = False) -> Checked:
    """Valid values and a message per invalid one; with `require`, unanswered required ones too.

    Values for question ids that are not in the questionnaire are dropped.
    """
    checked = Checked()
    for q in questionnaire.questions:
        value = values.get(q.id)
        if isinstance(value, str) and q.type in ("short_text", "long_text"):
            value = clean_text(value)
        if is_blank(value):
            if require and q.required:
                checked.errors[q.id] = "This question needs an answer."
            continue
        try:
            checked.values[q.id] = CHECKERS[q.type](q, value)
        except Invalid as exc:
            checked.errors[q.id] = str(exc)
    return checked
