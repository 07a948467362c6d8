"""The server checks every value against the questionnaire, whatever the browser sent."""
import pytest

from gapmap.validation import check_values, clean_text
from tests.test_answers import ALL_TYPES, GAP_REGISTERS, REGISTER_VALUES, VALUES


def errors_for(values, require=False):
    return check_values(ALL_TYPES, values, require=require).errors


def test_good_values_pass_unchanged():
    checked = check_values(ALL_TYPES, VALUES, require=True)
    assert checked.ok
    assert checked.values["mat"] == VALUES["mat"] and checked.values["gaps"][1] == {
        "gap_type": "G01", "description": "Second", "severity": 2, "need_type": "training", "priority": "low"}


@pytest.mark.parametrize("question, value, message", [
    ("single", "crafted", "not one of this question's options"),
    ("single", ["a"], "not one of this question's options"),
    ("multi", ["a", "dk"], "cannot be combined"),
    ("multi", ["zzz"], "not one of this question's options"),
    ("lik", 7, "point on the scale"),
    ("lik", True, "point on the scale"),
    ("rank", ["x", "x"], "only one place"),
    ("rank", ["x", "y", "z"], "at most 2"),
    ("mat", {"r9": "yes"}, "rows or options"),
    ("mat", {"r1": "maybe"}, "rows or options"),
    ("num", 101, "at most 100"),
    ("num", float("nan"), "Enter a number"),
    ("num", "12", "Enter a number"),
    ("long", "x" * 100_000, "Shorten this to 2,000 characters"),
    ("gaps", [{"gap_type": "G99"}], "Gap 1: choose the type of gap"),
    ("gaps", [{"gap_type": "G01", "severity": 9}], "severity is 1 to 5"),
    ("gaps", [{"gap_type": "G01", "priority": "urgent"}], "priority options"),
    ("gaps", [{"gap_type": ["G01"]}], "Gap 1: choose the type of gap"),
    ("gaps", [{"gap_type": "G01", "need_type": ["training"]}], "not one of the need type options"),
])
def test_bad_values_get_a_message_for_their_question(question, value, message):
    errors = errors_for({question: value})
    assert list(errors) == [question] and message in errors[question]


def test_unknown_questions_are_dropped():
    checked = check_values(ALL_TYPES, {"nope": "x", "single": "a"})
    assert checked.values == {"single": "a"} and checked.ok


def test_required_questions_only_when_submitting():
    required = ALL_TYPES.model_copy(deep=True)
    required.questions[0].required = True
    assert check_values(required, {}).ok
    assert check_values(required, {"short": "  "}, require=True).errors == {"single": "This question needs an answer."}


def test_text_is_kept_literally_but_without_control_characters():
    hostile = "=HYPERLINK(\"http://x\")\x00\x07<script>alert(1)</script> ![img](http://x/a.png)\r\nline"
    assert clean_text(hostile) == "=HYPERLINK(\"http://x\")<script>alert(1)</script> ![img](http://x/a.png)\nline"
    scripts = "ไทย ខ្មែរ ລາວ සිංහල हिन्दी ދިވެހި"
    assert check_values(ALL_TYPES, {"short": scripts}).values == {"short": scripts}


def test_the_optional_gap_fields_pass_unchanged():
    checked = check_values(GAP_REGISTERS, REGISTER_VALUES, require=True)
    assert checked.ok and checked.values == REGISTER_VALUES


@pytest.mark.parametrize("question, gap, message", [
    ("full", {"emerging_form": "offline"}, "Gap 1: that is not one of the emerging form options."),
    ("full", {"reform": "maybe"}, "Gap 1: that is not one of the reform options."),
    ("full", {"addressee": "king"}, "Gap 1: that is not one of the addressee options."),
    ("full", {"addressee": ["legislature"]}, "Gap 1: that is not one of the addressee options."),
    ("full", {"emerging_form": "G01"}, "Gap 1: that is not one of the emerging form options."),  # another list's id
    ("plain", {"reform": "under_way"}, "Gap 1: this register has no reform field."),
    ("plain", {"emerging_form": "online"}, "Gap 1: this register has no emerging form field."),
    ("plain", {"addressee": "legislature"}, "Gap 1: this register has no addressee field."),
])
def test_an_unknown_optional_gap_field_or_id_is_a_clear_error(question, gap, message):
    errors = check_values(GAP_REGISTERS, {question: [{"gap_type": "G01", **gap}]}).errors
    assert errors == {question: message}
