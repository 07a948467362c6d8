"""What a question counts (`counts_by`): States for facts about the law, respondents for views.

The default by type, an explicit override, refusals, YAML and XLSForm round trips, the unchanged
content hashes of the shipped questionnaires, and the organiser's preview caption.
"""
import re
import textwrap
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

from questionnaires.loader import QuestionnaireError, builtin_files, content_hash, load_file, parse_text, to_yaml
from questionnaires.schema import COUNTS_BY_DEFAULT, COUNTS_BY_STATE_TYPES, QUESTION_TYPES
from questionnaires.xlsform import read_xlsform, write_xlsform
from tests.app_support import start_app, stop_app
from tests.test_answer_page import open_page, seat  # noqa: F401 - seat is a fixture
from tests.test_answers import ALL_TYPES
from tests.test_xlsform import places, problems_of, survey, xlsx

#: The content hashes of the shipped questionnaires, computed with the code from before `counts_by`
#: existed (commit 924a1e8). They identify stored versions in running databases: a question without
#: `counts_by` must hash as it did, or every database would get a new version of every questionnaire.
HASHES_BEFORE_COUNTS_BY = {
    "01_profile.yaml": "742db8dcc1df066373a8d610d1ee8bfbd9d015872baa902b8db9c6cf208970c2",
    "02_definitions.yaml": "cb261b271654aaabce073440693bea37cb3610fb44d6fe707442bba78be66e0c",
    "03_gender.yaml": "dcdedcff1aa4330e39bf32950834be5c7630a7ace19f1b47199253f258eaecd0",
    "04_technology.yaml": "c358b3d95c9f90253e71cbdf7aebe11a4b86667764fe0debd7725deae42a82f7",
    "05_labour.yaml": "47507fea70d9cc4f4f34b4f109ae14ddd1fc2c52502b13e5bc991d960039547a",
    "06_prosecution.yaml": "f1e8879748deeb75be352388244b4dade9382bf479d252e727a6a65589de1810",
    "07_data.yaml": "9311c1413a4fa3d2ad894c4b2969ea8d58416db8f59ffa258e932df44c7a25da",
    "08_gaps.yaml": "73c9da0ae9c992ecf75c7d365e70ffa8fa696ef26d78efb3830df8a834c612fb",
}

FACTS = {"single_choice", "multiple_choice", "matrix", "number", "gap_register"}
VIEWS = {"likert", "ranking", "short_text", "long_text"}


def with_counts_by(**counts_by: str):
    """ALL_TYPES with `counts_by` set on the questions named (by id)."""
    data = ALL_TYPES.model_dump(mode="json")
    for question in data["questions"]:
        if question["id"] in counts_by:
            question["counts_by"] = counts_by[question["id"]]
    return type(ALL_TYPES).model_validate(data)


OVERRIDDEN = {"single": "respondent", "mat": "respondent", "gaps": "respondent", "num": "state",
              "lik": "respondent", "long": "respondent"}


def problems(questions: str) -> list:
    text = "key: bad\ntitle: Bad\ntheme: other\nquestions:\n" + textwrap.indent(textwrap.dedent(questions), "  ")
    with pytest.raises(QuestionnaireError) as caught:
        parse_text(text, "bad.yaml")
    return caught.value.problems


# -------------------------------------------------------------------- the schema

def test_facts_about_the_law_count_states_and_views_count_respondents():
    assert set(COUNTS_BY_DEFAULT) == set(QUESTION_TYPES)
    assert {kind for kind, unit in COUNTS_BY_DEFAULT.items() if unit == "state"} == FACTS == COUNTS_BY_STATE_TYPES
    assert {kind for kind, unit in COUNTS_BY_DEFAULT.items() if unit == "respondent"} == VIEWS
    for q in ALL_TYPES.questions:
        assert q.counts_by is None
        assert q.counting_unit == ("state" if q.type in FACTS else "respondent"), q.type


def test_an_explicit_counts_by_overrides_the_default():
    questionnaire = with_counts_by(**OVERRIDDEN)
    units = {q.id: q.counting_unit for q in questionnaire.questions}
    assert units == {"single": "respondent", "multi": "state", "lik": "respondent", "rank": "respondent",
                     "mat": "respondent", "num": "state", "short": "respondent", "long": "respondent",
                     "gaps": "respondent"}


@pytest.mark.parametrize("kind", sorted(QUESTION_TYPES))
def test_every_type_may_count_respondents(kind):
    question = next(q for q in ALL_TYPES.questions if q.type == kind)
    assert with_counts_by(**{question.id: "respondent"}).question(question.id).counting_unit == "respondent"


@pytest.mark.parametrize("kind", ["short_text", "long_text"])
def test_a_text_question_cannot_count_states(kind):
    [problem] = problems(f"- {{id: q1, type: {kind}, text: Comments, counts_by: state}}\n")
    assert (problem.file, problem.question, problem.field) == ("bad.yaml", "q1", "counts_by")
    assert f"a {kind} question gives views" in problem.message and "'respondent'" in problem.message
    assert str(problem).startswith("bad.yaml, question 'q1', field 'counts_by': counts_by 'state' is only for")


def test_likert_and_ranking_cannot_count_states():
    found = problems("""\
        - {id: agree, type: likert, text: Agree, counts_by: state,
           scale: [{value: 1, label: Disagree}, {value: 2, label: Agree}]}
        - {id: needs, type: ranking, text: Rank, counts_by: state,
           options: [{id: a, label: A}, {id: b, label: B}]}
    """)
    assert [(p.question, p.field) for p in found] == [("agree", "counts_by"), ("needs", "counts_by")]
    assert "a likert question gives views" in found[0].message
    assert "a ranking question gives views" in found[1].message


def test_an_unknown_counting_unit_is_named():
    [problem] = problems("- {id: n, type: number, text: How many, counts_by: country}\n")
    assert (problem.question, problem.field) == ("n", "counts_by")
    assert "'state' or 'respondent'" in problem.message


def test_the_readme_gives_the_default_of_every_type():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    documented = {}
    for types, unit in re.findall(r"^\| (`\w+`(?: / `\w+`)?) \|.*\| (States|respondents) \|$", readme, flags=re.M):
        documented |= {kind: unit for kind in re.findall(r"`(\w+)`", types)}
    assert documented == {kind: "States" if unit == "state" else "respondents"
                          for kind, unit in COUNTS_BY_DEFAULT.items()}
    assert "`gapmap_counts_by`" in readme and "What a question counts" in readme


# -------------------------------------------------------------------- hashes and files

#: The questionnaires shipped for the 2024 consultation (before the 2026 review made new versions of
#: all of them): their stored versions must keep their hashes, or an upgraded database would store
#: an unchanged file again as a new version.
SHIPPED_2024 = Path(__file__).parent / "fixtures" / "questionnaires_2024"


@pytest.mark.parametrize("name", HASHES_BEFORE_COUNTS_BY)
def test_the_2024_questionnaires_keep_their_content_hashes(name):
    """Questions that do not say what they count hash as before. The profile's questions about the
    delegate (sector, focus, years) and technology's "most concern" say `counts_by: respondent`,
    on purpose: those two questionnaires became new versions; without that key they hash as before.
    Fields added later (record, obligation, the gap register's extra fields) change no hash either."""
    assert [path.name for path in builtin_files()] == list(HASHES_BEFORE_COUNTS_BY)
    questionnaire = load_file(SHIPPED_2024 / name)
    said = [q.id for q in questionnaire.questions if q.counts_by is not None]
    assert said == {"01_profile.yaml": ["prof_sector", "prof_focus", "prof_years"],
                    "04_technology.yaml": ["tech_03"]}.get(name, [])
    unsaid = questionnaire.model_copy(update={"questions": [q.model_copy(update={"counts_by": None})
                                                            for q in questionnaire.questions]})
    assert content_hash(unsaid) == HASHES_BEFORE_COUNTS_BY[name]


def test_an_unset_counts_by_is_left_out_of_the_dump_and_a_set_one_changes_the_hash():
    assert all("counts_by" not in q for q in ALL_TYPES.model_dump(mode="json")["questions"])
    counted = with_counts_by(single="respondent")
    assert counted.model_dump(mode="json")["questions"][0]["counts_by"] == "respondent"
    assert content_hash(counted) != content_hash(ALL_TYPES)
    assert content_hash(with_counts_by(single="state")) != content_hash(ALL_TYPES)  # said, so a new version


def test_counts_by_survives_a_yaml_round_trip():
    original = with_counts_by(**OVERRIDDEN)
    text = to_yaml(original)
    assert text.count("counts_by:") == len(OVERRIDDEN)
    assert parse_text(text) == original
    assert "counts_by" not in to_yaml(ALL_TYPES)


def test_counts_by_survives_an_xlsform_round_trip():
    original = with_counts_by(**OVERRIDDEN)
    data = write_xlsform(original)
    questionnaire, notes = read_xlsform(data)
    assert questionnaire == original and notes == []
    rows = list(openpyxl.load_workbook(BytesIO(data))["survey"].iter_rows(values_only=True))
    column = rows[0].index("gapmap_counts_by")
    written = {(row[0], row[1]): row[column] for row in rows[1:] if row[column]}
    assert written[("begin group", "mat")] == "respondent"  # a matrix has it on its begin group row
    assert written[("begin repeat", "gaps")] == "respondent"
    assert len(written) == len(OVERRIDDEN)


def test_a_workbook_without_counts_by_has_no_such_column():
    rows = list(openpyxl.load_workbook(BytesIO(write_xlsform(ALL_TYPES)))["survey"].iter_rows(values_only=True))
    assert "gapmap_counts_by" not in rows[0]


def test_the_xlsform_column_is_read_in_any_case():
    questionnaire, notes = read_xlsform(xlsx(survey=survey(
        ["integer", "cases", "How many cases?", "Respondent"], ["text", "why", "Why?", ""],
        header=("type", "name", "label", "gapmap_counts_by"))))
    assert questionnaire.question("cases").counts_by == "respondent"
    assert questionnaire.question("why").counts_by is None
    assert "gapmap_counts_by" not in {n.column for n in notes}  # a column GapMap reads, not an ignored one


def test_a_bad_xlsform_counting_unit_names_its_sheet_row_and_column():
    [problem] = problems_of(xlsx(survey=survey(
        ["integer", "cases", "How many cases?", "state"], ["integer", "laws", "How many laws?", "countries"],
        header=("type", "name", "label", "gapmap_counts_by"))))
    assert places([problem]) == [("survey", 3, "gapmap_counts_by")]
    assert "'countries'" in problem.message and "'state'" in problem.message and problem.question == "laws"


def test_state_on_a_text_question_in_a_workbook_names_its_row_and_column():
    [problem] = problems_of(xlsx(survey=survey(
        ["integer", "cases", "How many cases?", None], ["text", "why", "Why?", "state"],
        header=("type", "name", "label", "gapmap_counts_by"))))
    assert places([problem]) == [("survey", 3, "gapmap_counts_by")]
    assert "a short_text question gives views" in problem.message


# -------------------------------------------------------------------- pages

def counts_captions(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("Counts ")]


def test_the_organisers_preview_says_what_each_question_counts(tmp_path, monkeypatch):
    at, _ = start_app(tmp_path, monkeypatch, "organiser", GAPMAP_SEED_DEMO="0")
    try:
        at.switch_page("pages/organiser/questionnaires.py").run()
        uploaded = with_counts_by(**OVERRIDDEN)
        at.file_uploader(key="library-upload").set_value(("all.yaml", to_yaml(uploaded).encode(),
                                                          "application/x-yaml"))
        at.run()
        at.button(key="library-add").click().run()
        assert not at.exception, at.exception
        expected = ["Counts States" if q.counting_unit == "state" else "Counts respondents"
                    for q in uploaded.questions]
        assert counts_captions(at) == expected
        assert expected[:2] == ["Counts respondents", "Counts States"]  # single overridden, multi by default
    finally:
        stop_app()


def test_the_delegates_answer_page_has_no_counting_caption(seat):  # noqa: F811 - the fixture
    engine, ids, participant = seat
    at = open_page(participant, ids["session"])
    assert not at.exception
    assert at.get_by_key("q-single") is not None and counts_captions(at) == []
