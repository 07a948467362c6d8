"""XLSForm upload and download: round trips, a typical organiser's workbook, and precise problems."""
from io import BytesIO

import openpyxl
import pytest
from pyxform.xls2xform import convert

from questionnaires.loader import QuestionnaireError, load_builtin, validate
from questionnaires.schema import RECORD_STATUSES
from questionnaires.xlsform import read_xlsform, write_xlsform

BUILTIN = {q.key: q for q in load_builtin()}


def xlsx(**sheets: list[list]) -> bytes:
    """A workbook with one sheet per keyword, each given as rows (the first row is the header)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def problems_of(data: bytes, file: str = "form.xlsx") -> list:
    with pytest.raises(QuestionnaireError) as caught:
        read_xlsform(data, file)
    return caught.value.problems


def places(problems) -> list[tuple]:
    return [(p.sheet, p.row, p.column) for p in problems]


def t(en: str, th: str) -> dict:
    return {"en": en, "th": th}


SETTINGS = [["form_id", "form_title", "default_language", "theme"],
            ["laws", "National laws", "English (en)", "gender"]]
YES_NO = [["list_name", "name", "label"], ["yes_no", "yes", "Yes"], ["yes_no", "no", "No"]]


def survey(*rows: list, header=("type", "name", "label")) -> list[list]:
    return [list(header), *map(list, rows)]


def translated_questionnaire():
    return validate({
        "key": "translated", "title": t("Laws", "กฎหมาย"), "theme": "gender",
        "intro": t("Answer about the law.\nNot about cases.", "ตอบเกี่ยวกับกฎหมาย"),
        "languages": ["en", "th"],
        "questions": [
            {"id": "has_law", "type": "single_choice", "text": t("Is there a law?", "มีกฎหมายไหม"),
             "help": t("National law only", "กฎหมายแห่งชาติ"), "required": True,
             "options": [{"id": "yes", "label": t("Yes", "ใช่")}, {"id": "no", "label": t("No", "ไม่")}]},
            {"id": "sectors", "type": "multiple_choice", "text": t("Which sectors?", "ภาคใด"),
             "max_selected": 2,
             "options": [{"id": "fishing", "label": t("Fishing", "ประมง")},
                         {"id": "scam", "label": t("Scam centres", "แก๊งคอลเซ็นเตอร์")},
                         {"id": "dont_know", "label": t("Don't know", "ไม่ทราบ"), "exclusive": True}]},
            {"id": "adequacy", "type": "likert", "text": t("How adequate?", "เพียงพอแค่ไหน"),
             "allow_na": True, "na_label": t("Not applicable", "ไม่เกี่ยวข้อง"),
             "scale": [{"value": 1, "label": t("Not at all", "ไม่เลย")},
                       {"value": 2, "label": t("Partly", "บางส่วน")},
                       {"value": 3, "label": t("Fully", "เต็มที่")}]},
            {"id": "share", "type": "number", "text": t("Share of cases", "สัดส่วนคดี"),
             "min": 0, "max": 100, "step": 2.5, "unit": "%"},
            {"id": "needs", "type": "ranking", "text": t("Rank the needs", "จัดลำดับ"), "top_n": 2,
             "options": [{"id": "training", "label": t("Training", "การฝึกอบรม")},
                         {"id": "law", "label": t("Law reform", "ปฏิรูปกฎหมาย")},
                         {"id": "data", "label": t("Data", "ข้อมูล")}]},
            {"id": "acts", "type": "matrix", "text": t("Which acts are covered?", "การกระทำใด"),
             "help": t("The law as written", "ตามตัวบท"), "required": True,
             "rows": [{"id": "recruitment", "text": t("Recruitment", "การจัดหา"),
                       "note": t("Includes online", "รวมออนไลน์")},
                      {"id": "transport", "text": t("Transport", "การขนส่ง")}],
             "scale": [{"id": "express", "label": t("Expressly", "ชัดแจ้ง")},
                       {"id": "not_covered", "label": t("Not covered", "ไม่ครอบคลุม")}]},
            {"id": "act_name", "type": "short_text", "text": t("Name of the Act", "ชื่อกฎหมาย"),
             "max_length": 120, "pii_check": False},
            {"id": "comments", "type": "long_text", "text": t("Comments", "ความเห็น"), "max_length": 800},
            {"id": "gaps", "type": "gap_register", "text": t("List the gaps", "ระบุช่องว่าง"),
             "max_rows": 5, "description_max_length": 300,
             "gap_types": [{"id": "G01", "label": t("Narrow definition", "นิยามแคบ")}],
             "need_types": [{"id": "training", "label": t("Training", "การฝึกอบรม")}]},
        ],
    })


def records_and_obligations():
    """A treaty status question with its record, a checklist whose rows carry obligations (one without),
    and two gap registers: one asking every optional field, one asking none."""
    return validate({
        "key": "treaties", "title": "Treaties", "theme": "forced_labour",
        "questions": [
            {"id": "p29", "type": "single_choice", "text": "Status under ILO P29", "record": "treaty:P29",
             "options": [{"id": "party", "label": "Party (ratified / acceded)"},
                         {"id": "signatory", "label": "Signed, not ratified"},
                         {"id": "not_party", "label": "Not a party"}, {"id": "dont_know", "label": "Don't know"}]},
            {"id": "protection", "type": "matrix", "text": "Which protections does the law give?",
             "rows": [{"id": "vic_shelter", "text": "Shelter", "obligation": "optional"},
                      {"id": "vic_non_punishment", "text": "Non-punishment", "obligation": "mandatory"},
                      {"id": "vignette", "text": "A case: a recruiter online"}],
             "scale": [{"id": "express", "label": "Covered expressly"}, {"id": "not_covered", "label": "Not covered"}]},
            {"id": "gaps", "type": "gap_register", "text": "Gaps",
             "gap_types": [{"id": "G01", "label": "Definition"}], "need_types": [{"id": "law", "label": "Law reform"}],
             "emerging_forms": [{"id": "online", "label": "Online recruitment"}], "ask_reform": True,
             "addressees": [{"id": "legislature", "label": "Legislature"}, {"id": "judiciary", "label": "Judiciary"}]},
            {"id": "plain_gaps", "type": "gap_register", "text": "More gaps",
             "gap_types": [{"id": "G01", "label": "Definition"}], "need_types": [{"id": "law", "label": "Law reform"}]},
        ],
    })


# -------------------------------------------------------------------- round trips

@pytest.mark.parametrize("key", list(BUILTIN))
def test_every_shipped_questionnaire_survives_a_round_trip(key):
    questionnaire, notes = read_xlsform(write_xlsform(BUILTIN[key]), f"{key}.xlsx")
    assert questionnaire == BUILTIN[key]
    assert notes == []


def test_a_translated_questionnaire_survives_a_round_trip():
    original = translated_questionnaire()
    questionnaire, notes = read_xlsform(write_xlsform(original))
    assert questionnaire == original
    assert questionnaire.languages == ["en", "th"]
    assert notes == []


def test_records_obligations_and_the_optional_gap_fields_survive_a_round_trip():
    original = records_and_obligations()
    written = write_xlsform(original)
    questionnaire, notes = read_xlsform(written)
    assert questionnaire == original and notes == []
    assert questionnaire.question("p29").record == "treaty:P29"
    assert [r.obligation for r in questionnaire.question("protection").rows] == ["optional", "mandatory", None]
    assert questionnaire.question("gaps").fields[-3:] == ("emerging_form", "reform", "addressee")
    assert questionnaire.question("plain_gaps").ask_reform is False
    book = openpyxl.load_workbook(BytesIO(written))
    rows = {row[1]: dict(zip([c.value for c in book["survey"][1]], row))
            for row in book["survey"].iter_rows(min_row=2, values_only=True) if row[1]}
    assert rows["p29"]["gapmap_record"] == "treaty:P29"
    assert (rows["vic_shelter"]["gapmap_obligation"], rows["vignette"]["gapmap_obligation"]) == ("optional", None)
    assert rows["reform"]["type"] == "select_one gapmap_reform"
    assert rows["emerging_form"]["type"] == "select_one gaps_emerging_forms"
    assert rows["addressee"]["type"] == "select_one gaps_addressees"
    reform = [row[1] for row in book["choices"].iter_rows(min_row=2, values_only=True) if row[0] == "gapmap_reform"]
    assert reform == ["under_way", "planned", "none", "dont_know"]


def test_a_workbook_without_records_or_obligations_has_no_column_for_them():
    book = openpyxl.load_workbook(BytesIO(write_xlsform(translated_questionnaire())))
    headers = [cell.value for cell in book["survey"][1]]
    assert "gapmap_record" not in headers and "gapmap_obligation" not in headers
    names = [row[1] for row in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert names[names.index("gaps") + 1:names.index("gaps") + 7] == [
        "gap_type", "description", "law", "severity", "need_type", "priority"]
    assert names[names.index("gaps") + 7] is None  # end repeat: no optional field


@pytest.mark.parametrize("questionnaire", [*BUILTIN.values(), translated_questionnaire(),
                                           records_and_obligations()], ids=lambda q: q.key)
def test_the_written_workbook_is_a_valid_xlsform(questionnaire):
    result = convert(xlsform=BytesIO(write_xlsform(questionnaire)), validate=False)
    assert "<h:html" in result.xform


def test_text_that_looks_like_a_formula_is_written_as_text():
    data = translated_questionnaire().model_dump()
    data["questions"][0]["text"] = t("=1+1 is a label", "+ถาม")
    data["questions"][0]["options"][0]["label"] = t("-yes", "@ใช่")
    original = validate(data)
    written = write_xlsform(original)
    book = openpyxl.load_workbook(BytesIO(written))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert "=1+1 is a label" in [cell.value for cell in cells]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert read_xlsform(written)[0] == original
    convert(xlsform=BytesIO(written), validate=False)


def test_the_written_workbook_is_laid_out_for_people_editing_it_in_excel():
    book = openpyxl.load_workbook(BytesIO(write_xlsform(translated_questionnaire())))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey_sheet = book["survey"]
    headers = [cell.value for cell in survey_sheet[1]]
    assert headers[:6] == ["type", "name", "label::English (en)", "label::Thai (th)",
                           "hint::English (en)", "hint::Thai (th)"]
    assert all(cell.font.bold for cell in survey_sheet[1])
    assert survey_sheet.freeze_panes == "A2"
    assert survey_sheet.column_dimensions["C"].width >= 40
    settings = {c.value: v.value for c, v in zip(book["settings"][1], book["settings"][2])}
    assert settings["form_id"] == "translated" and settings["theme"] == "gender"
    assert settings["default_language"] == "English (en)"
    assert settings["gapmap_title::Thai (th)"] == "กฎหมาย"


def test_identical_option_lists_are_written_once_and_shared():
    pal_acts = BUILTIN["definitions"].question("pal_acts")  # its scale is shared by the other checklists
    book = openpyxl.load_workbook(BytesIO(write_xlsform(BUILTIN["definitions"])))
    survey_rows = list(book["survey"].iter_rows(min_row=2, values_only=True))
    kind = next(row[0] for row in survey_rows if row[1] == pal_acts.rows[0].id)  # named after its first user
    assert [row[0] for row in survey_rows].count(kind) > len(pal_acts.rows)
    lists = [row[0] for row in book["choices"].iter_rows(min_row=2, values_only=True)]
    assert lists.count(kind.split()[1]) == len(pal_acts.scale)


# -------------------------------------------------------------------- an organiser's own workbook

ORGANISER_HEADER = ("type", "name", "label::English (en)", "label::Thai (th)", "hint::English (en)",
                    "required", "appearance", "constraint", "relevant")
ORGANISER_FORM = {
    "survey": survey(
        ["start", "start"],
        ["select_one yes_no", "has_law", "Is there a trafficking law?", "มีกฎหมายไหม",
         "National law only", "yes"],
        ["select_multiple sectors", "sectors", "Which sectors?", "ภาคใด", None, None, None, None,
         "${has_law} = 'yes'"],
        ["integer", "cases", "How many cases last year?", "กี่คดี", None, "no", None, ". >= 0"],
        ["text", "comments", "Comments", "ความเห็น", None, None, "multiline"],
        ["begin group", "coverage", "Which acts are covered?", "การกระทำใด", "As written", None,
         "table-list"],
        ["select_one cover", "recruitment", "Recruitment", "การจัดหา", "Includes online", "yes"],
        ["select_one cover", "transport", "Transport", "การขนส่ง"],
        ["end group"],
        header=ORGANISER_HEADER),
    "choices": [["list_name", "name", "label::English (en)", "label::Thai (th)"],
                ["yes_no", "yes", "Yes", "ใช่"], ["yes_no", "no", "No", "ไม่"],
                ["sectors", "fishing", "Fishing", "ประมง"], ["sectors", "scam", "Scam centres", "สแกม"],
                ["cover", "yes", "Covered", "ครอบคลุม"], ["cover", "no", "Not covered", "ไม่ครอบคลุม"]],
    "settings": SETTINGS,
}


def test_a_typical_organiser_workbook_reads_correctly():
    questionnaire, _ = read_xlsform(xlsx(**ORGANISER_FORM))
    assert questionnaire.key == "laws" and questionnaire.title == "National laws"
    assert questionnaire.languages == ["en", "th"]
    assert [q.type for q in questionnaire.questions] == [
        "single_choice", "multiple_choice", "number", "long_text", "matrix"]
    has_law = questionnaire.question("has_law")
    assert has_law.required and has_law.help == "National law only"
    assert has_law.text == t("Is there a trafficking law?", "มีกฎหมายไหม")
    assert has_law.options[0].label == t("Yes", "ใช่")
    cases = questionnaire.question("cases")
    assert (cases.integer, cases.min, cases.max, cases.required) == (True, 0, None, False)
    coverage = questionnaire.question("coverage")
    assert coverage.required and coverage.help == "As written"
    assert [(r.id, r.note) for r in coverage.rows] == [("recruitment", "Includes online"),
                                                       ("transport", None)]
    assert [o.id for o in coverage.scale] == ["yes", "no"]


def test_what_gapmap_cannot_honour_is_reported_as_notes():
    _, notes = read_xlsform(xlsx(**ORGANISER_FORM))
    assert [(n.sheet, n.row, n.column) for n in notes] == [
        ("survey", 2, "type"),  # start: metadata
        ("survey", 4, "relevant"),
    ]
    assert "relevant" in notes[1].message and "ignored" in notes[1].message


def test_plain_label_columns_and_bare_codes_are_accepted():
    plain, notes = read_xlsform(xlsx(survey=survey(["text", "q1", "Your role?"])), "My Form 2024.xlsx")
    assert (plain.key, plain.title, plain.theme) == ("My_Form_2024", "My_Form_2024", "other")
    assert plain.languages == ["en"]
    assert plain.question("q1").text == "Your role?"
    assert {n.column for n in notes} == {"form_id", "theme", "default_language"}
    coded, _ = read_xlsform(xlsx(survey=survey(["text", "q1", "Role?", "บทบาท"],
                                               header=("type", "name", "label::en", "label::th"))))
    assert coded.languages == ["en", "th"] and coded.question("q1").text == t("Role?", "บทบาท")


def test_a_translated_form_title_is_read_although_pyxform_cannot_read_it():
    settings = [["form_id", "form_title", "form_title::Thai (th)", "default_language"],
                ["laws", "Laws", "กฎหมาย", "English (en)"]]
    questionnaire, _ = read_xlsform(xlsx(survey=survey(["text", "q1", "Role?"]), settings=settings))
    assert questionnaire.title == t("Laws", "กฎหมาย") and questionnaire.languages == ["en", "th"]


def test_the_default_language_comes_first_whatever_the_column_order():
    settings = [["form_id", "default_language", "theme"], ["laws", "Thai (th)", "gender"]]
    questionnaire, _ = read_xlsform(xlsx(
        survey=survey(["text", "q1", "Role?", "บทบาท"], header=("type", "name", "label::English (en)",
                                                              "label::Thai (th)")),
        settings=settings))
    assert questionnaire.languages == ["th", "en"]


def test_likert_with_not_applicable_and_a_gap_register_read_from_an_organiser_workbook():
    questionnaire, _ = read_xlsform(xlsx(
        survey=survey(
            ["select_one agree", "agree", "Agree?", "likert"],
            ["begin repeat", "gaps", "List the gaps", None, "8"],
            ["select_one gap_types", "gap_type", "Type"], ["text", "description", "Describe"],
            ["text", "law", "Law"], ["select_one severity", "severity", "Severity"],
            ["select_one needs", "need_type", "Need"], ["select_one priority", "priority", "Priority"],
            ["end repeat"],
            header=("type", "name", "label", "appearance", "repeat_count")),
        choices=[["list_name", "name", "label"], ["agree", 1, "No"], ["agree", 2, "Somewhat"],
                 ["agree", 3, "Yes"], ["agree", "na", "Don't know"], ["gap_types", "G01", "Definition"],
                 ["needs", "training", "Training"], ["severity", 1, "Low"], ["severity", 5, "High"],
                 ["priority", "high", "High"]],
        settings=SETTINGS))
    agree, gaps = questionnaire.questions
    assert agree.type == "likert" and [p.value for p in agree.scale] == [1, 2, 3]
    assert (agree.allow_na, agree.na_label) == (True, "Don't know")
    assert gaps.type == "gap_register" and gaps.max_rows == 8
    assert [o.id for o in gaps.gap_types] == ["G01"] and [o.id for o in gaps.need_types] == ["training"]


def test_an_organisers_gap_register_with_the_optional_fields():
    questionnaire, notes = read_xlsform(xlsx(
        survey=survey(
            ["begin repeat", "gaps", "List the gaps"],
            ["select_one forms", "emerging_form", "Which emerging form?"],
            ["select_one gap_types", "gap_type", "Type"], ["text", "description", "Describe"],
            ["text", "law", "Law"], ["select_one severity", "severity", "Severity"],
            ["select_one needs", "need_type", "Need"], ["select_one priority", "priority", "Priority"],
            ["select_one who", "addressee", "Who should act?"],
            ["end repeat"]),
        choices=[["list_name", "name", "label"], ["gap_types", "G01", "Definition"], ["needs", "law", "Law reform"],
                 ["severity", 1, "Low"], ["priority", "high", "High"], ["forms", "online", "Online recruitment"],
                 ["forms", "scam", "Scam centres"], ["who", "legislature", "Legislature"]],
        settings=SETTINGS))
    [gaps] = questionnaire.questions
    assert [o.id for o in gaps.emerging_forms] == ["online", "scam"] and [o.id for o in gaps.addressees] == [
        "legislature"]
    assert gaps.ask_reform is False and gaps.fields[-2:] == ("emerging_form", "addressee")
    assert notes == []


def test_a_note_before_the_first_question_is_the_intro():
    questionnaire, _ = read_xlsform(xlsx(survey=survey(["note", "welcome", "Answer about the law."],
                                                       ["text", "q1", "Role?"])))
    assert questionnaire.intro == "Answer about the law."


def test_a_constraint_gapmap_does_not_understand_is_a_note():
    _, notes = read_xlsform(xlsx(survey=survey(["integer", "n", "How many?", "regex(., '^[0-9]+$')"],
                                               header=("type", "name", "label", "constraint"))))
    assert [(n.row, n.column) for n in notes if n.column == "constraint"] == [(2, "constraint")]


# -------------------------------------------------------------------- bad workbooks

def test_a_file_that_is_not_a_workbook():
    [problem] = problems_of(b"name,label\nq1,Role\n", "form.csv")
    assert problem.file == "form.csv" and "cannot be read as an Excel workbook" in problem.message


def test_a_misspelt_survey_sheet_is_suggested():
    [problem] = problems_of(xlsx(Survy=survey(["text", "q1", "Role?"])))
    assert problem.sheet == "survey" and "'Survy'" in problem.message


def test_a_choice_list_missing_from_the_choices_sheet():
    [problem] = problems_of(xlsx(survey=survey(["select_one yesno", "q1", "Law?"]), choices=YES_NO))
    assert places([problem]) == [("survey", 2, "type")]
    assert "'yesno'" in problem.message and "did you mean 'yes_no'" in problem.message


def test_a_select_without_a_choices_sheet():
    [problem] = problems_of(xlsx(survey=survey(["text", "q0", "Role?"], ["select_one yes_no", "q1", "Law?"])))
    assert places([problem]) == [("survey", 3, "type")] and "no 'choices' sheet" in problem.message


@pytest.mark.parametrize("kind", ["geopoint", "image", "date", "calculate", "slider"])
def test_an_unsupported_type_names_the_types_gapmap_supports(kind):
    [problem] = problems_of(xlsx(survey=survey(["text", "q0", "Role?"], [kind, "q1", "Where?"])))
    assert places([problem]) == [("survey", 3, "type")]
    assert f"'{kind}' is not supported" in problem.message and "select_multiple" in problem.message


def test_duplicate_question_names():
    [problem] = problems_of(xlsx(survey=survey(["text", "q1", "A"], ["text", "q1", "B"])))
    assert places([problem]) == [("survey", 3, "name")] and "also on row 2" in problem.message


def test_duplicate_choice_names_within_a_list():
    [problem] = problems_of(xlsx(survey=survey(["select_one yes_no", "q1", "Law?"]),
                                 choices=YES_NO + [["yes_no", "yes", "Yes again"]]))
    assert places([problem]) == [("choices", 4, "name")] and "duplicate choice name 'yes'" in problem.message


def test_a_formula_in_a_cell():
    [problem] = problems_of(xlsx(survey=survey(["text", "q1", '=CONCAT("Ro", "le")'])))
    assert places([problem]) == [("survey", 2, "label")]
    assert "type the text itself, not a formula" in problem.message


def test_an_empty_label():
    [problem] = problems_of(xlsx(survey=survey(["text", "q1", "Role?"], ["text", "q2", None, "A hint"],
                                               header=("type", "name", "label", "hint"))))
    assert places([problem]) == [("survey", 3, "label")] and "empty" in problem.message


def test_a_matrix_group_holding_something_else_than_select_one():
    [problem] = problems_of(xlsx(
        survey=survey(["begin group", "m", "Coverage", "table-list"], ["select_one yes_no", "a", "A"],
                      ["text", "why", "Why?"], ["end group"], header=("type", "name", "label", "appearance")),
        choices=YES_NO))
    assert places([problem]) == [("survey", 4, "type")] and "only select_one" in problem.message


def test_a_repeat_that_is_not_a_gap_register():
    [problem] = problems_of(xlsx(survey=survey(["begin repeat", "people", "People"], ["text", "who", "Who?"],
                                               ["end repeat"])))
    assert places([problem]) == [("survey", 2, "type")] and "gap_type (select_one)" in problem.message


def test_a_gap_register_row_gapmap_does_not_know_names_the_optional_ones():
    [problem] = problems_of(xlsx(
        survey=survey(["begin repeat", "gaps", "Gaps"], ["select_one t", "gap_type", "Type"],
                      ["text", "description", "D"], ["text", "law", "L"], ["select_one s", "severity", "S"],
                      ["select_one n", "need_type", "N"], ["select_one p", "priority", "P"],
                      ["text", "reform", "Reform?"], ["end repeat"]),
        choices=[["list_name", "name", "label"], ["t", "G01", "T"], ["s", 1, "1"], ["n", "x", "X"],
                 ["p", "high", "H"]]))
    assert places([problem]) == [("survey", 2, "type")]  # reform must be a select_one
    assert "optionally emerging_form (select_one), reform (select_one), addressee (select_one)" in problem.message


def test_a_record_that_is_not_one_gapmap_keeps():
    [problem] = problems_of(xlsx(survey=survey(["select_one yes_no", "q1", "Ratified P29?", "P29"],
                                               header=("type", "name", "label", "gapmap_record")), choices=YES_NO))
    assert places([problem]) == [("survey", 2, "gapmap_record")] and problem.question == "q1"
    assert "'P29' is not a record" in problem.message and "treaty:P29" in problem.message


def test_a_record_on_a_question_that_is_not_a_single_choice():
    [problem] = problems_of(xlsx(survey=survey(["text", "q0", "Role?", None],
                                               ["integer", "q1", "How many?", "treaty:P29"],
                                               header=("type", "name", "label", "gapmap_record"))))
    assert places([problem]) == [("survey", 3, "gapmap_record")] and "for single_choice questions" in problem.message


def test_a_record_question_without_the_statuses_of_the_records():
    [problem] = problems_of(xlsx(survey=survey(["select_one yes_no", "q1", "Ratified P29?", "treaty:P29"],
                                               header=("type", "name", "label", "gapmap_record")), choices=YES_NO))
    assert (problem.sheet, problem.row) == ("survey", 2) and "treaty:P29" in problem.message
    assert f"ids {', '.join(RECORD_STATUSES)}" in problem.message


def test_an_obligation_that_is_neither_mandatory_nor_optional():
    [problem] = problems_of(xlsx(
        survey=survey(["begin group", "m", "Coverage", "table-list", None],
                      ["select_one yes_no", "a", "A", None, "Mandatory"],
                      ["select_one yes_no", "b", "B", None, "shall"],
                      ["end group"], header=("type", "name", "label", "appearance", "gapmap_obligation")),
        choices=YES_NO))
    assert places([problem]) == [("survey", 4, "gapmap_obligation")] and problem.question == "m"
    assert "'shall' is not an obligation" in problem.message and "'mandatory'" in problem.message


def test_an_obligation_or_a_record_where_gapmap_does_not_read_it_is_a_note():
    questionnaire, notes = read_xlsform(xlsx(
        survey=survey(["select_one yes_no", "q1", "Law?", None, "mandatory"],
                      ["begin group", "m", "Coverage", "table-list", None, None],
                      ["select_one yes_no", "a", "A", None, None, "treaty:P29"], ["end group"],
                      header=("type", "name", "label", "appearance", "gapmap_obligation", "gapmap_record")),
        choices=YES_NO, settings=SETTINGS))
    assert [(n.row, n.column) for n in notes] == [(2, "gapmap_obligation"), (4, "gapmap_record")]
    assert questionnaire.question("m").rows[0].obligation is None


def test_a_theme_gapmap_does_not_know():
    [problem] = problems_of(xlsx(survey=survey(["text", "q1", "Role?"]),
                                 settings=[["form_id", "theme"], ["laws", "finance"]]))
    assert places([problem]) == [("settings", 2, "theme")] and "forced_labour" in problem.message


def test_names_that_are_not_ids():
    problems = problems_of(xlsx(survey=survey(["select_one yes_no", "has-law", "Law?"]),
                                choices=YES_NO + [["yes_no", "dont-know", "Don't know"]]))
    assert places(problems) == [("survey", 2, "name"), ("choices", 4, "name")]
    assert all("letters, digits and _" in p.message for p in problems)


def test_a_language_without_a_code():
    header = ("type", "name", "label::English (en)", "label::Thai")
    [problem] = problems_of(xlsx(survey=survey(["text", "q1", "Role?", "บทบาท"], header=header)))
    assert places([problem]) == [("survey", 1, "label::Thai")] and "'label::Thai (xx)'" in problem.message


def test_a_problem_found_by_pyxform_names_its_row_and_column():
    [problem] = problems_of(xlsx(survey=survey(["text", "q1", "Role?", None],
                                               ["text", "q2", "Why?", "${nope} = 1"],
                                               header=("type", "name", "label", "relevant"))))
    assert places([problem]) == [("survey", 3, "relevant")] and "nope" in problem.message


def test_a_validation_problem_names_the_row_of_its_question():
    problems = problems_of(xlsx(
        survey=survey(["text", "q1", "Role?"], ["rank yes_no", "r", "Rank", "5", None],
                      ["integer", "n", "How many?", None, ". >= 10 and . <= 1"],
                      header=("type", "name", "label", "gapmap_top_n", "constraint")),
        choices=YES_NO))
    assert places(problems) == [("survey", 3, "gapmap_top_n"), ("survey", 4, "constraint")]
    assert (problems[0].question, problems[0].field) == ("r", "top_n")
    assert "only 2 options" in problems[0].message and "greater than max" in problems[1].message


def test_every_problem_is_reported_at_once():
    problems = problems_of(xlsx(
        survey=survey(["select_one yesno", "q1", "Law?"], ["text", "q1", "=A1"],
                      ["geopoint", "where", "Where?"]),
        choices=YES_NO, settings=[["form_id", "theme"], ["laws", "finance"]]))
    assert places(problems) == [("survey", 2, "type"), ("survey", 3, "label"), ("survey", 3, "name"),
                                ("survey", 4, "type"), ("settings", 2, "theme")]
    assert all(str(p).startswith("form.xlsx, sheet '") for p in problems)
