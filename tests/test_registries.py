"""Every registry keyed by question type covers exactly the schema's question types.

A question type added to `questionnaires.schema` without its renderer, encoder, check,
aggregation, chart, workbook tables, XLSForm writer, demo values, widget keys or default
counting unit fails here (and a registry entry for a type the schema no longer has fails too).
"""
from __future__ import annotations

import importlib
import re
from typing import get_args

import pytest

from questionnaires.schema import QUESTION_TYPES, Question


def _schema_union_types() -> set[str]:
    """The `type` literal of every model in the discriminated union `Question`."""
    union = get_args(Question)[0]  # Annotated[Union[...], Field(discriminator="type")]
    return {literal for model in get_args(union) for literal in get_args(model.model_fields["type"].annotation)}


def _registry(module: str, name: str):
    return lambda: getattr(importlib.import_module(module), name)


REGISTRIES = {
    "renderers (ui.questions.RENDERERS)": _registry("ui.questions", "RENDERERS"),
    "encoders (gapmap.answers.ENCODERS)": _registry("gapmap.answers", "ENCODERS"),
    "decoders (gapmap.answers.DECODERS)": _registry("gapmap.answers", "DECODERS"),
    "checks (gapmap.validation.CHECKERS)": _registry("gapmap.validation", "CHECKERS"),
    "widget keys (gapmap.form_state.WIDGETS)": _registry("gapmap.form_state", "WIDGETS"),
    "aggregation (gapmap.aggregation.BUILDERS)": _registry("gapmap.aggregation", "BUILDERS"),
    "charts (gapmap.charts.CHARTS)": _registry("gapmap.charts", "CHARTS"),
    "workbook tables (exports.question_tables.QUESTION_TABLES)": _registry("exports.question_tables",
                                                                           "QUESTION_TABLES"),
    "XLSForm (questionnaires.xlsform.writer.WRITERS)": _registry("questionnaires.xlsform.writer", "WRITERS"),
    "demo values (gapmap.demo_profiles.DEMO_VALUES)": _registry("gapmap.demo_profiles", "DEMO_VALUES"),
    "what a question counts (questionnaires.schema.COUNTS_BY_DEFAULT)": _registry("questionnaires.schema",
                                                                                   "COUNTS_BY_DEFAULT"),
}


def test_the_question_types_are_the_schemas_union():
    assert set(QUESTION_TYPES) == _schema_union_types()
    assert len(QUESTION_TYPES) == 9


@pytest.mark.parametrize("registry", REGISTRIES)
def test_every_registry_covers_exactly_the_question_types(registry):
    assert sorted(REGISTRIES[registry]()) == sorted(QUESTION_TYPES)


def test_the_answer_rows_table_documents_every_type():
    import gapmap.answers

    documented = set(re.findall(r"^\| (\w+)\s+\|", gapmap.answers.__doc__, flags=re.M)) - {"type"}
    assert documented == set(QUESTION_TYPES)
