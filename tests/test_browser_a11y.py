"""Accessibility in a real browser: axe-core (through axe-playwright-python) finds no serious or
critical violation on any page a delegate sees on a phone (390 × 844, touch) or any page staff see
on a laptop (1440 × 900). The answer page holds every question type, a gap register row and the
revealed "Results so far", so one run covers every widget a delegate meets.

A failure names, for each violation, the page, the rule, its impact, the elements (CSS selectors)
and their HTML, e.g. `start page: color-contrast (serious) ... [data-testid="stCaptionContainer"]`.
Set GAPMAP_AXE_REPORT=/path/file.json to also write every violation (of any impact) there."""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser_support import ORGANISER, browser, choose, chromium_or_skip, running_app, sign_in, wait_idle
from tests.test_browser import PHONE

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1440, "height": 900}
#: What fails the test: axe's two worst impacts (its others are "moderate" and "minor").
BLOCKING = ("serious", "critical")
#: Rules enforced whatever axe's impact: heading levels that skip one confuse a screen reader's outline.
ALSO_BLOCKING = ("heading-order",)

#: The one exception, for markup that is Streamlit's and no theme or page of ours can change: with
#: page sections (the organiser's "Set up" / "Run the room" / "Reports"), st.navigation's sidebar
#: list <ul data-testid="stSidebarNavItems"> holds a <div> per section with the <li> links inside,
#: so axe's `list` and `listitem` rules fail on it (Streamlit 1.67). Only these two rules, and only
#: inside that list, are let through: both still apply everywhere else.
STREAMLIT_NAV = "[data-testid='stSidebarNavItems']"
STREAMLIT_NAV_RULES = ("list", "listitem")

CODE = "AXE2024"
OPTIONS = [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}, {"id": "dk", "label": "Don't know"}]
#: One question of every type (questionnaires/schema.py QUESTION_TYPES).
EVERY_TYPE = {
    "key": "every_type", "title": "Every question type", "theme": "other",
    "intro": "One question of each kind, for the accessibility check.",
    "questions": [
        {"id": "single", "type": "single_choice", "text": "Is recruitment into scam centres an offence?",
         "help": "Answer for your State's law.", "required": True, "options": OPTIONS},
        {"id": "multiple", "type": "multiple_choice", "text": "Which laws apply?",
         "options": [{"id": "penal", "label": "Penal code"}, {"id": "labour", "label": "Labour law"},
                     {"id": "none", "label": "None", "exclusive": True}]},
        {"id": "likert", "type": "likert", "text": "How well does the law work?", "allow_na": True,
         "scale": [{"value": n, "label": label} for n, label in
                   enumerate(["Not at all", "Poorly", "Somewhat", "Well", "Very well"], start=1)]},
        {"id": "ranking", "type": "ranking", "text": "Rank the priorities", "top_n": 2,
         "options": [{"id": "train", "label": "Training"}, {"id": "law", "label": "Law reform"},
                     {"id": "coop", "label": "Cooperation"}]},
        {"id": "matrix", "type": "matrix", "text": "Who can investigate?",
         "rows": [{"id": "police", "text": "Police", "note": "Including immigration police."},
                  {"id": "labour", "text": "Labour inspectors"}],
         "scale": OPTIONS},
        {"id": "number", "type": "number", "text": "Cases prosecuted last year", "min": 0, "integer": True,
         "unit": "cases"},
        {"id": "short", "type": "short_text", "text": "The main law's name"},
        {"id": "long", "type": "long_text", "text": "What would help most?"},
        {"id": "gaps", "type": "gap_register", "text": "Gaps in the legal framework",
         "gap_types": [{"id": "G01", "label": "No offence"}, {"id": "G02", "label": "Weak penalties"}],
         "need_types": [{"id": "training", "label": "Training"}, {"id": "reform", "label": "Law reform"}]},
    ],
}
#: What the other delegates submitted, so "Results so far" draws a chart of every type.
SUBMITTED = {
    "single": "yes", "multiple": ["penal", "labour"], "likert": 4, "ranking": ["law", "train"],
    "matrix": {"police": "yes", "labour": "dk"}, "number": 12, "short": "Penal Code s. 312",
    "long": "Joint training of police and labour inspectors",
    "gaps": [{"gap_type": "G01", "description": "No offence of recruiting into scam centres",
              "law": "Penal Code", "severity": 4, "need_type": "reform", "priority": "high"}],
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One server and one browser for the module: the demo event (for the staff pages) and a small
    event whose one open session asks every question type, answered by four others, results revealed."""
    from db.engine import make_engine
    from gapmap.room import set_results_visible
    from tests.factories import answer, make_event

    chromium = chromium_or_skip()
    folder = tmp_path_factory.mktemp("a11y")
    with running_app(folder) as base, browser(chromium) as b:
        engine = make_engine(f"sqlite:///{folder / 'browser.sqlite3'}")  # migrated by the server's start
        ids = make_event(engine, code=CODE, countries=("THA", "KHM", "LAO", "VNM"), questionnaire=EVERY_TYPE)
        for country in ("KHM", "LAO", "VNM", "KHM"):
            answer(engine, ids, SUBMITTED, country=country, questionnaire=EVERY_TYPE)
        set_results_visible(engine, ids["session"], True, actor="facilitator")
        engine.dispose()
        yield base, b


#: Streamlit's scrolling boxes: the page's main column and the sidebar.
SCROLLERS = "[data-testid='stMain'], [data-testid='stSidebarContent']"


def violations(page, where: str) -> list[dict]:
    """axe's violations on the page as it is now, each tagged with `where`.

    axe checks colour contrast only of what is on the screen, and Streamlit's page scrolls inside
    its main column: for the check the window is made as tall as the whole page (same width, same
    layout), then given its size back."""
    from axe_playwright_python.sync_playwright import Axe

    size = page.viewport_size
    tall = page.evaluate(f"Math.max(...[...document.querySelectorAll(\"{SCROLLERS}\")].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], tall + 100)})
    page.wait_for_timeout(150)  # the new size laid out, Streamlit's transitions (expanders, fades) done
    try:
        found = outside_streamlit_nav(page, Axe().run(page).response["violations"])
    finally:
        page.set_viewport_size(size)
    return [dict(v, where=where) for v in found]


def blocking(found: list[dict]) -> list[dict]:
    return [v for v in found if v["impact"] in BLOCKING or v["id"] in ALSO_BLOCKING]


def outside_streamlit_nav(page, found: list[dict]) -> list[dict]:
    """`found` without the `list`/`listitem` findings on Streamlit's sectioned sidebar list."""
    kept = []
    for v in found:
        if v["id"] in STREAMLIT_NAV_RULES:
            nodes = [n for n in v["nodes"] if not page.evaluate(
                "([target, nav]) => !!document.querySelector(target)?.closest(nav)", [n["target"][-1], STREAMLIT_NAV])]
            if not nodes:
                continue
            v = dict(v, nodes=nodes)
        kept.append(v)
    return kept


def report(found: list[dict]) -> str:
    """Rule, impact and every element (selector and HTML), page by page: what to fix and where."""
    lines = []
    for v in found:
        lines.append(f"\n{v['where']}: {v['id']} ({v['impact']}) – {v['help']} ({len(v['nodes'])} element(s))")
        for node in v["nodes"][:8]:
            lines.append(f"    {' '.join(str(t) for t in node['target'])}")
            lines.append(f"      {node['html'][:300]}")
            if summary := node.get("failureSummary"):
                lines.append("      " + summary.replace("\n", " ")[:300])
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def keep(found: list[dict], name: str) -> None:
    """With GAPMAP_AXE_REPORT set, add every violation (any impact) to that JSON file."""
    path = os.environ.get("GAPMAP_AXE_REPORT")
    if not path:
        return
    previous = json.loads(Path(path).read_text()) if os.path.exists(path) else {}
    previous[name] = [{"where": v["where"], "id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
                       "targets": [n["target"] for n in v["nodes"]]} for v in found]
    Path(path).write_text(json.dumps(previous, indent=1))


def check(found: list[dict], name: str) -> None:
    keep(found, name)
    bad = blocking(found)
    assert not bad, f"{len(bad)} accessibility violation(s):" + report(bad)


def test_every_page_a_delegate_sees_on_a_phone(app):
    base, b = app
    page = b.new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    found = []
    page.goto(base)
    wait_idle(page)
    found += violations(page, "start page")

    page.goto(f"{base}/?code={CODE}")
    wait_idle(page)
    assert page.get_by_text("Before you start").is_visible()
    found += violations(page, "consent step")

    choose(page, "join-country", "Thailand")
    choose(page, "join-sector", "Prosecution")
    page.locator(".st-key-join-consent label").click()
    page.locator(".st-key-join-start button").click()
    wait_idle(page)
    found += violations(page, "agenda")

    page.get_by_role("button", name="Start answering").click()
    wait_idle(page)
    page.locator(".st-key-q-single").get_by_text("Yes", exact=True).click()  # a saved answer: its "Saved at"
    wait_idle(page)
    page.locator(".st-key-question-gaps").get_by_role("button", name="Add a gap").click()
    wait_idle(page)
    assert page.locator(".st-key-question-gaps").get_by_text("Gap 1").is_visible()
    found += violations(page, "answer page (every question type, a gap row)")

    page.get_by_text("Results so far").click()
    wait_idle(page)
    expander = page.locator("[data-testid='stExpander']").filter(has_text="Results so far")
    assert expander.locator("[data-testid='stPlotlyChart'], .stPlotlyChart").count() > 0
    found += violations(page, "answer page, Results so far open")
    check(found, "delegate")


def test_every_staff_page_on_a_laptop(app):
    """Every page in the organiser's sidebar (the facilitator's are a subset), opened by its link like
    a person would: the room's screens hide the sidebar, so the page after one is opened by address
    (signed in again by the staff cookie)."""
    base, b = app
    page = b.new_context(viewport=LAPTOP).new_page()
    sign_in(page, base, "organiser", ORGANISER)
    links = page.locator("[data-testid='stSidebarNav'] a")
    expect(links.first).to_be_visible(timeout=15_000)  # the signed-in page's sidebar, however busy the host
    # a link's text is its icon's name, then its title
    pages = [(links.nth(i).inner_text().split("\n")[-1].strip(), links.nth(i).get_attribute("href"))
             for i in range(links.count())]
    assert len(pages) >= 13, pages  # every organiser page, the room's included
    found = []
    for name, url in pages:
        link = page.locator(f"[data-testid='stSidebarNav'] a[href='{url}']")
        if link.is_visible():
            link.click()
            page.wait_for_url(url)
        else:
            wait_for_staff_cookie(page)
            page.goto(url)
        wait_idle(page)
        assert page.locator(".st-key-sign-in-submit").count() == 0, f"{url}: signed out"
        found += violations(page, f"{name} ({urlsplit(url).path})")
    check(found, "staff")


def wait_for_staff_cookie(page) -> None:
    """The cookie that signs a new page load in is set a moment after sign-in."""
    for _ in range(100):
        if any(c["name"] == "gapmap_staff" for c in page.context.cookies()):
            return
        page.wait_for_timeout(100)
