"""A delegate reading a session's revealed results ("Results so far") on a phone (390 × 844, touch)
and on a laptop (1440 px), in a real browser: no sideways scroll, no plotly toolbar, nothing to zoom,
every chart's text inside its chart and none over another, bars as wide as the phone allows, and
above every chart what it counts, as the facilitator's dashboard says it ("Counts States" or
"Counts respondents"). The demo's open sessions (Chatham House: no State named) and a small
country-attributable event (States named: tables of States, a dot per State) are revealed.
Screenshots go to /tmp/phone-shots/ for a human look."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import browser, chromium_or_skip, join_event, running_app, wait_idle
from tests.test_browser import PHONE, join_by_link

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/phone-shots")
DESKTOP = {"width": 1440, "height": 900}
#: The demo's open sessions: forced labour, prosecution, data, the gap register (every chart kind
#: a Chatham House event shows a delegate).
DEMO_SESSIONS = (5, 6, 7, 8)
ATTRIBUTABLE = "ATTR2024"
COUNTRIES = ("THA", "KHM", "IDN", "VNM")
STATES, RESPONDENTS = "Counts States", "Counts respondents"
MAIN = "document.querySelector(\"[data-testid='stMain']\")"

#: Per chart (its `.js-plotly-plot` div): its box, its plot area, and every text drawn, relative to the box.
MEASURE = """(gd) => {
  const box = gd.getBoundingClientRect();
  const size = gd._fullLayout._size;
  const texts = [];
  for (const t of gd.querySelectorAll("svg text")) {
    const style = getComputedStyle(t);
    if (style.display === "none" || style.visibility === "hidden" || !t.textContent.trim()) continue;
    const r = t.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    texts.push({text: t.textContent, size: parseFloat(style.fontSize), left: r.left - box.left,
                right: r.right - box.left, top: r.top - box.top, bottom: r.bottom - box.top});
  }
  return {width: box.width, height: box.height, plot: size.w, texts,
          modebar: !!gd.querySelector(".modebar"), static: !!gd._context.staticPlot};
}"""


def attributable_spec() -> dict:
    """Every kind of chart where States are named, counted by State and, for the same questions, by
    respondent: a single choice, a checklist (a States × elements table), a number (a dot per State),
    a gap register, a likert, a ranking and free text; built from the shipped questionnaires."""
    from questionnaires.loader import load_builtin

    shipped = {q.key: {x.id: x.model_dump() for x in q.questions} for q in load_builtin()}
    labour, prosecution, gaps = shipped["forced_labour"], shipped["prosecution"], shipped["gap_register"]
    by_state = [labour["lab_01"], labour["lab_sector_line"], prosecution["pros_01"], gaps["gaps"]]
    by_respondent = [{**q, "id": f"{q['id']}_r", "counts_by": "respondent"} for q in by_state]
    views = [gaps["view_regional_guide"], labour["lab_05"], shipped["definitions"]["def_00"], labour["lab_10"]]
    return {"key": "attributable_phone", "title": "Everything, States named", "theme": "other",
            "questions": [*by_state, *by_respondent, *views]}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One server: the demo with its open sessions' results revealed, and a country-attributable event
    whose one session 12 delegates of 4 States answered, its results revealed."""
    from db.engine import make_engine, write_session
    from db.models import AttributionPolicy, Event
    from gapmap.demo import synthetic_values
    from gapmap.room import set_results_visible
    from questionnaires.loader import validate
    from tests.factories import answer, make_event

    chromium = chromium_or_skip()
    folder = tmp_path_factory.mktemp("phone-results")
    SHOTS.mkdir(parents=True, exist_ok=True)
    spec = attributable_spec()
    with running_app(folder) as base, browser(chromium) as b:
        engine = make_engine(f"sqlite:///{folder / 'browser.sqlite3'}")  # migrated and seeded by the server
        for session_id in DEMO_SESSIONS:
            set_results_visible(engine, session_id, True, actor="test")
        ids = make_event(engine, code=ATTRIBUTABLE, countries=COUNTRIES, questionnaire=spec)
        with write_session(engine) as db:
            db.get(Event, ids["event"]).attribution_policy = AttributionPolicy.ATTRIBUTABLE.value
        questionnaire = validate(spec)
        for country in COUNTRIES:
            for n in range(3):
                values = synthetic_values(questionnaire, country, n)
                answer(engine, ids, values, country=country, questionnaire=spec)
        set_results_visible(engine, ids["session"], True, actor="test")
        engine.dispose()
        yield base, b, ids["session"]


def units() -> dict[str, str]:
    """What each question of the demo's sessions and of the attributable event counts, by question id."""
    from questionnaires.loader import load_builtin, validate

    questions = [q for questionnaire in load_builtin() for q in questionnaire.questions]
    questions += validate(attributable_spec()).questions
    return {q.id: STATES if q.counting_unit == "state" else RESPONDENTS for q in questions}


def open_results(page, session_id: int, *, touch: bool = True) -> None:
    page.locator(f".st-key-answer-{session_id} button").click()
    wait_idle(page)
    summary = page.locator("[data-testid='stExpander'] summary").filter(has_text="Results so far")
    summary.tap() if touch else summary.click()
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_timeout(500)


def no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(f"{MAIN}.scrollWidth") <= width


def check_charts(page, *, min_plot: float) -> list[dict]:
    """Every chart on the page, measured in view: no toolbar, static, every text inside the chart,
    at least 12 px and over no other text; the plot at least `min_plot` px wide."""
    charts = page.locator(".js-plotly-plot")
    assert charts.count() > 0
    found = []
    for n in range(charts.count()):
        chart = charts.nth(n)
        chart.scroll_into_view_if_needed()
        m = chart.evaluate(MEASURE)
        where = f"chart {n}: {[t['text'] for t in m['texts'][:3]]}"
        assert not m["modebar"] and m["static"], where
        assert m["plot"] >= min_plot, (where, m["plot"])
        outside = [(t["text"], round(t["left"]), round(t["right"]), round(t["top"]), round(t["bottom"]))
                   for t in m["texts"] if t["left"] < -1 or t["top"] < -1 or t["right"] > m["width"] + 1
                   or t["bottom"] > m["height"] + 1]
        assert outside == [], (where, m["width"], m["height"], outside)
        assert [t["text"] for t in m["texts"] if t["size"] < 12] == [], where
        texts = m["texts"]
        overlaps = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                    if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
                    and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1]
        assert overlaps == [], (where, overlaps)
        found.append(m)
    assert page.locator(".modebar").count() == 0
    return found


def check_units(page) -> int:
    """Above every chart of a question what it counts, as on the dashboard; returns the questions seen."""
    expected = units()
    blocks = page.locator("[class*='st-key-phone-result-']")
    for n in range(blocks.count()):
        block = blocks.nth(n)
        question = block.get_attribute("class").split("st-key-phone-result-")[1].split()[0]
        charts = block.locator(".js-plotly-plot").count()
        captions = block.locator("[data-testid='stCaptionContainer']").all_inner_texts()
        said = [c for c in captions if c.endswith((STATES, RESPONDENTS))]
        if charts:
            assert len(said) == charts, (question, captions)
        assert {c.split()[-1] for c in said} <= {expected[question].split()[-1]}, (question, said)
    return blocks.count()


def top_of_results(page) -> None:
    page.locator("[data-testid='stExpander']").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.evaluate(f"{MAIN}.scrollBy(0, -70)")  # below Streamlit's header
    page.wait_for_timeout(300)


def shoot(page, name: str, width: int) -> None:
    """The open expander's top as the phone shows it, then each question whole (a tall window, the same width)."""
    top_of_results(page)
    page.screenshot(path=SHOTS / f"{name}-top.png")
    page.set_viewport_size({"width": width, "height": 4000})
    page.wait_for_timeout(500)
    blocks = page.locator("[class*='st-key-phone-result-']")
    for n in range(blocks.count()):
        block = blocks.nth(n)
        question = block.get_attribute("class").split("st-key-phone-result-")[1].split()[0]
        block.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        block.screenshot(path=SHOTS / f"{name}-{n:02d}-{question}.png")


@pytest.mark.parametrize("session_id", DEMO_SESSIONS)
def test_revealed_results_fit_a_phone(app, session_id):
    base, b, _ = app
    page = b.new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    join_by_link(page, base)
    open_results(page, session_id)
    no_sideways_scroll(page, PHONE["width"])
    check_charts(page, min_plot=150)
    assert check_units(page) > 0

    chart = page.locator(".js-plotly-plot").first  # a finger (here a wheel) on a chart scrolls the page
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    before, room = page.evaluate(f"[{MAIN}.scrollTop, {MAIN}.scrollHeight - {MAIN}.clientHeight - {MAIN}.scrollTop]")
    page.mouse.move(box["x"] + box["width"] / 2, max(box["y"], 0) + 100)
    page.mouse.wheel(0, 200 if room > 100 else -200)
    page.wait_for_timeout(300)
    assert page.evaluate(f"{MAIN}.scrollTop") != before
    shoot(page, f"results-{session_id}", PHONE["width"])


def test_revealed_results_name_states_on_a_phone_where_the_event_is_attributable(app):
    base, b, session_id = app
    page = b.new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    join_event(page, base, ATTRIBUTABLE)
    open_results(page, session_id)
    no_sideways_scroll(page, PHONE["width"])
    measured = check_charts(page, min_plot=150)  # labels of a word or a State code: a column
    assert check_units(page) == len(attributable_spec()["questions"])
    drawn = " ".join(t["text"] for m in measured for t in m["texts"])
    assert all(country in drawn for country in COUNTRIES)  # States named: rows of the tables, dots
    assert page.get_by_text("Columns: 1 = Cyber-scam centres").count() >= 1  # the key to a table's columns
    shoot(page, "results-attributable", PHONE["width"])


@pytest.mark.parametrize("session_id", (5, 8))
def test_the_phone_layout_still_reads_on_a_laptop(app, session_id):
    base, b, _ = app
    page = b.new_context(viewport=DESKTOP).new_page()
    join_by_link(page, base)
    open_results(page, session_id, touch=False)
    no_sideways_scroll(page, DESKTOP["width"])
    check_charts(page, min_plot=500)
    top_of_results(page)
    page.screenshot(path=SHOTS / f"results-{session_id}-laptop.png")
