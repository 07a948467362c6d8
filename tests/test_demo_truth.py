"""The demo says nothing false where the record is public, and its synthetic answers hang together."""
from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import AgendaSession, Answer, Participant, QuestionnaireVersion, Response
from db.questionnaire_store import definition
from gapmap.answers import decode
from gapmap.demo import START, seed_demo
from gapmap.demo_profiles import RARE
from gapmap.demo_texts import GAP_DESCRIPTIONS, PRINCIPAL_LAWS, TEXTS
from gapmap.reference import members_on
from gapmap.treaties import question_record


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """[(questionnaire, [(country, values), ...]), ...] for every agenda session of the demo."""
    from db.engine import make_engine
    from db.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    upgrade(engine)
    seed_demo(engine)
    sessions = []
    with read_session(engine) as db:
        for agenda_session in db.exec(select(AgendaSession).order_by(AgendaSession.day, AgendaSession.position)):
            questionnaire = definition(db.get(QuestionnaireVersion, agenda_session.questionnaire_version_id))
            answers: dict[int, list[Answer]] = defaultdict(list)
            countries = {}
            rows = db.exec(select(Answer, Participant.country, Response.id)
                           .join(Response, Answer.response_id == Response.id)
                           .join(Participant, Response.participant_id == Participant.id)
                           .where(Response.agenda_session_id == agenda_session.id))
            for answer, country, response_id in rows:
                answers[response_id].append(answer)
                countries[response_id] = country
            given = [(countries[r], decode(questionnaire, answers[r])) for r in sorted(answers)]
            sessions.append((questionnaire, given))
    engine.dispose()
    return sessions


def _questions(demo, kind: str | None = None):
    for questionnaire, responses in demo:
        for q in questionnaire.questions:
            if kind is None or q.type == kind:
                yield q, [(c, v[q.id]) for c, v in responses if q.id in v]


def test_treaty_answers_follow_the_records(demo):
    checked = 0
    for q, given in _questions(demo, "single_choice"):
        for country, answer in given:
            record = question_record(q, country, START)
            if record is not None:
                assert answer == (record.preselect or "dont_know"), (q.id, country, answer)
                checked += 1
    assert checked > 100
    p29 = dict(next(given for q, given in _questions(demo) if q.id == "lab_p29"))
    assert p29["THA"] == "party" and p29["MYS"] == "party", "both ratified P29 (4 Jun 2018; 21 Mar 2022)"


def test_trafficking_is_an_ml_predicate_in_every_demo_state(demo):
    given = next(given for q, given in _questions(demo) if q.id == "pros_04")
    assert given and {a for _, a in given} == {"yes"}


def test_the_aseanact_indicators_are_not_applicable_outside_asean(demo):
    asean = members_on("ASEAN", START)
    for country, answer in next(given for q, given in _questions(demo) if q.id == "data_aseanact"):
        assert (answer == "not_applicable") == (country not in asean), (country, answer)


def test_the_title_of_the_law_is_the_states_own(demo):
    given = next(given for q, given in _questions(demo) if q.id == "def_00")
    assert len(given) > 20
    assert all(title == PRINCIPAL_LAWS[country] for country, title in given)


def test_every_gap_is_described_as_its_type(demo):
    gaps = [gap for _, given in _questions(demo, "gap_register") for _, rows in given for gap in rows]
    assert len(gaps) > 30
    for gap in gaps:
        assert gap["description"] in GAP_DESCRIPTIONS[gap["gap_type"]], gap
        assert {"emerging_form", "reform", "addressee"} <= set(gap), "the register asks these of every gap"
    assert len({g["gap_type"] for g in gaps}) >= 8, "the room names many kinds of gap"


def test_free_text_is_varied_and_answers_its_question(demo):
    for kind in ("short_text", "long_text"):
        for q, given in _questions(demo, kind):
            if q.id == "def_00":
                continue
            texts = [t for _, t in given]
            assert all(t in TEXTS.get(q.id, []) for t in texts), q.id
            if texts:
                assert len(set(texts)) >= min(4, len(TEXTS[q.id])), f"{q.id}: {Counter(texts)}"


def test_no_dont_know_other_or_prefer_not_on_top_of_a_chart(demo):
    for kind in ("single_choice", "multiple_choice"):
        for q, given in _questions(demo, kind):
            counts = Counter(o for _, a in given for o in ([a] if isinstance(a, str) else a))
            top = max(counts.values())
            assert not [o for o, n in counts.items() if n == top and o in RARE], (q.id, counts)


def _state_items(demo):
    """(country, item) -> the answers its delegates gave, for every fact about the law."""
    items: dict[tuple, list] = defaultdict(list)
    for q, given in _questions(demo):
        if q.counting_unit != "state" or q.type == "gap_register":
            continue
        for country, value in given:
            if q.type == "matrix":
                for row, answer in value.items():
                    items[(country, q.id, row)].append(answer)
            elif q.type == "multiple_choice":
                for option in q.options:
                    items[(country, q.id, option.id)].append(option.id in value)
            else:
                items[(country, q.id)].append(value)
    return items


def test_a_states_delegates_mostly_agree_and_a_few_delegations_are_split(demo):
    agree: dict[str, list[bool]] = defaultdict(list)
    for (country, *_), answers in _state_items(demo).items():
        if len(answers) > 1:
            agree[country].append(len(set(answers)) == 1)
    assert len(agree) == 12
    for country, same in agree.items():
        assert sum(same) / len(same) >= 0.7, f"{country} agrees on {sum(same) / len(same):.0%} of state questions"
    split = sum(not s for same in agree.values() for s in same) / sum(len(same) for same in agree.values())
    assert 0.03 < split < 0.3, f"{split:.0%} of delegation positions are split"


def test_one_delegates_linked_answers_never_contradict(demo):
    questionnaire, responses = next((q, r) for q, r in demo if q.key == "data")
    checked = 0
    for _, values in responses:
        law, exemption = values.get("data_dp_law"), values.get("data_le_exemption")
        if law and exemption and "dont_know" not in (law, exemption):
            assert (law in {"sector_rules_only", "none"}) == (exemption == "no_law"), (law, exemption)
            checked += 1
    assert checked > 20
