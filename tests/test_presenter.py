"""Presenter mode: the event's slide row (`gapmap.presenter`), the deck a session's results make,
and the presenter console and projector pages in AppTest on the demo event."""
from __future__ import annotations

import re

import pytest
from sqlmodel import select

from db.engine import make_engine, read_session
from db.models import AgendaSession, Event, ProjectorSlide
from gapmap import presenter
from gapmap.aggregation import MatrixResult, MatrixRowResult, QuestionResult, TextItem, TextResult
from gapmap.bootstrap import prepare
from gapmap.charts import figures_for
from gapmap.privacy import Audience, VisibleResults, visible_question
from tests.app_support import open_page

PROJECTOR = Audience(k=3, name_countries=False, projector=True, whole_results_need_k=True)
ISO3 = ["KHM", "IND", "IDN", "LAO", "MYS", "MDV", "NPL", "PHL", "LKA", "THA", "TLS", "VNM"]


# --- the slide row ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('presenter') / 'p.sqlite3'}")
    prepare(engine, {}, env={})
    with read_session(engine) as db:
        event = db.exec(select(Event)).one()
        sessions = db.exec(select(AgendaSession).where(AgendaSession.event_id == event.id)
                           .order_by(AgendaSession.day, AgendaSession.position)).all()
    return engine, event, sessions


@pytest.fixture
def fresh(demo):
    engine, event, sessions = demo
    with read_session(engine) as db:
        row = db.get(ProjectorSlide, event.id)
    if row is not None:
        from db.engine import write_session
        with write_session(engine) as db:
            db.delete(db.get(ProjectorSlide, event.id))
    return engine, event, sessions


def test_a_screen_nobody_set_shows_the_first_open_session(fresh):
    engine, event, sessions = fresh
    showing = presenter.current(engine, event.id)
    first_open = next(s for s in sessions if s.state == "open")
    assert (showing.agenda_session_id, showing.view, showing.slide_index) == (first_open.id, "question", 0)


def test_next_and_previous_wrap_around_the_deck(fresh):
    engine, event, _ = fresh
    indexes = [presenter.step(engine, event.id, +1, count=3, actor="facilitator").slide_index for _ in range(4)]
    assert indexes == [1, 2, 0, 1]
    assert presenter.step(engine, event.id, -1, count=3, actor="facilitator").slide_index == 0
    assert presenter.step(engine, event.id, -1, count=3, actor="facilitator").slide_index == 2  # back past the first
    assert presenter.current(engine, event.id).updated_by == "facilitator"


def test_a_deck_that_shrank_steps_from_its_last_slide(fresh):
    engine, event, _ = fresh
    presenter.show(engine, event.id, slide_index=9, actor="facilitator")
    assert presenter.step(engine, event.id, -1, count=4, actor="facilitator").slide_index == 2
    assert presenter.clamp(9, 4) == 3 and presenter.clamp(0, 0) == 0


def test_changing_the_session_starts_at_its_first_slide(fresh):
    engine, event, sessions = fresh
    presenter.show(engine, event.id, agenda_session_id=sessions[1].id, slide_index=5, actor="organiser")
    assert presenter.current(engine, event.id).slide_index == 5  # the index given with a new session wins
    presenter.show(engine, event.id, slide_index=7, actor="organiser")
    showing = presenter.show(engine, event.id, agenda_session_id=sessions[2].id, actor="organiser")
    assert (showing.agenda_session_id, showing.slide_index) == (sessions[2].id, 0)
    same = presenter.show(engine, event.id, agenda_session_id=sessions[2].id, view="join", actor="organiser")
    assert (same.slide_index, same.view) == (0, "join")


def test_a_key_on_the_join_screen_brings_the_slides_back_first(fresh):
    engine, event, _ = fresh
    presenter.show(engine, event.id, view="join", slide_index=2, actor="facilitator")
    showing = presenter.step(engine, event.id, +1, count=5, actor="facilitator")
    assert (showing.view, showing.slide_index) == ("question", 2)


def test_an_unknown_view_or_another_events_session_is_refused(fresh):
    engine, event, _ = fresh
    with pytest.raises(presenter.PresenterError, match=r"Unknown view 'slideshow'.*question, join, blank"):
        presenter.show(engine, event.id, view="slideshow", actor="facilitator")
    with pytest.raises(presenter.PresenterError, match="not part of this event"):
        presenter.show(engine, event.id, agenda_session_id=10_000, actor="facilitator")
    with pytest.raises(presenter.PresenterError, match="starts at 0"):
        presenter.show(engine, event.id, slide_index=-1, actor="facilitator")
    assert presenter.current(engine, event.id).view == "question"  # nothing was written


# --- the deck -----------------------------------------------------------------------------------

def results(*questions: QuestionResult, respondents: int = 30, withheld: str = "") -> VisibleResults:
    shown = [visible_question(q, PROJECTOR) for q in questions]
    return VisibleResults(1, "Session", None, respondents, 12, {}, shown, 0, PROJECTOR, withheld=withheld)


def long_matrix(rows: int = 14) -> QuestionResult:
    scale = [("full", "Covered expressly"), ("partial", "Covered partly"), ("none", "Not covered")]
    result = MatrixResult(scale, [MatrixRowResult(f"r{i}", f"Element number {i} of the Palermo Protocol checklist",
                                                  {"full": 10, "partial": 12, "none": 8}, {}) for i in range(rows)])
    return QuestionResult("matrix", "matrix", "How far does national law cover each element?", 30, {}, result)


def text_question(answers: list[str]) -> QuestionResult:
    items = [TextItem(i, text, "", False, False, [], text) for i, text in enumerate(answers)]
    return QuestionResult("text", "long_text", "Anything else?", len(answers), {}, TextResult(items, [], []))


def figures(view: VisibleResults) -> dict:
    return {q.id: figures_for(q, None, big=True) for q in view.questions}


def test_a_long_matrix_pages_its_rows_over_several_slides():
    view = results(long_matrix(14))
    slides = presenter.deck(view, figures(view))
    assert [s.kind for s in slides] == ["chart"] * len(slides) and len(slides) >= 2
    spans = [s.rows for s in slides]
    assert spans[0][0] == 0 and spans[-1][1] == 14
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))  # every row once, in order
    assert max(b - a for a, b in spans) - min(b - a for a, b in spans) <= 1  # as even as possible
    labels = presenter.row_labels(figures(view)["matrix"][0][1])
    assert all(sum(label.count("<br>") + 2 for label in labels[a:b]) <= presenter.ROW_LINES for a, b in spans)
    assert slides[0].where == f"Question 1 of 1 · rows 1–{spans[0][1]} of 14"


def test_a_short_matrix_is_one_slide():
    view = results(long_matrix(3))
    [slide] = presenter.deck(view, figures(view))
    assert slide.rows is None and slide.where == "Question 1 of 1"


def test_a_text_slide_shows_the_newest_answers_that_fit_and_says_how_many():
    answers = [f"Answer {i}: " + "the law should name forced criminality as a purpose of exploitation " * 2
               for i in range(23)]
    view = results(text_question(answers))
    text = presenter.deck(view, figures(view))[0]
    assert text.kind == "text" and text.total_texts == 23
    assert 1 <= text.texts < 23
    assert text.shown == f"{text.texts} of 23 answers, newest first"
    assert presenter.answers_shown(["Yes."] * 40) == presenter.TEXT_MAX
    assert presenter.answers_shown(["x" * 5000]) == 1  # one very long answer still shows (clamped)


def test_hidden_answers_are_not_counted_or_shown():
    q = text_question(["kept", "hidden one"])
    q.result.items[1] = TextItem(1, "hidden one", "", True, False, [], "hidden one")
    view = results(q)
    assert presenter.visible_texts(view.questions[0]) == ["kept"]
    assert presenter.deck(view, {})[0].shown == "1 answer, newest first"


def test_withheld_results_keep_a_slide_per_question_showing_no_result():
    view = results(long_matrix(14), text_question(["a"]),
                   withheld="Results appear once at least 3 delegates have submitted.")
    assert [s.kind for s in presenter.deck(view, figures(view))] == ["withheld", "withheld"]


# --- the pages ----------------------------------------------------------------------------------

def head(at) -> str:
    """The projector's head line ('… Question 1 of 11 · 1/17')."""
    return next(h.proto.body for h in at.get("html") if "gm-head" in h.proto.body)


def event_id(engine) -> int:
    with read_session(engine) as db:
        return db.exec(select(Event)).one().id


def test_the_console_moves_the_slide_and_the_projector_follows(room):
    at, engine = room
    open_page(at, "pages/facilitator/presenter.py")
    first = presenter.current(engine, event_id(engine))
    at.button(key="presenter-next").click().run()
    assert not at.exception, at.exception
    assert presenter.current(engine, event_id(engine)).slide_index == first.slide_index + 1
    assert at.button(key="slide-1").proto.type == "primary"  # the list marks the slide on the screen
    count = len([b for b in at.button if re.fullmatch(r"slide-\d+", b.key or "")])
    at.button(key="slide-4").click().run()
    assert presenter.current(engine, event_id(engine)).slide_index == 4
    at.button(key="presenter-previous").click().run()
    assert presenter.current(engine, event_id(engine)).slide_index == 3
    open_page(at, "pages/facilitator/projector.py")
    assert head(at).endswith(f"4/{count}</span></div>")
    assert not at.main.button and not at.main.selectbox  # nothing for the room to see but the slide


def test_the_console_switches_the_projector_to_the_join_screen_and_back(room):
    at, engine = room
    open_page(at, "pages/facilitator/presenter.py")
    at.button_group(key="presenter-view").set_value("join").run()
    assert not at.exception, at.exception
    assert presenter.current(engine, event_id(engine)).view == "join"
    open_page(at, "pages/facilitator/projector.py")
    assert at.get("image")  # the QR code
    assert any("https://gapmap.example.org/?code=BKK2024" in m.value for m in at.markdown)
    presenter.show(engine, event_id(engine), view="blank", actor="facilitator")
    at.run()
    assert not at.get("image") and not at.get("plotly_chart")


def test_a_session_chosen_on_the_console_opens_on_its_first_slide(room):
    at, engine = room
    open_page(at, "pages/facilitator/presenter.py")
    at.button(key="slide-2").click().run()
    other = next(o for o in at.selectbox(key="room-session").options if "Palermo" in o or "definitions" in o)
    at.selectbox(key="room-session").select(other).run()
    assert not at.exception, at.exception
    showing = presenter.current(engine, event_id(engine))
    with read_session(engine) as db:
        assert "definitions" in db.get(AgendaSession, showing.agenda_session_id).title.lower()
    assert showing.slide_index == 0


def test_every_projector_slide_of_an_open_session_names_no_state(room):
    """Chatham House: the projector counts States and names none, on every slide; each chart slide
    carries one count, in the chart's title."""
    at, engine = room
    open_page(at, "pages/facilitator/projector.py")
    count = int(re.search(r"1/(\d+)</span>", head(at)).group(1))
    state_slides = 0
    for n in range(count):
        presenter.show(engine, event_id(engine), slide_index=n, actor="facilitator")
        at.run()
        assert not at.exception, at.exception
        assert f"{n + 1}/{count}" in head(at)
        specs = " ".join(c.proto.spec for c in at.get("plotly_chart"))
        assert not any(f'"{code}"' in specs for code in ISO3)
        assert len(re.findall(r"n = \d+ (?:States present|respondents?)", specs)) <= 1
        state_slides += "n = 12 States present" in specs
    assert state_slides > 0  # questions about the law are counted by State on the projector too
