"""Quote tagging: a facilitator marks free text quotable, and only that text reaches the brief,
attributed no closer than the report may say (SQLite and PostgreSQL).

The fixture, by hand: an event of seven States under the Chatham House Rule, k = 3. Delegates of
Thailand, Cambodia and Lao PDR (South-eastern Asia: 3 States, at least k) and of India and Nepal
(Southern Asia: 2 States, fewer than k) joined; Sri Lanka and Viet Nam are listed but nobody joined.
Session 1 (day 1, position 1) gets five comments, one per State, submitted in that order (Thailand
first, Nepal last); session 2 (day 1, position 2) one from Cambodia.
"""
import pytest
from sqlmodel import select

from db import audit
from db.engine import read_session, write_session
from db.models import Event, Moderation
from gapmap import responding
from gapmap.agenda_setup import add_session
from gapmap.aggregation import session_results
from gapmap.moderation import HIDDEN_NOT_QUOTABLE, ModerationError, moderate
from gapmap.privacy import Audience, audience_for, export_audience, quote_attribution
from gapmap.quotes import Quote, quotable_quotes
from gapmap.room import set_state
from tests.factories import make_event

SPEC = {
    "key": "quotes", "title": "Quotes fixture", "theme": "other",
    "questions": [
        {"id": "t1", "type": "long_text", "text": "What works in your framework?"},
        {"id": "c1", "type": "single_choice", "text": "Choice",
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        {"id": "g1", "type": "gap_register", "text": "Gaps",
         "gap_types": [{"id": "G01", "label": "Definition"}], "need_types": [{"id": "law", "label": "Law reform"}]},
    ],
}
SAID = {"THA": "Joint investigation teams work well", "KHM": "Online recruitment is not covered",
        "LAO": "We need training for labour inspectors", "IND": "Platforms do not keep records",
        "NPL": "Victims fear deportation"}
LATER = "Sentencing guidelines would help"  # Cambodia, in session 2
SEA, NOBODY = "a delegate from South-eastern Asia", "a delegate"
FULL = Audience(k=1, name_countries=True, original_text=True)  # export_audience(event, anonymise=False)


@pytest.fixture
def event(engine):
    ids = make_event(engine, code="QTE2024", questionnaire=SPEC,
                     countries=("THA", "KHM", "LAO", "VNM", "IND", "NPL", "LKA"))
    second = add_session(engine, ids["event"], day=1, title="Session two", version_id=ids["version"]).id
    set_state(engine, second, "open", actor="facilitator")
    answers = {}
    for n, (country, text) in enumerate([*SAID.items(), ("KHM", LATER)]):
        session = ids["session"] if text != LATER else second
        p = responding.join(engine, event_id=ids["event"], country=country, sector="prosecution")
        copy = responding.open_session(engine, p, session)
        gaps = [{"gap_type": "G01", "description": f"Gap described in {country}", "severity": 3}]
        assert responding.submit(engine, p, copy, {"t1": text, "c1": "a", "g1": gaps}, token=f"q{n}").ok
    for session in (ids["session"], second):
        for item in session_results(engine, session).question("t1").result.items:
            answers[item.text] = item.answer_id
    return engine, {**ids, "second": second}, answers


def quotes(engine, ids, audience=FULL, **kwargs) -> list[Quote]:
    return quotable_quotes(engine, ids["event"], audience, **kwargs)


def mark(engine, answers, *texts, actor="facilitator"):
    for text in texts:
        moderate(engine, answers[text], actor=actor, quotable=True)


def set_policy(engine, ids, policy: str) -> Event:
    with write_session(engine) as s:
        stored = s.get(Event, ids["event"])
        stored.attribution_policy = policy
        s.add(stored)
    with read_session(engine) as s:
        return s.get(Event, ids["event"])


# --- what reaches the brief ----------------------------------------------------------------------

def test_only_text_a_facilitator_marked_quotable_is_quoted(event):
    engine, ids, answers = event
    assert quotes(engine, ids) == []  # nothing marked: nothing quoted, however many texts there are
    moderate(engine, answers[SAID["KHM"]], actor="facilitator", tags=["recruitment"])  # moderated, not quotable
    mark(engine, answers, SAID["THA"], SAID["IND"])
    found = quotes(engine, ids)
    assert [q.text for q in found] == [SAID["IND"], SAID["THA"]]  # newest first: India submitted after Thailand
    assert found[0] == Quote(ids["session"], "Session one", "t1", "What works in your framework?", SAID["IND"],
                             NOBODY)


def test_a_gap_description_is_never_a_quote_even_when_marked(event):
    engine, ids, answers = event
    gap = next(i for i in session_results(engine, ids["session"]).question("g1").result.texts if i.country == "THA")
    assert gap.text == "Gap described in THA"
    moderate(engine, gap.answer_id, actor="facilitator", quotable=True)
    assert quotes(engine, ids) == []  # only answers to free-text questions are quoted


def test_a_redacted_quote_is_quoted_as_redacted_in_every_report(event):
    engine, ids, answers = event
    mark(engine, answers, SAID["THA"])
    moderate(engine, answers[SAID["THA"]], actor="facilitator", redacted_text="Joint teams work well")
    for audience in (FULL, Audience(k=3, small_group_text=False)):  # the full report keeps originals elsewhere
        assert [q.text for q in quotes(engine, ids, audience)] == ["Joint teams work well"]


def test_hiding_clears_quotable_and_a_hidden_answer_cannot_be_marked(event):
    engine, ids, answers = event
    mark(engine, answers, SAID["THA"])
    moderate(engine, answers[SAID["THA"]], actor="facilitator", hidden=True)
    assert quotes(engine, ids) == []
    with read_session(engine) as s:
        decision = s.exec(select(Moderation).where(Moderation.answer_id == answers[SAID["THA"]])).one()
        assert (decision.hidden, decision.quotable) == (True, False)
        entries = len(audit.entries(db=s, actions=["text_moderated"]))
    with pytest.raises(ModerationError, match="A hidden answer cannot be quotable"):
        moderate(engine, answers[SAID["THA"]], actor="facilitator", quotable=True)
    with pytest.raises(ModerationError):  # nor hidden and marked in one go
        moderate(engine, answers[SAID["KHM"]], actor="facilitator", hidden=True, quotable=True)
    with read_session(engine) as s:
        assert len(audit.entries(db=s, actions=["text_moderated"])) == entries  # nothing changed
        assert s.exec(select(Moderation).where(Moderation.answer_id == answers[SAID["KHM"]])).first() is None
    moderate(engine, answers[SAID["THA"]], actor="facilitator", hidden=False, quotable=True)  # shown again first
    assert [q.text for q in quotes(engine, ids)] == [SAID["THA"]]
    assert HIDDEN_NOT_QUOTABLE.startswith("A hidden answer cannot be quotable")


def test_marking_is_audited_without_the_text(event):
    engine, ids, answers = event
    mark(engine, answers, SAID["LAO"])
    moderate(engine, answers[SAID["LAO"]], actor="facilitator", quotable=True)  # no change: no entry
    moderate(engine, answers[SAID["LAO"]], actor="organiser", quotable=False)
    with read_session(engine) as s:
        entries = audit.entries(db=s, actions=["text_moderated"])
    assert [(e.actor, e.detail) for e in entries] == [
        ("organiser", {"answer_id": answers[SAID["LAO"]], "question_id": "t1", "quotable": False}),
        ("facilitator", {"answer_id": answers[SAID["LAO"]], "question_id": "t1", "quotable": True})]
    assert not any(SAID["LAO"] in str(e.detail) for e in entries)


def test_quotes_come_in_agenda_order_newest_first_and_from_the_chosen_sessions(event):
    engine, ids, answers = event
    mark(engine, answers, LATER, SAID["THA"], SAID["KHM"], SAID["NPL"])
    found = quotes(engine, ids)
    assert [(q.session_title, q.text) for q in found] == [
        ("Session one", SAID["NPL"]), ("Session one", SAID["KHM"]), ("Session one", SAID["THA"]),
        ("Session two", LATER)]
    assert [q.text for q in quotes(engine, ids, session_ids=[ids["second"]])] == [LATER]
    assert quotes(engine, ids, session_ids=[]) == []
    assert quotable_quotes(engine, 999_999, FULL) == []  # no such event


# --- attribution (gapmap.privacy.quote_attribution) ----------------------------------------------

def test_under_the_chatham_house_rule_no_quote_names_a_state(event):
    engine, ids, answers = event
    mark(engine, answers, *SAID.values())
    with read_session(engine) as s:
        stored = s.get(Event, ids["event"])
    for audience in (export_audience(stored, anonymise=False), export_audience(stored, anonymise=True)):
        said = {q.text: q.attribution for q in quotes(engine, ids, audience)}
        # South-eastern Asia: 3 joined States (k = 3); Southern Asia: India and Nepal only (2 < k)
        assert {said[SAID[c]] for c in ("THA", "KHM", "LAO") if SAID[c] in said} == {SEA}
        assert {said[SAID[c]] for c in ("IND", "NPL") if SAID[c] in said} <= {NOBODY}
        names = ("Thailand", "Cambodia", "Lao", "India", "Nepal", "Southern Asia")
        assert not any(name in attribution for attribution in said.values() for name in names)


def test_a_full_report_of_an_attributable_event_names_the_state_and_an_anonymised_one_does_not(event):
    engine, ids, answers = event
    mark(engine, answers, SAID["THA"], SAID["IND"])
    stored = set_policy(engine, ids, "attributable")
    full = {q.text: q.attribution for q in quotes(engine, ids, export_audience(stored, anonymise=False))}
    assert full == {SAID["THA"]: "a delegate of Thailand", SAID["IND"]: "a delegate of India"}
    shared = {q.text: q.attribution for q in quotes(engine, ids, export_audience(stored, anonymise=True))}
    assert shared.get(SAID["THA"]) == SEA and shared.get(SAID["IND"], NOBODY) == NOBODY
    facilitator = {q.text: q.attribution for q in quotes(engine, ids, audience_for(stored, role="facilitator"))}
    assert facilitator == {SAID["THA"]: SEA, SAID["IND"]: NOBODY}  # a screen is no full report


def test_the_sub_region_is_named_only_with_at_least_k_states_present():
    from datetime import date

    event = Event(code="K2024", title="t", start_date=date(2024, 8, 20), end_date=date(2024, 8, 21),
                  countries=["THA", "KHM", "LAO", "IND", "NPL", "LKA"], min_group_size=3)
    assert quote_attribution("THA", {"THA", "KHM", "LAO"}, FULL, event=event) == SEA
    assert quote_attribution("THA", {"THA", "KHM"}, FULL, event=event) == NOBODY  # 2 < 3 (the full report's k is 1)
    assert quote_attribution("IND", ["IND", "NPL", "LKA"], FULL, event=event) == "a delegate from Southern Asia"
    assert quote_attribution("THA", {"KHM", "LAO"}, FULL, event=event) == SEA  # the speaker's own State counts
    event.min_group_size = 4
    assert quote_attribution("THA", {"THA", "KHM", "LAO"}, FULL, event=event) == NOBODY
    assert quote_attribution("XXX", {"THA", "KHM", "LAO"}, FULL, event=event) == NOBODY  # no known sub-region
    event.attribution_policy = "attributable"
    assert quote_attribution("LAO", set(), FULL, event=event) == "a delegate of Lao PDR"
    assert quote_attribution("LAO", {"THA", "KHM", "LAO", "VNM"}, Audience(k=4, name_countries=True),
                             event=event) == SEA  # not a full report: never the State


def test_an_anonymised_brief_quotes_only_text_the_anonymised_workbook_shows(event):
    """Both follow gapmap.privacy's rule for free text from small groups: whatever it keeps."""
    import io

    from openpyxl import load_workbook

    from exports.report import build_report
    from exports.xlsx import write_xlsx

    engine, ids, answers = event
    mark(engine, answers, *SAID.values(), LATER)
    for policy in ("chatham_house", "attributable"):
        stored = set_policy(engine, ids, policy)
        buffer = io.BytesIO()
        write_xlsx(build_report(engine, "QTE2024", anonymise=True), buffer)
        buffer.seek(0)
        sheet = load_workbook(buffer)["Free text"]
        shown = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
        quoted = {q.text for q in quotes(engine, ids, export_audience(stored, anonymise=True))}
        assert quoted and quoted <= shown, policy
        full = quotes(engine, ids, export_audience(stored, anonymise=False))
        assert {q.text for q in full} == {*SAID.values(), LATER}


# --- the schema -----------------------------------------------------------------------------------

def test_0008_leaves_earlier_decisions_not_quotable_and_goes_back(event):
    from sqlalchemy import MetaData, Table

    from db.migrate import downgrade, upgrade

    engine, ids, answers = event
    moderate(engine, answers[SAID["THA"]], actor="facilitator", tags=["x"])
    mark(engine, answers, SAID["KHM"])
    downgrade(engine, "0007")
    with engine.connect() as conn:
        assert "quotable" not in Table("moderation", MetaData(), autoload_with=conn).c
    upgrade(engine)
    with read_session(engine) as s:
        assert [(m.tags, m.quotable) for m in s.exec(select(Moderation).order_by(Moderation.id))] == [
            (["x"], False), ([], False)]
    assert quotes(engine, ids) == []


# --- the Moderate text page -----------------------------------------------------------------------

def test_the_moderation_page_marks_an_answer_quotable_and_hiding_clears_it(room):
    from tests.app_support import open_page

    at, engine = room
    open_page(at, "pages/facilitator/moderation.py")
    assert any("quotable" in c.value for c in at.caption)  # the page says what quotable means
    toggle = next(t for t in at.toggle if t.key.startswith("quote-"))
    answer_id = int(toggle.key.split("-")[1])
    toggle.set_value(True).run()
    assert not at.exception

    def decision():
        with read_session(engine) as s:
            return s.exec(select(Moderation).where(Moderation.answer_id == answer_id)).one()

    assert decision().quotable is True
    at.segmented_control(key="moderation-filter").set_value("Quotable").run()
    assert [t.key for t in at.toggle if t.key.startswith("quote-")] == [f"quote-{answer_id}"]
    at.toggle(key=f"hide-{answer_id}").set_value(True).run()
    assert not at.exception and not at.error
    assert (decision().hidden, decision().quotable) == (True, False)
    at.segmented_control(key="moderation-filter").set_value("Hidden").run()
    quote = at.toggle(key=f"quote-{answer_id}")
    assert quote.value is False and quote.disabled
