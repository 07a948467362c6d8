"""The rapporteur's draft: a Word file whose numbers are the workbook's, naming no State under Chatham House."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from exports.__main__ import main
from exports.runs import excel_report, rapporteur_brief
from gapmap.demo import seed_demo
from gapmap.reference import bangkok_2024_states, country_name


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from db.engine import make_engine
    from db.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('brief') / 'demo.db'}")
    upgrade(engine)
    seed_demo(engine)
    yield engine
    engine.dispose()


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [p.text for section in document.sections for p in section.header.paragraphs]
    return "\n".join(parts)


def _tables(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_the_brief_opens_in_word_with_its_parts(demo):
    made = rapporteur_brief(demo, "BKK2024", actor="organiser")
    assert made.filename == "gapmap-BKK2024-brief-anonymised.docx", "Chatham House: built from the shared report"
    document = Document(io.BytesIO(made.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Methodology" in headings and "Recommendations (draft, to edit)" in headings
    assert "Annex: the questions asked" in headings
    assert "Online recruitment, cyber-scam centres and forced criminality" in headings
    text = _text(document)
    assert "Draft for the rapporteur — generated on" in text
    assert "Synthetic demo data — not the States' answers" in text
    assert "Findings about the law count States" in text
    key = [p.text for p in document.paragraphs if p.style.name == "List Bullet" and "States" in p.text]
    assert len(key) >= 10 and any(re.search(r"in \d+ of 12 States", k) for k in key)


def test_no_state_is_named_under_the_chatham_house_rule(demo):
    text = _text(Document(io.BytesIO(rapporteur_brief(demo, "BKK2024", actor="organiser").data)))
    text = text.replace("Bangkok, Thailand", "")  # the venue is where the room met, not a finding
    named = [country_name(c) for c in bangkok_2024_states() if country_name(c) in text]
    assert named == [], named


def _findings(engine) -> dict[tuple, list]:
    """The anonymised workbook's Findings by answer: (question text, element, answer) -> [States, Of N, Split,
    No answer]."""
    book = load_workbook(io.BytesIO(excel_report(engine, "BKK2024", actor="test", anonymise=True).data))
    rows = [[c.value for c in row] for row in book["Findings by answer"].iter_rows()]
    top = next(i for i, row in enumerate(rows) if row[0] == "Session")
    header = rows[top]
    out = {}
    for row in rows[top + 1:]:
        r = dict(zip(header, row))
        out[(r["Question"], r["Element / option"], r["Answer"])] = [r["States"], r["Of N States"], r["Split"],
                                                                    r["No answer"]]
    return out


def test_every_number_of_the_compact_tables_is_in_the_workbook(demo):
    findings = _findings(demo)
    by_element = {}
    for (question, element, answer), numbers in findings.items():
        by_element.setdefault(((element or question)[:100], answer), numbers)
    document = Document(io.BytesIO(rapporteur_brief(demo, "BKK2024", actor="organiser").data))
    checked = 0
    for table in _tables(document):
        if table[0] != ["Element", "Most common position", "States holding it", "Split", "No answer"]:
            continue
        for element, position, held, split, missing in table[1:]:
            if " / " in position or position == "–":
                continue  # a tie names several positions
            x, n = (int(v) for v in held.split(" of "))
            numbers = by_element.get((element.rstrip("…")[:100], position))
            if numbers is None:  # a shortened element: match on its start
                numbers = next(v for (e, a), v in by_element.items()
                               if a == position and e.startswith(element.rstrip("…")[:60]))
            assert numbers == [x, n, int(split), int(missing)], (element, position)
            checked += 1
    assert checked > 50


def test_only_quotable_moderated_text_reaches_the_brief(demo):
    from sqlmodel import select

    from db.engine import read_session
    from db.models import Answer, Moderation
    from gapmap.moderation import moderate

    with read_session(demo) as s:
        marked = {a.text for a, m in s.exec(select(Answer, Moderation).join(Moderation,
                                                                             Moderation.answer_id == Answer.id))}
        texts = s.exec(select(Answer).where(Answer.question_id == "closing", Answer.text.is_not(None))
                       .order_by(Answer.id)).all()
    assert marked, "the demo has quotable answers"
    untagged = [a for a in texts if a.text not in marked]
    quotable = untagged[0]
    never = next(a for a in untagged if a.text != quotable.text)
    moderate(demo, quotable.id, actor="facilitator", quotable=True)
    text = _text(Document(io.BytesIO(rapporteur_brief(demo, "BKK2024", actor="organiser").data)))
    assert f"“{quotable.text}”" in text
    assert f"“{never.text}”" not in text, "text nobody marked quotable never reaches the brief"
    assert all(f"“{t}”" in text for t in marked if t), "the demo's quotable answers are quoted"
    assert "— a delegate" in text  # never a State under Chatham House


def test_the_command_line_writes_the_brief_and_the_audit_log_has_it(demo, tmp_path):
    from db import audit
    from db.engine import read_session

    url = demo.url.render_as_string(hide_password=False)
    out = tmp_path / "brief.docx"
    assert main(["--url", url, "brief", "--event", "BKK2024", "--out", str(out)]) == 0
    assert Document(str(out)).paragraphs[0].text.startswith("Regional consultation")
    with read_session(demo) as s:
        assert audit.entries(db=s, actions=["export"])[0].detail["kind"] == "brief"
    assert main(["--url", url, "brief", "--event", "NOPE", "--out", str(tmp_path / "no.docx")]) == 2
