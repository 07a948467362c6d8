"""The Excel report and CSV files: the right sheets and figures, native charts, no formulas, privacy."""
import csv
import io
import re

import pytest
from openpyxl import load_workbook

from db import audit
from db.engine import read_session, write_session
from exports.cells import CUT_MARKER, EXCEL_CELL_LIMIT, clean
from exports.csv_files import table_csv
from exports.report import ReportError, build_report
from exports.runs import excel_report
from exports.xlsx import write_xlsx
from gapmap import responding
from gapmap.aggregation import session_results
from gapmap.moderation import moderate
from tests.factories import make_event
from tests.test_aggregation import ANSWERS, SPEC
from tests.test_answers import GAP_REGISTERS, REGISTER_VALUES

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\tTabbed", "\rReturn", "ไทย ខ្មែរ ລາວ සිංහල हिन्दी ދިވެހި", "bell\x07 and nul\x00 removed", "x" * 1_500]


@pytest.fixture
def event(engine):
    ids = make_event(engine, code="RPT2024", questionnaire=SPEC, countries=("THA", "KHM", "LAO"))
    for n, (country, values) in enumerate(ANSWERS):
        p = responding.join(engine, event_id=ids["event"], country=country, sector="prosecution")
        copy = responding.open_session(engine, p, ids["session"])
        assert responding.submit(engine, p, copy, values, token=f"t{n}").ok
    for n, text in enumerate(HOSTILE):
        p = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
        copy = responding.open_session(engine, p, ids["session"])
        gaps = [{"gap_type": "G01", "description": text[:1000], "law": text[:300], "severity": 3}]
        assert responding.submit(engine, p, copy, {"c1": "a", "t1": text, "g1": gaps}, token=f"h{n}").ok
    return engine, ids


def workbook(engine, **kwargs):
    buffer = io.BytesIO()
    write_xlsx(build_report(engine, "RPT2024", **kwargs), buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def values(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_workbook_has_every_sheet(event):
    wb = workbook(event[0])
    assert wb.sheetnames == ["Cover", "Findings", "Summary", "Findings by answer", "State positions",
                             "Gaps by State", "1.1 Session one", "Matrix", "Gap register", "Free text", "Raw answers",
                             "Data dictionary"]


def test_the_figures_are_the_dashboards(event):
    engine, ids = event
    dashboard = session_results(engine, ids["session"])
    sheet = values(workbook(engine)["1.1 Session one"])
    c1 = sheet.index(["Option", "Respondents", "Share"] + [None] * (len(sheet[1]) - 3))
    table = [row[:3] for row in sheet[c1 + 1: c1 + 4]]
    assert table == [[o.label, o.count, pytest.approx(o.share)] for o in dashboard.question("c1").result.options]
    # a: the 3 fixture answers plus the 9 hostile ones = 12 of 15 respondents
    assert table[0] == ["A", 12, pytest.approx(12 / 15)]
    borda = next(i for i, row in enumerate(sheet) if row[:2] == ["Option", "Borda score"])
    assert [row[:3] for row in sheet[borda + 1: borda + 4]] == [["X", 6, 2], ["Y", 3, 1], ["Z", 2, 1]]


def test_native_charts_sit_beside_the_tables(event):
    ws = workbook(event[0])["1.1 Session one"]
    assert len(ws._charts) >= 4  # choice, likert, ranking, matrix, gaps


def test_no_text_a_delegate_typed_becomes_a_formula(event):
    wb = workbook(event[0])
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    from gapmap.validation import clean_text

    for text in HOSTILE[:7]:  # as stored: GapMap trims edges and drops control characters on input
        assert clean_text(text) in texts, text
    assert "bell and nul removed" in texts
    hyperlink = next(c for c in cells if c.value == HOSTILE[0])
    assert hyperlink.data_type == "s" and hyperlink.quotePrefix


def test_overlong_text_is_cut_with_a_marker():
    assert len(clean("y" * 100_000)) == EXCEL_CELL_LIMIT and clean("y" * 100_000).endswith(CUT_MARKER)
    assert clean("a\x00b\x1fc\td\ne") == "abc\td\ne"


def test_the_cover_says_what_the_file_covers(event):
    cover = dict((row[0], row[1]) for row in values(workbook(event[0])["Cover"])[2:])
    assert cover["Mode"] == "Full (organisers only)" and cover["Join code"] == "RPT2024"
    assert "tiny" not in cover["Questionnaire versions"] and "agg v1" in cover["Questionnaire versions"]


def test_the_anonymised_workbook_names_no_country_and_holds_no_token(event):
    engine, ids = event
    wb = workbook(engine, anonymise=True)
    everything = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                          if c.value is not None)
    for sheet in ("Gap register", "Free text", "Raw answers", "Matrix"):
        text = " ".join(str(c.value) for row in wb[sheet].iter_rows() for c in row if c.value is not None)
        assert "Thailand" not in text and "Cambodia" not in text, sheet
    raw = values(wb["Raw answers"])
    assert {row[0] for row in raw[1:]} <= {f"R{n:05d}" for n in range(1, 100)}
    with read_session(engine) as s:
        from sqlmodel import select

        from db.models import Participant

        tokens = [p.token for p in s.exec(select(Participant))]
    full = " ".join(str(c.value) for ws in workbook(engine).worksheets for row in ws.iter_rows() for c in row)
    assert not any(t in everything or t in full for t in tokens)


def test_anonymised_free_text_leaves_out_countries_under_k(event):
    engine, ids = event
    full = values(workbook(engine)["Free text"])
    anonymised = values(workbook(engine, anonymise=True)["Free text"])
    assert len(anonymised) == len(full)  # all free text here comes from Thailand (12 respondents >= k)
    with write_session(engine) as s:  # attributable policy: country shown, small groups left out
        from sqlmodel import select

        from db.models import Event

        s.exec(select(Event).where(Event.code == "RPT2024")).one().attribution_policy = "attributable"
    p = responding.join(engine, event_id=ids["event"], country="LAO", sector="other")
    copy = responding.open_session(engine, p, ids["session"])
    responding.submit(engine, p, copy, {"t1": "A comment from a small delegation"}, token="lao")
    attributed = values(workbook(engine, anonymise=True)["Free text"])
    assert not any("small delegation" in str(v) for row in attributed for v in row)
    assert any("small delegation" in str(v) for row in values(workbook(engine)["Free text"]) for v in row)


def hide_one_redact_one(engine, ids) -> None:
    """A facilitator hides HOSTILE[6] and redacts HOSTILE[4] to "[redacted]"."""
    from gapmap.validation import clean_text

    items = session_results(engine, ids["session"]).question("t1").result.items
    hide = next(i for i in items if i.text == clean_text(HOSTILE[6]))
    redact = next(i for i in items if i.text == clean_text(HOSTILE[4]))
    moderate(engine, hide.answer_id, actor="facilitator", hidden=True)
    moderate(engine, redact.answer_id, actor="facilitator", redacted_text="[redacted]")


def test_hidden_text_is_left_out_and_redacted_text_is_redacted(event):
    engine, ids = event
    from gapmap.validation import clean_text

    hide_one_redact_one(engine, ids)
    rows = values(workbook(engine)["Free text"])
    answers = [row[3] for row in rows[1:]]
    assert HOSTILE[6] not in answers and "[redacted]" in answers and clean_text(HOSTILE[4]) not in answers


def test_csv_has_a_bom_and_neutralises_formulas(event):
    data = table_csv(build_report(event[0], "RPT2024"), "Raw answers")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    texts = [row[11] for row in rows[1:]]
    assert "'" + HOSTILE[0] in texts and HOSTILE[6] in texts


def test_every_export_is_audited_and_a_bad_code_is_refused(event):
    engine, ids = event
    made = excel_report(engine, "RPT2024", actor="organiser", anonymise=True)
    assert made.filename == "gapmap-RPT2024-anonymised.xlsx" and made.data[:2] == b"PK"
    with read_session(engine) as s:
        entry = audit.entries(db=s, actions=["export"])[0]
    assert entry.actor == "organiser" and entry.detail["kind"] == "xlsx" and entry.detail["anonymised"] is True
    with pytest.raises(ReportError, match="NOPE"):
        build_report(engine, "NOPE")
    with pytest.raises(ReportError, match="not part of event"):
        build_report(engine, "RPT2024", session_ids=[999_999])


def test_the_gap_register_csv_download(event):
    from exports.runs import csv_table

    engine, _ = event
    made = csv_table(engine, "RPT2024", "gaps", actor="organiser")
    rows = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    assert made.filename == "gapmap-RPT2024-gaps.csv"
    assert rows[0] == ["Session", "Country", "Gap type", "Description",
                       "Law or provision", "Severity", "Need", "Priority"]
    assert len(rows) == 1 + 4 + len(HOSTILE)  # the fixture's four gaps and one per hostile answer
    with read_session(engine) as s:
        assert audit.entries(db=s, actions=["export"])[0].detail["kind"] == "csv:gaps"


def test_the_optional_gap_fields_are_stored_and_exported_in_words(engine):
    """A register asking an emerging form, a reform and who would close the gap, beside one asking none:
    the answers go to the database and come back in the workbook's and the CSV's own columns."""
    from exports.runs import csv_table

    ids = make_event(engine, code="RPT2024", questionnaire=GAP_REGISTERS.model_dump(mode="json"), countries=("THA",))
    p = responding.join(engine, event_id=ids["event"], country="THA", sector="other")
    assert responding.submit(engine, p, responding.open_session(engine, p, ids["session"]), REGISTER_VALUES,
                             token="gaps").ok
    sheet = values(workbook(engine)["Gap register"])
    header, gaps = sheet[0], [dict(zip(sheet[0], row)) for row in sheet[1:]]
    assert header[-3:] == ["Emerging form of trafficking", "Reform under way", "Who would close it"]
    assert [(g["Description"], g["Emerging form of trafficking"], g["Reform under way"], g["Who would close it"])
            for g in gaps] == [
        ("No offence of online recruitment", "Online recruitment", "Yes, a reform is under way", "Legislature"),
        (None, None, "Don't know", None),
        ("No APOV", None, None, None)]  # the plain register's gap: it asks none of them
    made = csv_table(engine, "RPT2024", "gaps", actor="organiser")
    rows = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    assert rows[0] == header and rows[1][-3:] == ["Online recruitment", "Yes, a reform is under way", "Legislature"]


def test_anonymised_gaps_leave_out_countries_under_k(event):
    engine, ids = event
    with write_session(engine) as s:  # attributable policy: country shown, small groups left out
        from sqlmodel import select

        from db.models import Event

        s.exec(select(Event).where(Event.code == "RPT2024")).one().attribution_policy = "attributable"
    p = responding.join(engine, event_id=ids["event"], country="LAO", sector="other")
    copy = responding.open_session(engine, p, ids["session"])
    responding.submit(engine, p, copy, {"g1": [{"gap_type": "G02", "description": "A small delegation's gap"}]},
                      token="lao")
    full = values(workbook(engine)["Gap register"])
    shared = values(workbook(engine, anonymise=True)["Gap register"])
    assert ["Lao PDR", "A small delegation's gap"] in [[row[1], row[3]] for row in full]
    assert not any("small delegation" in str(v) for row in shared for v in row)
    # Cambodia's 2 respondents are under k too: only Thailand's gaps are shared
    assert {row[1] for row in full[1:]} == {"Thailand", "Cambodia", "Lao PDR"}
    assert {row[1] for row in shared[1:]} == {"Thailand"} and len(shared) == len(full) - 2


def test_anonymised_raw_answers_keep_small_delegations_and_moderated_text_out(event):
    """The raw answers keep the anonymised report's promise too: nothing from a country under k,
    no text a facilitator hid, redacted text only as redacted. The full report keeps everything."""
    engine, ids = event
    from gapmap.validation import clean_text

    with write_session(engine) as s:
        from sqlmodel import select

        from db.models import Event

        s.exec(select(Event).where(Event.code == "RPT2024")).one().attribution_policy = "attributable"
    p = responding.join(engine, event_id=ids["event"], country="LAO", sector="other")
    copy = responding.open_session(engine, p, ids["session"])
    responding.submit(engine, p, copy, {"c1": "b", "t1": "Only one delegate from here"}, token="lao")
    hide_one_redact_one(engine, ids)

    full = values(workbook(engine)["Raw answers"])
    shared = values(workbook(engine, anonymise=True)["Raw answers"])
    full_texts = [row[11] for row in full[1:] if row[4] == "t1"]
    shared_texts = [row[11] for row in shared[1:] if row[4] == "t1"]
    assert "Only one delegate from here" in full_texts and clean_text(HOSTILE[6]) in full_texts
    assert clean_text(HOSTILE[4]) in full_texts  # organisers keep the original for the record
    # LAO (2 respondents: 1 in ANSWERS + this one) and KHM (2) are under k = 3: only Thailand is shared
    assert {row[1] for row in full[1:]} == {"Thailand", "Cambodia", "Lao PDR"}
    assert {row[1] for row in shared[1:]} == {"Thailand"}
    assert "Only one delegate from here" not in shared_texts
    assert clean_text(HOSTILE[6]) not in shared_texts and clean_text(HOSTILE[4]) not in shared_texts
    assert "[redacted]" in shared_texts
    rows = [row for row in shared[1:] if row[1] == "Thailand"]
    assert len(rows) == len([row for row in full[1:] if row[1] == "Thailand"]) - 1  # the hidden text


@pytest.mark.parametrize("command, kind", [(["report"], "xlsx"), (["csv", "--table", "gaps"], "csv:gaps"),
                                           (["archive"], "json-archive")])
def test_every_command_line_export_is_audited(event, tmp_path, command, kind):
    from exports.__main__ import main

    engine, ids = event
    out = tmp_path / "export.out"
    url = engine.url.render_as_string(hide_password=False)
    assert main(["--url", url, *command, "--event", "rpt2024", "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    with read_session(engine) as s:
        entries = audit.entries(db=s, actions=["export"])
    assert [(e.actor, e.event_id, e.detail["kind"]) for e in entries] == [("cli", ids["event"], kind)]
    assert main(["--url", url, *command, "--event", "NOPE", "--out", str(tmp_path / "no.out")]) == 2


def test_the_data_dictionary_says_what_each_question_counts(event):
    sheet = values(workbook(event[0])["Data dictionary"])
    assert sheet[0] == ["Session", "Questionnaire", "Version", "Question id", "Question", "Type", "Counts", "Options",
                        "Rows", "Legal basis and help"]
    counts = {row[3]: row[6] for row in sheet[1:]}
    assert counts == {"c1": "States", "l1": "Respondents", "r1": "Respondents", "m1": "States", "n1": "States",
                      "t1": "Respondents", "g1": "States"}  # the default of each type (SPEC sets no counts_by)
    assert next(row for row in sheet[1:] if row[3] == "m1")[8].startswith("Rows: r1 = Row 1")


# --- State findings (issue 11) -------------------------------------------------------------------
# The event: Thailand 3 fixture respondents + 9 hostile ones (c1 = a, t1, g1 only), Cambodia 2, Lao PDR 1;
# all three States joined, so N = 3. By hand (see tests/test_positions.py for the same figures):
#   c1: Thailand a 11, b 1 -> split; Cambodia b, c -> split; Lao PDR a -> "In 1 of 3 States: A; 2 delegations split"
#   m1 Row 1: Thailand yes, yes, partly -> split; Cambodia yes, no -> split; Lao PDR yes
#   m1 Row 2: Thailand no, partly, don't know -> split; Cambodia no, no -> no; Lao PDR no answer
#   n1: Thailand 10, 20, 30 -> split (its median 20); Lao PDR 50; Cambodia none -> median of 20 and 50 = 35
#   g1: Scope (G02) cited by Thailand and Cambodia (2 gaps); Def (G01) by Thailand alone (2 + 9 hostile = 11 gaps)

def findings(engine, **kwargs):
    """The sheet 'Findings by answer': (question id, element, answer) -> its numbers and sentence."""
    rows = values(workbook(engine, **kwargs)["Findings by answer"])
    assert rows[0][:10] == ["Session", "Question id", "Question", "Element / option", "Answer", "States",
                            "Of N States", "Split", "No answer", "Finding"]
    return {(row[1], row[3], row[4]): row[5:] for row in rows[1:]}


def test_the_findings_by_answer_equal_the_state_counts_of_the_domain(event):
    from gapmap.positions import session_positions

    engine, ids = event
    sheet = findings(engine)
    domain = session_positions(engine, ids["session"], session_results(engine, ids["session"]))
    expected = {}
    for qid, state in domain.items():
        for f in state.findings:
            for c in f.counts:
                expected[(qid, f.label if f.item else None, c.label)] = [c.states, f.present, f.split, f.no_answer]
    assert {key: row[:4] for key, row in sheet.items() if key[0] != "n1" and key[0] != "g1"} == expected
    assert sheet[("c1", None, "A")][:5] == [1, 3, 2, 0, "In 1 of 3 States: A; 2 delegations split"]
    assert sheet[("m1", "Row 1", "yes")][:4] == [1, 3, 2, 0]
    assert sheet[("m1", "Row 2", "no")][4] == "In 1 of 3 States: no; 1 delegation split; 1 no answer"
    assert sheet[("n1", None, "Median of the State values 35%")][:5] == [
        2, 3, 1, 1, "In 2 of 3 States: answered, median of the State values 35%; 1 delegation split; 1 no answer"]
    assert sheet[("g1", "Scope", "Cited as a gap")][0] == 2 and sheet[("g1", "Def", "Cited as a gap")][0] == 1


def compact_findings(engine, **kwargs):
    """The sheet 'Findings': (question id, element) -> its most common position, numbers and sentence."""
    rows = values(workbook(engine, **kwargs)["Findings"])
    assert rows[0] == ["Session", "Question id", "Question", "Element / option", "Most common position",
                       "States holding it", "Of N States", "Split", "No answer", "Finding", "Convergence"]
    found = {(row[1], row[3]): row[4:] for row in rows[1:]}
    assert len(found) == len(rows) - 1  # one row per question, element or option
    assert {row[0] for row in rows[1:]} == {"1.1 Session one"}  # the session named as its sheet is
    return found


def test_the_findings_give_each_element_its_most_common_position_as_the_brief_says_it(event):
    engine, _ = event
    found = compact_findings(engine)
    assert set(found) == {("c1", None), ("m1", "Row 1"), ("m1", "Row 2"), ("n1", None), ("g1", "Scope"),
                          ("g1", "Def")}
    # c1: Lao PDR a; Thailand and Cambodia split -> A held by 1 of the 3 answering States
    assert found[("c1", None)] == ["A", 1, 3, 2, 0, "Choice: in 1 of 3 States, A; the delegations of 2 States were "
                                   "split.", pytest.approx(1 / 3)]
    # Row 1: Lao PDR yes; Thailand and Cambodia split
    assert found[("m1", "Row 1")] == ["yes", 1, 3, 2, 0, "Row 1: in 1 of 3 States, yes; the delegations of 2 States "
                                      "were split.", pytest.approx(1 / 3)]
    # Row 2: Cambodia no; Thailand split; Lao PDR no answer -> 1 of the 2 answering States
    assert found[("m1", "Row 2")] == ["no", 1, 3, 1, 1, "Row 2: in 1 of 3 States, no; the delegation of 1 State was "
                                      "split; 1 State did not answer.", 0.5]
    # n1: the median of the State values (20 for Thailand's split delegation, 50) = 35, as by answer
    assert found[("n1", None)] == ["Median of the State values 35%", 2, 3, 1, 1, "In 2 of 3 States: answered, median "
                                   "of the State values 35%; 1 delegation split; 1 no answer", None]
    assert found[("g1", "Scope")][:3] == ["Cited as a gap", 2, 3]
    assert found[("g1", "Def")][:3] == ["Cited as a gap", 1, 3]
    by_answer = findings(engine)  # the same numbers as the sheet by answer
    for (qid, element), row in found.items():
        answer = by_answer[(qid, element, row[0])]
        assert answer[:4] == row[1:5], (qid, element)  # States, of N, split, no answer


def test_a_cleared_position_shows_on_the_state_positions_sheet(event):
    from gapmap.delegation import clear_position, set_head

    engine, ids = event
    with read_session(engine) as s:
        from sqlmodel import select

        from db.models import Participant

        head = s.exec(select(Participant).where(Participant.country == "THA").order_by(Participant.id)).first()
    set_head(engine, ids["event"], "THA", head.id, actor="facilitator")
    clear_position(engine, head, ids["session"], "m1", "r1", position="partly", note="Penal Code s. 312/1")
    wb = workbook(engine)
    positions = values(wb["State positions"])
    assert positions[0] == ["Session", "Question id", "Question", "Element / option", "Thailand", "Cambodia",
                            "Lao PDR"]  # the event's order
    row1 = next(row for row in positions if row[1] == "m1" and row[3] == "Row 1")
    assert row1[4:] == ["partly ✓ cleared — Penal Code s. 312/1", "split: yes 1 · no 1", "yes"]
    row2 = next(row for row in positions if row[1] == "m1" and row[3] == "Row 2")
    assert row2[4:] == ["split: partly 1 · no 1 · dont_know 1", "no", None]
    # Row 1 now: yes (Lao PDR) 1, partly (Thailand, cleared) 1, Cambodia split: a tie of 1 of 3 answering States
    row = findings(engine)[("m1", "Row 1", "partly")]
    assert row[:4] == [1, 3, 1, 0] and row[5:] == ["yes / partly (tie)", pytest.approx(1 / 3)]
    matrix = values(wb["Matrix"])
    assert "Region" not in matrix[1] and "partly ✓ cleared — Penal Code s. 312/1" in matrix[2]


def test_an_anonymised_chatham_house_workbook_names_no_state(event):
    engine, _ = event
    wb = workbook(engine, anonymise=True)
    assert "State positions" not in wb.sheetnames and {"Findings", "Findings by answer"} <= set(wb.sheetnames)
    for ws in wb.worksheets:  # the cover too: it says how many States took part, not which
        text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
        assert not [name for name in ("Thailand", "Cambodia", "Lao PDR") if name in text], ws.title
    assert findings(engine, anonymise=True) == findings(engine)  # the same State counts
    assert compact_findings(engine, anonymise=True) == compact_findings(engine)
    cover = dict((row[0], row[1]) for row in values(wb["Cover"])[2:])
    assert cover["State positions"].startswith("Left out")
    assert re.fullmatch(r"\d+ States \(not named: the Chatham House Rule\)", cover["Participating countries"])
    full_cover = dict((row[0], row[1]) for row in values(workbook(engine)["Cover"])[2:])
    assert "Thailand" in full_cover["Participating countries"]  # organisers' own copy names them


def test_a_shared_workbook_gives_no_country_count_below_k(event):
    engine, ids = event
    with write_session(engine) as s:  # attributable: countries named, small counts still withheld
        from sqlmodel import select

        from db.models import Event

        s.exec(select(Event).where(Event.code == "RPT2024")).one().attribution_policy = "attributable"
    p = responding.join(engine, event_id=ids["event"], country="LAO", sector="other")
    copy = responding.open_session(engine, p, ids["session"])
    responding.submit(engine, p, copy, {"t1": "One delegate of a small delegation"}, token="lao-1")
    rows = {row[0]: row[1:] for row in values(workbook(engine, anonymise=True)["Summary"]) if row and row[0]}
    assert "fewer than 3" in rows["Lao PDR"]
    full = {row[0]: row[1:] for row in values(workbook(engine)["Summary"]) if row and row[0]}
    assert full["Lao PDR"][0] == 2  # the organisers' own copy counts them


def test_the_positions_csv_for_organisers_only(event, tmp_path):
    from exports.__main__ import main
    from exports.runs import csv_table

    engine, ids = event
    made = csv_table(engine, "RPT2024", "positions", actor="organiser")
    assert made.filename == "gapmap-RPT2024-positions.csv"
    rows = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    assert rows[0] == ["Session", "Question id", "Question", "Item", "Element / option", "Country", "Position id",
                       "Position", "Split", "Distribution", "Delegates", "Cleared", "Note", "Number"]
    # c1: 3 States; Row 1: 3; Row 2: Thailand, Cambodia; n1: Thailand, Lao PDR -> 10 rows
    assert len(rows) == 1 + 10
    assert ["c1", "Thailand", "", "split", "yes", "A 11 · B 1", "12"] == [rows[1][1]] + rows[1][5:11]
    n1 = {row[5]: row for row in rows[1:] if row[1] == "n1"}
    assert n1["Thailand"][7:] == ["split", "yes", "", "3", "", "", "20.0"] and n1["Lao PDR"][6] == "50"
    with pytest.raises(ReportError, match="organisers only"):
        csv_table(engine, "RPT2024", "positions", actor="organiser", anonymise=True)
    with read_session(engine) as s:
        assert [e.detail["kind"] for e in audit.entries(db=s, actions=["export"])] == ["csv:positions"]
    url = engine.url.render_as_string(hide_password=False)
    out = tmp_path / "positions.csv"
    assert main(["--url", url, "csv", "--table", "positions", "--event", "RPT2024", "--out", str(out)]) == 0
    assert out.read_bytes() == made.data
    assert main(["--url", url, "csv", "--table", "positions", "--anonymise", "--event", "RPT2024",
                 "--out", str(tmp_path / "no.csv")]) == 2


def test_the_dictionary_gives_each_questions_legal_basis_and_the_summary_the_standard_of_each_gap(sqlite_engine):
    """The shipped questionnaires in the workbook: help texts (the legal basis) in the data dictionary,
    each row's obligation, records marked, and the gap typology's standard beside each gap type."""
    from gapmap.demo import seed_demo

    seed_demo(sqlite_engine)
    buffer = io.BytesIO()
    write_xlsx(build_report(sqlite_engine, "BKK2024"), buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = values(book["Data dictionary"])
    top = next(i for i, row in enumerate(sheet) if row[0] == "Session")  # under the demo marker
    rows = {row[3]: dict(zip(sheet[top], row)) for row in sheet[top + 1:]}
    assert "ILO" in rows["lab_p29"]["Legal basis and help"]
    assert "treaty:P29" in rows["lab_p29"]["Rows"]
    assert "(optional)" in rows["pal_victims"]["Rows"] and "(mandatory)" in rows["pal_acts"]["Rows"]
    assert all(row["Legal basis and help"] for row in rows.values()), "every shipped question says its basis"
    synthesis = [row for row in values(book["Summary"]) if row[0] and "Smuggling or immigration law" in str(row[0])]
    assert synthesis and "Smuggling of Migrants Protocol art. 5" in " ".join(str(c) for c in synthesis[0])


def test_the_cover_lists_the_events_objectives_and_partners(event):
    engine, ids = event
    cover = {row[0]: row[1] for row in values(workbook(engine)["Cover"]) if row and row[0]}
    assert "Objectives" not in cover and "Partners" not in cover  # none set: no empty rows
    with write_session(engine) as s:
        from db.models import Event

        stored = s.get(Event, ids["event"])
        stored.objectives = ["Follow up the regional legal assessment", "Inform the regional workplan"]
        stored.partners = ["ASEAN-ACT", "UN Women"]
        s.add(stored)
    for anonymise in (False, True):  # the shared report acknowledges the partners too
        cover = {row[0]: row[1] for row in values(workbook(engine, anonymise=anonymise)["Cover"]) if row and row[0]}
        assert cover["Objectives"] == "1. Follow up the regional legal assessment\n2. Inform the regional workplan"
        assert cover["Partners"] == "ASEAN-ACT; UN Women"


def test_the_free_text_sheet_says_which_answers_are_quotable(event):
    engine, ids = event
    from gapmap.validation import clean_text

    items = session_results(engine, ids["session"]).question("t1").result.items
    quoted = next(i for i in items if i.text == clean_text(HOSTILE[6]))
    moderate(engine, quoted.answer_id, actor="facilitator", quotable=True)
    for anonymise in (False, True):
        rows = values(workbook(engine, anonymise=anonymise)["Free text"])
        top = next(i for i, row in enumerate(rows) if "Answer" in row)
        header = rows[top]
        marked = {row[header.index("Answer")]: row[header.index("Quotable")] for row in rows[top + 1:]}
        assert marked.pop(clean_text(HOSTILE[6])) == "yes"
        assert set(marked.values()) == {None}  # blank for every other answer


def test_an_anonymised_demo_report_keeps_the_text_gaps_and_counts_that_name_no_state(sqlite_engine):
    """The demo runs under the Chatham House Rule with k = 3, and in its open sessions many States
    have one or two respondents to a question. Every text and gap question was answered by at least
    9 States, so no text or gap can be pinned on fewer than k States: the anonymised report keeps
    all of them (it once kept 72 of 260 texts and 35 of 57 gaps), lists the gaps by type, not by
    country, and still leaves out small delegations' raw answers (linked by respondent number).
    The matrix counts States per position (one column per answer) instead of naming them."""
    from gapmap.demo import seed_demo

    seed_demo(sqlite_engine)
    full, shared = (build_report(sqlite_engine, "BKK2024", anonymise=anonymise) for anonymise in (False, True))
    rows = {name: (len(full.sheet(name).tables[0].rows), len(shared.sheet(name).tables[0].rows))
            for name in ("Free text", "Gap register", "Raw answers")}
    assert rows["Free text"][0] == rows["Free text"][1] > 200
    assert rows["Gap register"][0] == rows["Gap register"][1] > 40
    assert rows["Raw answers"][1] < rows["Raw answers"][0]
    gaps = shared.sheet("Gap register").tables[0]
    types = [row[1] for row in gaps.rows]  # session, gap type, …: no country column
    runs = [t for i, t in enumerate(types) if i == 0 or types[i - 1] != t]
    assert "Country" not in gaps.header and len(runs) == len(set(types)) > 5  # each gap type in one run
    matrix = shared.sheet("Matrix").tables[0]
    n = matrix.header.index("Of N States")
    assert matrix.header[1] == "Covered expressly" and matrix.header[n - 2:n] == ["Split", "No answer"]
    assert all(sum(row[1:n]) == row[n] == 12 for row in matrix.rows)  # every State counted once per element
