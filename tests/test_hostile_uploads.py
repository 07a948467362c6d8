"""Hostile questionnaire files get a message, never the server's memory or a traceback. The bombs
run in a subprocess under an address-space limit: a parser that inflates them fails the test."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires import limits
from questionnaires.formats import read_any
from questionnaires.loader import QuestionnaireError

ROOT = Path(__file__).resolve().parent.parent
MEMORY_MB = 1200  # Python, openpyxl and pyxform start well below this; the old reader needed 1.6 GB+


def read_in_bounded_process(path: Path) -> str:
    """read_any on the file in a fresh interpreter limited to MEMORY_MB; returns its message."""
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_MB} * 2**20, {MEMORY_MB} * 2**20))
        from pathlib import Path
        from questionnaires.formats import read_any
        from questionnaires.loader import QuestionnaireError
        path = Path({str(path)!r})
        try:
            read_any(path.name, path.read_bytes())
        except QuestionnaireError as exc:
            print(exc)
        else:
            print("ACCEPTED")
    """)
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"the reader crashed: {run.stderr[-2000:]}"
    return run.stdout


def survey_workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["text", "q1", "What does the law say?"])
    return book


def test_a_zip_bomb_workbook_is_refused_before_it_inflates(tmp_path):
    book = BytesIO()
    survey_workbook().save(book)
    path = tmp_path / "bomb.xlsx"
    rows = b'<row><c t="inlineStr"><is><t>text</t></is></c></row>' * 10_000  # rows may omit their numbers
    with zipfile.ZipFile(BytesIO(book.getvalue())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, source.read(item.filename))
        with bomb.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData>')
            for _ in range(200):  # 2 million rows, 100 MB of XML
                sheet.write(rows)
            sheet.write(b"</sheetData></worksheet>")
    assert path.stat().st_size < limits.max_file_bytes()  # small on disk: only its inflated size gives it away
    message = read_in_bounded_process(path)
    assert "would unpack to" in message and "bomb.xlsx" in message


def test_a_sparse_sheet_is_read_by_its_used_range_and_a_far_cell_is_named(tmp_path):
    book = survey_workbook()
    book.active["XFD20000"] = "x"  # 1.5 KB on disk, 327 million cells if the grid were filled
    path = tmp_path / "sparse.xlsx"
    book.save(path)
    message = read_in_bounded_process(path)
    assert "row 20000" in message and f"{limits.MAX_ROWS:,} rows" in message


def test_a_far_column_is_named():
    book = survey_workbook()
    book.active["ZZ2"] = "x"
    data = BytesIO()
    book.save(data)
    with pytest.raises(QuestionnaireError, match="column ZZ"):
        read_any("wide.xlsx", data.getvalue())


@pytest.mark.parametrize("text, message", [
    ("title: " + "[" * 20_000 + "]" * 20_000, "nests deeper than 50 levels"),
    ("title: x\nquestions: [" + ", ".join(["1"] * 100_001) + "]\n", "more than 100,000 values"),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi")),
     "aliases stand for more than"),
])
def test_yaml_bombs_get_a_message(text, message):
    with pytest.raises(QuestionnaireError, match=message):
        read_any("bomb.yaml", text.encode())


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setenv(limits.MAX_UPLOAD_ENV, "1")
    with pytest.raises(QuestionnaireError, match=r"is 1\.5 MB; a questionnaire file may be at most 1 MB"):
        read_any("big.yaml", b"#" * int(1.5 * limits.MB))


def test_every_shipped_questionnaire_is_far_inside_the_limits():
    for path in (ROOT / "questionnaires" / "builtin").glob("*.yaml"):
        data = path.read_bytes()
        assert len(data) < limits.max_file_bytes() / 10
        read_any(path.name, data)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=400))
def test_any_yaml_text_gives_a_questionnaire_or_a_message(text):
    try:
        read_any("any.yaml", text.encode("utf-8"))
    except QuestionnaireError as exc:
        assert exc.problems and all(p.file == "any.yaml" for p in exc.problems)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=2000))
def test_any_bytes_named_xlsx_give_a_message(data):
    with pytest.raises(QuestionnaireError):
        read_any("any.xlsx", data)
