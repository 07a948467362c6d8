"""Questionnaire files: the shipped ones are valid, and every bad file gets a precise message."""
import subprocess
import sys
import textwrap

import pytest

from questionnaires.loader import QuestionnaireError, builtin_files, content_hash, load_builtin, parse_text, validate
from questionnaires.schema import QUESTION_TYPES, localise


def problems_of(yaml_text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_text(textwrap.dedent(yaml_text), "bad.yaml")
    return [str(p) for p in caught.value.problems]


HEADER = """\
key: bad
title: Bad
theme: gender
questions:
"""


def test_every_shipped_questionnaire_is_valid():
    questionnaires = load_builtin()
    keys = [q.key for q in questionnaires]
    assert keys == ["respondent_profile", "definitions", "gender", "technology", "forced_labour",
                    "prosecution", "data", "gap_register"]


def test_shipped_questionnaires_use_every_question_type():
    used = {q.type for questionnaire in load_builtin() for q in questionnaire.questions}
    assert used == set(QUESTION_TYPES)


def test_the_palermo_checklist_is_a_matrix_of_protocol_elements():
    definitions = next(q for q in load_builtin() if q.key == "definitions")
    acts = definitions.question("pal_acts")
    assert acts.type == "matrix"
    assert [r.id for r in acts.rows][:5] == ["act_recruitment", "act_transportation", "act_transfer",
                                             "act_harbouring", "act_receipt"]
    # "partial" of the 2024 version was split: amending the law and judicial guidance are different remedies
    assert [o.id for o in acts.scale] == ["express", "partly", "case_law_only", "not_covered", "dont_know"]


def test_every_choice_question_offers_dont_know_or_prefer_not_to_say():
    for questionnaire in load_builtin():
        for q in questionnaire.questions:
            if q.type in ("single_choice", "multiple_choice"):
                ids = {o.id for o in q.options}
                assert ids & {"dont_know", "prefer_not"}, f"{questionnaire.key}.{q.id}"


def test_duplicate_question_id_is_named():
    found = problems_of(HEADER + """\
      - {id: q1, type: short_text, text: A}
      - {id: q1, type: short_text, text: B}
    """)
    assert found == ["bad.yaml, question 'q1', field 'id': duplicate question id 'q1'"]


def test_unknown_type_lists_the_known_ones():
    found = problems_of(HEADER + "  - {id: q1, type: slider, text: A}\n")
    assert len(found) == 1
    assert "question 'q1'" in found[0] and "unknown type 'slider'" in found[0] and "likert" in found[0]


def test_ranking_without_options():
    found = problems_of(HEADER + "  - {id: r1, type: ranking, text: Rank}\n")
    assert found == ["bad.yaml, question 'r1', field 'options': is required"]


def test_ranking_asking_for_more_than_it_has():
    found = problems_of(HEADER + """\
      - id: r1
        type: ranking
        text: Rank
        top_n: 3
        options: [{id: a, label: A}, {id: b, label: B}]
    """)
    assert found == ["bad.yaml, question 'r1': top_n is 3 but there are only 2 options"]


def test_likert_without_labels():
    found = problems_of(HEADER + """\
      - id: l1
        type: likert
        text: Agree?
        scale: [{value: 1}, {value: 2}]
    """)
    assert found == [
        "bad.yaml, question 'l1', field 'scale.0.label': is required",
        "bad.yaml, question 'l1', field 'scale.1.label': is required",
    ]


def test_all_problems_are_reported_at_once():
    found = problems_of(HEADER + """\
      - {id: a, type: ranking, text: A, options: []}
      - {id: b, type: likert, text: B}
      - {id: c, type: nope, text: C}
      - {type: short_text, text: D}
    """)
    assert len(found) == 4
    assert any("question 'a'" in p for p in found)
    assert any("question 'b'" in p and "'scale'" in p for p in found)
    assert any("question 'c'" in p for p in found)
    assert any("question '#4'" in p and "field 'id'" in p for p in found)


def test_broken_yaml_names_line_and_column():
    found = problems_of("key: x\ntitle: [unclosed\n")
    assert len(found) == 1
    assert found[0].startswith("bad.yaml: not valid YAML (line ")


def test_a_file_that_is_not_a_mapping():
    assert problems_of("- just\n- a list\n") == [
        "bad.yaml: the file must be a mapping with key, title, theme and questions"
    ]


def test_unknown_field_is_reported_as_a_likely_typo():
    found = problems_of(HEADER + "  - {id: t, type: short_text, text: T, max_lenght: 5}\n")
    assert found == ["bad.yaml, question 't', field 'max_lenght': is not a known field (check the spelling)"]


def test_exclusive_only_on_multiple_choice():
    found = problems_of(HEADER + """\
      - id: s
        type: single_choice
        text: S
        options: [{id: a, label: A, exclusive: true}, {id: b, label: B}]
    """)
    assert found == ["bad.yaml, question 's', field 'options': 'exclusive' only applies to multiple_choice options"]


def test_translations_must_include_the_default_language():
    found = problems_of("""\
    key: t
    title: T
    theme: gender
    languages: [en, th]
    questions:
      - {id: q, type: short_text, text: {th: "คำถาม"}}
    """)
    assert found == ["bad.yaml: questions[q].text: no text in the default language 'en'"]


def test_translated_labels_fall_back_to_the_default_language():
    q = parse_text(textwrap.dedent("""\
    key: t
    title: {en: Title, th: "หัวข้อ"}
    theme: gender
    languages: [en, th]
    questions:
      - id: q
        type: single_choice
        text: {en: Pick, th: "เลือก"}
        options: [{id: a, label: {en: A, th: "ก"}}, {id: b, label: B}]
    """))
    assert localise(q.title, "th") == "หัวข้อ"
    assert localise(q.questions[0].options[0].label, "th") == "ก"
    assert localise(q.questions[0].options[1].label, "th", q.default_language) == "B"


def test_content_hash_ignores_comments_and_formatting():
    a = parse_text(HEADER + "  - {id: q1, type: short_text, text: A}\n")
    b = parse_text("# a comment\n" + HEADER + "  - id: q1\n    type: short_text\n    text: A\n")
    c = parse_text(HEADER + "  - {id: q1, type: short_text, text: B}\n")
    assert content_hash(a) == content_hash(b) != content_hash(c)


def test_check_command_for_organisers(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text(HEADER + "  - {id: q1, type: slider, text: A}\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "questionnaires", "check", str(bad), str(builtin_files()[0])],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "ERROR mine.yaml, question 'q1': unknown type 'slider'" in run.stdout
    assert "ok    " in run.stdout
    good = subprocess.run([sys.executable, "-m", "questionnaires", "check"], capture_output=True, text=True)
    assert good.returncode == 0 and good.stdout.count("ok ") == 8


def test_the_command_line_converts_yaml_to_xlsform_and_back_keeping_the_content(tmp_path, capsys):
    from questionnaires.__main__ import main
    source = builtin_files()[2]
    assert main(["convert", str(source), str(tmp_path / "form.xlsx")]) == 0
    assert main(["convert", str(tmp_path / "form.xlsx"), str(tmp_path / "back.yaml")]) == 0
    assert main(["check", str(source), str(tmp_path / "form.xlsx"), str(tmp_path / "back.yaml")]) == 0
    hashes = {line.rsplit("hash ", 1)[1] for line in capsys.readouterr().out.splitlines() if "hash" in line}
    assert len(hashes) == 1


def test_the_command_line_names_the_sheet_row_and_column_of_a_problem(tmp_path, capsys):
    from openpyxl import Workbook

    from questionnaires.__main__ import main
    wb = Workbook()
    wb.active.title = "survey"
    wb.active.append(["type", "name", "label"])
    wb.active.append(["geopoint", "where", "Where?"])
    wb.save(tmp_path / "bad.xlsx")
    assert main(["check", str(tmp_path / "bad.xlsx")]) == 1
    out = capsys.readouterr().out
    assert out.startswith("ERROR bad.xlsx, sheet 'survey', row 2, column 'type'")


@pytest.mark.parametrize("text, found", [
    ("See ![logo](http://198.51.100.1/pixel.png)", "![logo]("),
    ("Read [the notice](http://example.org) first", "[the notice](http://example.org)"),
    ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
])
def test_images_links_and_html_in_questionnaire_text_are_refused(text, found):
    bad = {"key": "k", "title": "T", "theme": "other",
           "questions": [{"id": "q", "type": "single_choice", "text": "Fine, **bold** is allowed",
                          "options": [{"id": "a", "label": text}, {"id": "b", "label": "Under < 18 years"}]}]}
    with pytest.raises(QuestionnaireError) as caught:
        validate(bad, "bad.yaml")
    assert (f"questions[q].options[a].label: images, links and HTML are not allowed (found '{found[:40]}')"
            in str(caught.value))


def test_a_text_given_only_in_the_default_language_is_the_same_as_a_plain_one():
    plain = {"key": "k", "title": "T", "theme": "other",
             "questions": [{"id": "q", "type": "short_text", "text": "Q", "help": "H"}]}
    mapped = {**plain, "title": {"en": "T"},
              "questions": [{"id": "q", "type": "short_text", "text": {"en": "Q"}, "help": {"en": "H"}}]}
    assert validate(mapped) == validate(plain)
    assert content_hash(validate(mapped)) == content_hash(validate(plain))  # the same version, not a new one
