"""Read questionnaire files into validated `Questionnaire` objects.

Every problem in a file is collected (not only the first) and names the file, the question id
and the field, so an organiser can fix the file in one pass. A file with any problem is rejected
whole: nothing of it is stored.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from questionnaires.limits import LimitExceeded, load_yaml
from questionnaires.schema import QUESTION_TYPES, Questionnaire

BUILTIN_DIR = Path(__file__).parent / "builtin"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a questionnaire file; spreadsheets also name sheet, row and column."""

    file: str
    question: str | None
    field: str | None
    message: str
    sheet: str | None = None
    row: int | None = None  # the spreadsheet's own row number (the header is row 1)
    column: str | None = None  # the column's header, e.g. "label::English (en)"

    def __str__(self) -> str:
        """'form.xlsx, sheet 'survey', row 5, column 'type': ...' or 'bad.yaml, question 'q1': ...'."""
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        if self.question:
            where.append(f"question '{self.question}'")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class QuestionnaireError(ValueError):
    """A questionnaire file that cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def parse_text(text: str, file: str = "<text>") -> Questionnaire:
    """Parse and validate the YAML text of one questionnaire."""
    try:
        data = load_yaml(text)
    except LimitExceeded as exc:
        raise QuestionnaireError([Problem(file, None, None, str(exc))]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise QuestionnaireError([Problem(file, None, None, f"not valid YAML{where}: {problem}")]) from None
    return validate(data, file)


def load_file(path: str | Path) -> Questionnaire:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError([Problem(path.name, None, None, f"cannot be read: {exc}")]) from None
    return parse_text(text, path.name)


def validate(data: object, file: str = "<data>") -> Questionnaire:
    """Validate plain data (from YAML, XLSForm or JSON) into a Questionnaire."""
    if not isinstance(data, dict):
        raise QuestionnaireError(
            [Problem(file, None, None, "the file must be a mapping with key, title, theme and questions")]
        )
    duplicates = _duplicate_question_ids(data, file)
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc, data, file)
        known = {d.message for d in duplicates}
        raise QuestionnaireError(duplicates + [p for p in problems if p.message not in known]) from None
    return questionnaire


def _duplicate_question_ids(data: dict, file: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for raw in data.get("questions") or []:
        qid = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(qid, str) and qid in seen:
            problems.append(Problem(file, qid, "id", f"duplicate question id '{qid}'"))
        elif isinstance(qid, str):
            seen.add(qid)
    return problems


def _problems(exc: ValidationError, data: dict, file: str) -> list[Problem]:
    problems: list[Problem] = []
    questions = data.get("questions") if isinstance(data.get("questions"), list) else []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        question = None
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            raw = questions[loc[1]] if loc[1] < len(questions) else None
            question = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") else f"#{loc[1] + 1}"
            loc = loc[2:]
            if loc and loc[0] in QUESTION_TYPES:  # the discriminated union's tag
                loc = loc[1:]
        field = ".".join(str(part) for part in loc) or None
        problems.append(Problem(file, question, field, _message(err)))
    return problems


def _message(err: dict) -> str:
    kind = err["type"]
    if kind == "union_tag_invalid":
        got = err.get("input", {}).get("type") if isinstance(err.get("input"), dict) else None
        return f"unknown type '{got}'; use one of: {', '.join(QUESTION_TYPES)}"
    if kind == "union_tag_not_found":
        return f"'type' is missing; use one of: {', '.join(QUESTION_TYPES)}"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling)"
    if kind == "too_short":
        ctx = err.get("ctx", {})
        return f"needs at least {ctx.get('min_length', 1)} entries; it has {ctx.get('actual_length', 0)}"
    if kind == "string_pattern_mismatch" and err["loc"] and err["loc"][-1] == "record":
        return f"'{err.get('input')}' is not a record GapMap holds: write treaty:<ID>, e.g. treaty:P29"
    if kind == "string_pattern_mismatch":
        return "must start with a letter and hold only letters, digits and _ (at most 63)"
    message = err["msg"]
    return message.removeprefix("Value error, ")


def content_hash(questionnaire: Questionnaire) -> str:
    """A hash of the validated content: comments and formatting do not make a new version."""
    canonical = json.dumps(questionnaire.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def builtin_files() -> list[Path]:
    return sorted(BUILTIN_DIR.glob("*.yaml"))


def load_builtin() -> list[Questionnaire]:
    """The questionnaires shipped with GapMap, in agenda order."""
    return [load_file(path) for path in builtin_files()]


#: Fields written first in a question, so a YAML file reads as its authors write it.
_LEADING_FIELDS = ("id", "type", "text")


def to_yaml(questionnaire: Questionnaire) -> str:
    """The questionnaire as a YAML file that `parse_text` reads back into an equal questionnaire.

    Default values are left out, so the file stays as short as a hand-written one.
    """
    data = questionnaire.model_dump(mode="json", exclude_defaults=True)
    data["questions"] = [
        {**{k: q[k] for k in _LEADING_FIELDS if k in q}, **{k: v for k, v in q.items() if k not in _LEADING_FIELDS}}
        for q in data["questions"]
    ]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
