"""How an answer of each question type becomes `Answer` rows, and back.

One value per question, in plain Python:

| type            | value                                   | rows                                      |
|-----------------|-----------------------------------------|-------------------------------------------|
| single_choice   | "option_id"                             | option                                    |
| multiple_choice | ["option_id", ...]                      | one row per option                        |
| likert          | 4, or "na"                              | option "4" and number 4 (or option "na")  |
| ranking         | ["first_id", "second_id", ...]          | option + rank 1..n                        |
| matrix          | {"row_id": "scale_option_id", ...}      | item=row id, option                       |
| number          | 12.5                                    | number                                    |
| short_text      | "text"                                  | text                                      |
| long_text       | "text"                                  | text                                      |
| gap_register    | [{"gap_type": "G06", "description": ..., "law": ..., "severity": 4,
|                 |   "need_type": "training", "priority": "high"}, ...]
|                 |                                         | row=1..n, item=field, option/number/text  |
|                 | + "emerging_form": "online", "reform": "under_way", "addressee": "legislature" in a
|                 |   register that asks them (`GapRegister.fields`)
|                 |                                         | item=field, option (as need_type)         |

Every chart is then a GROUP BY over (question_id, item, option).

Gap register rows: description and law are text, severity is option "4" and number 4, every other
field (gap_type, need_type, priority and the optional emerging_form, reform, addressee) is an
option id. A register without the optional fields stores exactly the rows it stored before they existed.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, Iterable

from db.responses import AnswerIn
from questionnaires.schema import GAP_FIELDS, GAP_OPTIONAL_FIELDS, Questionnaire

NA = "na"

Encoder = Callable[[str, Any], list[AnswerIn]]
Decoder = Callable[[list[AnswerIn]], Any]


def _single(qid: str, value: Any) -> list[AnswerIn]:
    return [AnswerIn(qid, option=str(value))]


def _multiple(qid: str, value: Any) -> list[AnswerIn]:
    return [AnswerIn(qid, option=str(o)) for o in value]


def _likert(qid: str, value: Any) -> list[AnswerIn]:
    if value == NA:
        return [AnswerIn(qid, option=NA)]
    return [AnswerIn(qid, option=str(int(value)), number=float(value))]


def _ranking(qid: str, value: Any) -> list[AnswerIn]:
    return [AnswerIn(qid, option=str(o), rank=i) for i, o in enumerate(value, start=1)]


def _matrix(qid: str, value: Any) -> list[AnswerIn]:
    return [AnswerIn(qid, item=str(row), option=str(opt)) for row, opt in value.items()]


def _number(qid: str, value: Any) -> list[AnswerIn]:
    return [AnswerIn(qid, number=float(value))]


def _text(qid: str, value: Any) -> list[AnswerIn]:
    return [AnswerIn(qid, text=str(value))]


#: Every field a gap register row may hold, in the order its rows are written: the register's own
#: `fields` are a part of these (gapmap.validation leaves no other field in a checked value).
_GAP_ROW_FIELDS = GAP_FIELDS + GAP_OPTIONAL_FIELDS


def _gap_register(qid: str, value: Any) -> list[AnswerIn]:
    rows: list[AnswerIn] = []
    for index, gap in enumerate(value, start=1):
        for field in _GAP_ROW_FIELDS:
            cell = gap.get(field)
            if cell in (None, ""):
                continue
            if field in ("description", "law"):
                rows.append(AnswerIn(qid, row=index, item=field, text=str(cell)))
            elif field == "severity":
                rows.append(AnswerIn(qid, row=index, item=field, option=str(int(cell)), number=float(cell)))
            else:
                rows.append(AnswerIn(qid, row=index, item=field, option=str(cell)))
    return rows


ENCODERS: dict[str, Encoder] = {
    "single_choice": _single,
    "multiple_choice": _multiple,
    "likert": _likert,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "short_text": _text,
    "long_text": _text,
    "gap_register": _gap_register,
}


def _decode_gaps(rows: list[AnswerIn]) -> list[dict[str, Any]]:
    gaps: dict[int, dict[str, Any]] = defaultdict(dict)
    for r in rows:
        if r.item in ("description", "law"):
            gaps[r.row][r.item] = r.text
        elif r.item == "severity":
            gaps[r.row][r.item] = int(r.number) if r.number is not None else None
        else:
            gaps[r.row][r.item] = r.option
    return [gaps[i] for i in sorted(gaps)]


DECODERS: dict[str, Decoder] = {
    "single_choice": lambda rows: rows[0].option,
    "multiple_choice": lambda rows: [r.option for r in rows],
    "likert": lambda rows: NA if rows[0].option == NA else int(rows[0].number),
    "ranking": lambda rows: [r.option for r in sorted(rows, key=lambda r: r.rank or 0)],
    "matrix": lambda rows: {r.item: r.option for r in rows},
    "number": lambda rows: rows[0].number,
    "short_text": lambda rows: rows[0].text,
    "long_text": lambda rows: rows[0].text,
    "gap_register": _decode_gaps,
}


def encode(questionnaire: Questionnaire, values: dict[str, Any]) -> list[AnswerIn]:
    """Rows for every answered question in `values` (question id -> value); blanks are skipped."""
    rows: list[AnswerIn] = []
    for question in questionnaire.questions:
        value = values.get(question.id)
        if value is None or value == "" or value == [] or value == {}:
            continue
        rows.extend(ENCODERS[question.type](question.id, value))
    return rows


def decode(questionnaire: Questionnaire, rows: Iterable[Any]) -> dict[str, Any]:
    """The values (question id -> value) that `rows` (Answer or AnswerIn objects) hold."""
    by_question: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_question[row.question_id].append(row)
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        if question.id in by_question:
            values[question.id] = DECODERS[question.type](by_question[question.id])
    return values
