"""Every question type turns into Answer rows and back without loss."""
from db.responses import AnswerIn
from gapmap.answers import DECODERS, ENCODERS, NA, decode, encode
from questionnaires.loader import load_builtin, validate
from questionnaires.schema import GAP_FIELDS, QUESTION_TYPES

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


#: Two gap registers: "full" asks the three optional fields (an emerging form, whether a reform is under
#: way, who would close the gap), "plain" asks none of them, as every register did before they existed.
GAP_REGISTERS = validate({
    "key": "registers", "title": "Gap registers", "theme": "gaps",
    "questions": [
        {"id": "full", "type": "gap_register", "text": "Gaps, in full",
         "gap_types": [{"id": "G01", "label": "Def"}], "need_types": [{"id": "training", "label": "Training"}],
         "emerging_forms": [{"id": "online", "label": "Online recruitment"},
                            {"id": "scam", "label": "Forced criminality in scam centres"}],
         "ask_reform": True,
         "addressees": [{"id": "legislature", "label": "Legislature"}, {"id": "ministry", "label": "Ministry"}]},
        {"id": "plain", "type": "gap_register", "text": "Gaps",
         "gap_types": [{"id": "G01", "label": "Def"}], "need_types": [{"id": "training", "label": "Training"}]},
    ],
})
FULL_GAPS = [
    {"gap_type": "G01", "description": "No offence of online recruitment", "severity": 4, "need_type": "training",
     "priority": "high", "emerging_form": "online", "reform": "under_way", "addressee": "legislature"},
    {"gap_type": "G01", "reform": "dont_know"},
]
PLAIN_GAPS = [{"gap_type": "G01", "description": "No APOV", "law": "Penal Code", "severity": 4,
               "need_type": "training", "priority": "high"}]
REGISTER_VALUES = {"full": FULL_GAPS, "plain": PLAIN_GAPS}


def test_a_register_has_the_fields_it_asks_for():
    assert GAP_REGISTERS.question("full").fields == GAP_FIELDS + ("emerging_form", "reform", "addressee")
    assert GAP_REGISTERS.question("plain").fields == GAP_FIELDS


def test_the_optional_gap_fields_round_trip_as_options():
    rows = encode(GAP_REGISTERS, REGISTER_VALUES)
    assert decode(GAP_REGISTERS, rows) == REGISTER_VALUES
    full = [r for r in rows if r.question_id == "full"]
    assert [(r.row, r.item, r.option) for r in full if r.item in ("emerging_form", "reform", "addressee")] == [
        (1, "emerging_form", "online"), (1, "reform", "under_way"), (1, "addressee", "legislature"),
        (2, "reform", "dont_know")]
    assert all(r.text is None and r.number is None for r in full if r.item in ("emerging_form", "reform", "addressee"))


def test_a_register_without_the_optional_fields_stores_the_rows_it_always_did():
    assert encode(GAP_REGISTERS, {"plain": PLAIN_GAPS}) == [
        AnswerIn("plain", row=1, item="gap_type", option="G01"),
        AnswerIn("plain", row=1, item="description", text="No APOV"),
        AnswerIn("plain", row=1, item="law", text="Penal Code"),
        AnswerIn("plain", row=1, item="severity", option="4", number=4.0),
        AnswerIn("plain", row=1, item="need_type", option="training"),
        AnswerIn("plain", row=1, item="priority", option="high"),
    ]
