"""The demo marker, "Synthetic demo data — not the States' answers", on everything made from the
demo event: every workbook sheet (header, footer and first row), every CSV file (a first comment
line), the JSON archive (top level) and every page of the app (once, first); nothing of it on any
other event's files or pages."""
from __future__ import annotations

import csv
import html
import io
import json
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from db.engine import make_engine
from db.migrate import upgrade
from exports.archive import archive_json, restore_json
from exports.archive_schema import check_archive
from exports.csv_files import table_csv
from exports.report import build_report
from exports.runs import CSV_TABLES, csv_table
from exports.xlsx import write_xlsx
from gapmap.demo import DEMO_CODE, seed_demo
from gapmap.demo_marker import CSV_COMMENT, DEMO_MARKER, demo_marker
from tests.factories import answer, make_event

OTHER = "TEST2024"
HEADERS = ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """One database for the module: the demo event and another event with an answer."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('marker') / 'marker.sqlite3'}")
    upgrade(engine)
    seed_demo(engine)
    answer(engine, make_event(engine, code=OTHER), {"q1": "a", "q2": "A law # 5 of 2017, art. 3"})
    yield engine
    engine.dispose()


def workbook(engine, code, **kwargs):
    buffer = io.BytesIO()
    write_xlsx(build_report(engine, code, **kwargs), buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_the_marker_is_the_demo_events_only():
    class Event:
        def __init__(self, is_demo):
            self.is_demo = is_demo

    assert demo_marker(Event(True)) == DEMO_MARKER == "Synthetic demo data — not the States' answers"
    assert demo_marker(Event(False)) is None and demo_marker(None) is None
    assert CSV_COMMENT == "# " + DEMO_MARKER


# --- the workbook ---------------------------------------------------------------------------------

@pytest.mark.parametrize("anonymise", [False, True])
def test_every_sheet_of_a_demo_workbook_says_it_in_its_header_footer_and_first_row(engine, anonymise):
    wb = workbook(engine, DEMO_CODE, anonymise=anonymise)
    assert len(wb.worksheets) >= 9
    for ws in wb.worksheets:
        for name in HEADERS:
            assert getattr(ws, name).center.text == DEMO_MARKER, (ws.title, name)
        assert ws["A1"].value == DEMO_MARKER and ws["A1"].font.b, ws.title
        assert ws.freeze_panes in ("A2", "A3"), ws.title  # the marker row stays in view
        assert texts(ws).count(DEMO_MARKER) == 1, ws.title
    assert wb["Cover"]["A4"].value == "DEMO DATA"  # the cover's own line, one row lower


def test_a_demo_workbooks_tables_start_under_the_marker(engine):
    wb = workbook(engine, DEMO_CODE)
    for name in ("Gap register", "Free text", "Raw answers"):
        ws = wb[name]
        assert ws.freeze_panes == "A3", name  # the marker and the table's header stay in view
        if not ws.tables:  # an empty table: "(none)" under its header
            assert ws["A3"].value == "(none)", name
            continue
        (table,) = ws.tables.values()
        first, last = table.ref.split(":")
        assert first == "A2" and int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == ws.max_row, name
        assert [c.value for c in ws[2]][:len(table.tableColumns)] == [c.name for c in table.tableColumns]
    buffer = io.BytesIO()
    wb.save(buffer)
    raw = pd.read_excel(buffer, sheet_name="Raw answers", header=1)  # the header under the marker
    assert len(raw) > 100 and list(raw.columns) == [c.value for c in wb["Raw answers"][2]]
    charts = [chart for ws in wb.worksheets for chart in ws._charts]
    assert charts and all(chart.anchor._from.row >= 1 for chart in charts)  # beside their tables, not row 1


def test_another_events_workbook_has_no_marker_and_starts_in_row_one(engine):
    wb = workbook(engine, OTHER)
    for ws in wb.worksheets:
        for name in HEADERS:
            assert not getattr(ws, name).center.text, (ws.title, name)
        assert all("Synthetic demo data" not in t for t in texts(ws)), ws.title
    raw = wb["Raw answers"]
    assert raw.freeze_panes == "A2" and next(iter(raw.tables.values())).ref.startswith("A1:")  # as before


# --- CSV ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("table", sorted(CSV_TABLES))
def test_every_demo_csv_starts_with_the_comment_line_and_still_parses(engine, table):
    made = csv_table(engine, DEMO_CODE, table, actor="organiser")
    text = made.data.decode("utf-8-sig")
    assert made.data.startswith(b"\xef\xbb\xbf#") and text.split("\r\n", 1)[0] == CSV_COMMENT
    header = build_report(engine, DEMO_CODE, only=CSV_TABLES[table]).sheet(CSV_TABLES[table]).tables[0].header
    lines = io.StringIO(text)
    next(lines)  # the comment line
    rows = list(csv.reader(lines))
    assert rows[0] == header and all(len(row) == len(header) for row in rows)
    frame = pd.read_csv(io.BytesIO(made.data), encoding="utf-8-sig", skiprows=1)  # what the README says
    assert list(frame.columns) == header and len(frame) == len(rows) - 1


def test_another_events_csv_starts_with_its_header(engine):
    data = table_csv(build_report(engine, OTHER, only="Raw answers"), "Raw answers")
    text = data.decode("utf-8-sig")
    assert not text.startswith("#") and "Synthetic demo data" not in text
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert "A law # 5 of 2017, art. 3" in set(frame.iloc[:, 11])  # a "#" in an answer is just text


# --- the JSON archive -----------------------------------------------------------------------------

def test_the_demo_archive_carries_the_marker_and_restores_byte_identical(engine, tmp_path):
    text = archive_json(engine, DEMO_CODE)
    data = json.loads(text)
    assert data["demo_marker"] == DEMO_MARKER and data["event"]["is_demo"] is True
    assert list(data)[:3] == ["agenda", "audit", "cleared_positions"]  # sorted keys: the same bytes each time
    target = make_engine(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    upgrade(target)
    restore_json(target, text)
    assert archive_json(target, DEMO_CODE) == text


def test_another_events_archive_has_no_marker(engine):
    data = json.loads(archive_json(engine, OTHER))
    assert "demo_marker" not in data and data["event"]["is_demo"] is False


def test_an_archive_written_before_the_marker_still_restores_and_gains_it(engine, tmp_path):
    data = json.loads(archive_json(engine, DEMO_CODE))
    del data["demo_marker"]
    old = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert check_archive(old)[1] == []
    target = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(target)
    restore_json(target, old)
    assert json.loads(archive_json(target, DEMO_CODE))["demo_marker"] == DEMO_MARKER


def test_a_marker_on_an_archive_that_is_not_the_demo_is_refused(engine):
    data = json.loads(archive_json(engine, OTHER))
    data["demo_marker"] = DEMO_MARKER
    archive, problems = check_archive(json.dumps(data))
    assert archive is None and any(p.startswith("demo_marker") or "demo_marker" in p for p in problems), problems


# --- the pages (AppTest) --------------------------------------------------------------------------

ORGANISER_PAGES = [
    "pages/organiser/events.py", "pages/organiser/agenda.py", "pages/organiser/questionnaires.py",
    "pages/organiser/export.py", "pages/organiser/audit_log.py", "pages/facilitator/sessions.py",
    "pages/facilitator/join_screen.py", "pages/facilitator/dashboard.py", "pages/facilitator/presenter.py",
    "pages/facilitator/projector.py", "pages/facilitator/participation.py", "pages/facilitator/moderation.py",
    "pages/facilitator/compare.py",
]
ROOM_SCREENS = ("pages/facilitator/projector.py", "pages/facilitator/join_screen.py")
DELEGATE_PAGES = ["pages/delegate/agenda.py", "pages/delegate/answer.py", "pages/delegate/delegation.py"]
SHOWN = html.escape(DEMO_MARKER)


def markers(at) -> list:
    return [h for h in at.get("html") if SHOWN in h.value]


def first_shown(at):
    """The first element of the page's main area a reader sees (style sheets and the invisible
    components, such as the staff cookie's, left out)."""
    def walk(node):
        children = getattr(node, "children", None)
        if children:
            for key in sorted(children):
                yield from walk(children[key])
        elif node.type not in UNSEEN and not (node.type == "html" and STYLE_ONLY.fullmatch(node.value)):
            yield node

    return next(walk(at.main), None)


UNSEEN = {"unknown", "bidi_component", "empty"}
STYLE_ONLY = re.compile(r"\s*<style>.*</style>\s*", re.S)


def says_it_first(at, page: str) -> None:
    found = markers(at)
    assert len(found) == 1, f"{page}: the marker {len(found)} times"
    corner = page in ROOM_SCREENS
    # the room's screens: a badge in the corner; elsewhere the first thing on the page
    assert ("class='gm-demo-marker gm-demo-corner'" in found[0].value) == corner, page
    if not corner:
        assert first_shown(at) is found[0], f"{page}: {first_shown(at)} before the marker"


def test_every_staff_page_of_the_demo_event_says_it_once_and_first(tmp_path, monkeypatch):
    from tests.app_support import open_page, start_app, stop_app

    at, _ = start_app(tmp_path, monkeypatch, "organiser")
    try:
        says_it_first(at, "pages/organiser/events.py")  # where an organiser lands after signing in
        for page in ORGANISER_PAGES:
            says_it_first(open_page(at, page), page)
    finally:
        stop_app()


def test_a_delegates_pages_of_the_demo_event_say_it_once_and_first(tmp_path, monkeypatch):
    from tests.app_support import start_app, stop_app

    at, _ = start_app(tmp_path, monkeypatch)
    try:
        assert markers(at) == []  # the start page names no event yet
        at.query_params["code"] = DEMO_CODE
        at.run()
        says_it_first(at, "pages/public/landing.py")  # the notice and the form to join the demo
        join(at)
        for page in DELEGATE_PAGES:
            at.switch_page(page).run()
            assert not at.exception, page
            says_it_first(at, page)
    finally:
        stop_app()


def join(at) -> None:
    at.selectbox(key="join-country").set_value("THA")
    at.selectbox(key="join-sector").set_value("other")
    at.checkbox(key="join-consent").check()
    at.button(key="join-start").click().run()
    assert not at.exception and at.session_state["gapmap_role"] == "delegate"


def test_another_events_pages_say_nothing(tmp_path, monkeypatch):
    from tests.app_support import open_page, start_app, stop_app

    (tmp_path / "delegate").mkdir()
    at, engine = start_app(tmp_path / "delegate", monkeypatch, GAPMAP_SEED_DEMO="0")
    try:
        make_event(engine, code=OTHER)
        at.query_params["code"] = OTHER
        at.run()
        assert at.selectbox(key="join-country") and markers(at) == []
        join(at)
        for page in DELEGATE_PAGES:
            at.switch_page(page).run()
            assert markers(at) == [], page
    finally:
        stop_app()
    at, engine = start_app(tmp_path, monkeypatch, "organiser", GAPMAP_SEED_DEMO="0")
    try:
        make_event(engine, code=OTHER)
        for page in ORGANISER_PAGES:
            assert markers(open_page(at, page)) == [], page
    finally:
        stop_app()
