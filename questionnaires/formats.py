"""A questionnaire file of either kind GapMap reads: YAML or an XLSForm workbook, told by its name."""
from __future__ import annotations

from pathlib import PurePath

from questionnaires.limits import LimitExceeded, check_file_size
from questionnaires.loader import Problem, QuestionnaireError, parse_text, to_yaml
from questionnaires.schema import Questionnaire
from questionnaires.xlsform import read_xlsform, write_xlsform

YAML_SUFFIXES = (".yaml", ".yml")
XLSFORM_SUFFIXES = (".xlsx",)


def read_any(name: str, data: bytes) -> tuple[Questionnaire, list[Problem]]:
    """(questionnaire, notes on what was ignored); raises QuestionnaireError naming every problem."""
    suffix = PurePath(name).suffix.lower()
    try:
        check_file_size(data)
    except LimitExceeded as exc:
        raise QuestionnaireError([Problem(name, None, None, str(exc))]) from None
    if suffix in YAML_SUFFIXES:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise QuestionnaireError([Problem(name, None, None, "is not UTF-8 text; save it as UTF-8")]) from None
        return parse_text(text, name), []
    if suffix in XLSFORM_SUFFIXES:
        return read_xlsform(data, name)
    raise QuestionnaireError([Problem(name, None, None, "is neither a YAML file (.yaml, .yml) nor an XLSForm "
                                                        "workbook (.xlsx); an old .xls must be saved as .xlsx")])


def write_as(questionnaire: Questionnaire, suffix: str) -> bytes:
    """The questionnaire as a file of the kind `suffix` names (.yaml, .yml or .xlsx)."""
    suffix = suffix.lower()
    if suffix in YAML_SUFFIXES:
        return to_yaml(questionnaire).encode("utf-8")
    if suffix in XLSFORM_SUFFIXES:
        return write_xlsform(questionnaire)
    raise ValueError(f"cannot write a questionnaire as {suffix!r}; use .yaml or .xlsx")
