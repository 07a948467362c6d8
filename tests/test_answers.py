"""Every question type turns into Answer rows and back without loss."""
from db.responses import AnswerIn
from gapmap.answers import DECODERS, ENCODERS, NA, decode, encode
from questionnaires.loader import load_builtin, validate
from questionnaires.schema import QUESTION_TYPES

ALL_TYPES = validate({
    "key": "all", "title": "All types", "theme": "other",
    "questions": [
        {"id": "single", "type": "single_choice", "text": "S",
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        {"id": "multi", "type": "multiple_choice", "text": "M",
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"},
                     {"id": "dk", "label": "DK", "exclusive": True}]},
        {"id": "lik", "type": "likert", "text": "L", "allow_na": True,
         "scale": [{"value": 1, "label": "No"}, {"value": 2, "label": "Yes"}]},
        {"id": "rank", "type": "ranking", "text": "R", "top_n": 2,
         "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}, {"id": "z", "label": "Z"}]},
        {"id": "mat", "type": "matrix", "text": "Mx", "rows": [{"id": "r1", "text": "R1"}, {"id": "r2", "text": "R2"}],
         "scale": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]},
        {"id": "num", "type": "number", "text": "N", "min": 0, "max": 100},
        {"id": "short", "type": "short_text", "text": "T"},
        {"id": "long", "type": "long_text", "text": "LT"},
        {"id": "gaps", "type": "gap_register", "text": "G", "gap_types": [{"id": "G01", "label": "Def"}],
         "need_types": [{"id": "training", "label": "Training"}]},
    ],
})

VALUES = {
    "single": "b",
    "multi": ["a", "b"],
    "lik": 2,
    "rank": ["z", "x"],
    "mat": {"r1": "yes", "r2": "no"},
    "num": 42.5,
    "short": "ไทย ខ្មែរ ລາວ සිංහල हिन्दी ދިވެހި",
    "long": "=HYPERLINK(\"http://x\")",
    "gaps": [
        {"gap_type": "G01", "description": "No APOV", "law": "Penal Code", "severity": 4,
         "need_type": "training", "priority": "high"},
        {"gap_type": "G01", "description": "Second", "law": "", "severity": 2, "need_type": "training",
         "priority": "low"},
    ],
}


def test_every_question_type_has_an_encoder_and_a_decoder():
    assert set(ENCODERS) == set(QUESTION_TYPES) == set(DECODERS)


def test_every_type_round_trips():
    rows = encode(ALL_TYPES, VALUES)
    expected = dict(VALUES)
    expected["gaps"] = [VALUES["gaps"][0], {k: v for k, v in VALUES["gaps"][1].items() if k != "law"}]
    assert decode(ALL_TYPES, rows) == expected


def test_rows_are_shaped_for_group_by():
    rows = encode(ALL_TYPES, VALUES)
    assert AnswerIn("multi", option="a") in rows and AnswerIn("multi", option="b") in rows
    assert AnswerIn("lik", option="2", number=2.0) in rows
    assert AnswerIn("rank", option="z", rank=1) in rows
    assert AnswerIn("mat", item="r2", option="no") in rows
    assert AnswerIn("gaps", row=2, item="severity", option="2", number=2.0) in rows


def test_not_applicable_and_blanks():
    rows = encode(ALL_TYPES, {"lik": NA, "short": "", "multi": [], "mat": {}})
    assert rows == [AnswerIn("lik", option="na")]
    assert decode(ALL_TYPES, rows) == {"lik": NA}


def test_shipped_questionnaires_have_a_codec_for_every_question():
    for questionnaire in load_builtin():
        for q in questionnaire.questions:
            assert q.type in ENCODERS
