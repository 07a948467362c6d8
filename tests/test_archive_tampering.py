"""A tampered or damaged archive is refused whole, every problem named by its path in the file,
with exit code 2 from the command line; nothing is written. Hypothesis mutates a valid archive
anywhere: a restore either succeeds or says why, never with an unhandled exception or half a
write."""
from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.engine import make_engine, write_session
from db.migrate import upgrade
from db.responses import AnswerIn, save_response
from exports.__main__ import main as exports_main
from exports.archive import ArchiveError, _definition_hash, archive_event, restore_json
from gapmap.demo import DEMO_CODE, seed_demo
from tests.factories import make_event, make_participants
from tests.test_archive import counts, restored_engine


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory) -> dict:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}")
    upgrade(engine)
    seed_demo(engine)
    return archive_event(engine, DEMO_CODE)


def first_answer(data, where=lambda _answer: True):
    return next((r, a) for r in data["responses"] for a in r["answers"] if where(a))


def recomputed(data):
    q = data["questionnaires"][0]
    q["definition"]["questions"][0]["type"] = "no_such_type"
    q["content_hash"] = _definition_hash(q["definition"])


def dangling_answer_ref(data):
    response, answer = first_answer(data)
    ref = {"participant": "x" * 32, **response["session"],
           **{k: answer[k] for k in ("question_id", "row", "item", "option")}}
    data["audit"].append({"at": data["event"]["created_at"], "actor": "facilitator", "action": "answer_hidden",
                          "detail": {"answer_ref": ref}})


TAMPERED = [
    ("countries as a string", lambda d: d["event"].update(countries="THA"), "event.countries"),
    ("a rank in words", lambda d: first_answer(d)[1].update(rank="first"), ".rank"),
    ("a draft that is not an object", lambda d: d["responses"][0].update(draft="junk"), "responses[0].draft"),
    ("a number as text", lambda d: first_answer(d)[1].update(number="5"), ".number"),
    ("a 5,000-character country", lambda d: d["participants"][0].update(country="X" * 5000),
     "participants[0].country"),
    ("an invalid definition with its hash recomputed", recomputed, "is not valid"),
    ("k of a million", lambda d: d["event"].update(min_group_size=1_000_000), "event.min_group_size"),
    ("k of 10^40", lambda d: d["event"].update(min_group_size=10**40), "event.min_group_size"),
    ("a state that does not exist", lambda d: d["responses"][0].update(status="hacked"), "responses[0].status"),
    ("is_demo as a word", lambda d: d["event"].update(is_demo="no"), "event.is_demo"),
    ("an answer reference to nothing", lambda d: dangling_answer_ref(d), "answer_ref"),
    ("an end before the start", lambda d: d["event"].update(end_date="2024-08-19"), "end_date"),
]


@pytest.mark.parametrize("name, change, path", TAMPERED, ids=[t[0] for t in TAMPERED])
def test_a_tampered_archive_is_refused_naming_the_place(demo_archive, tmp_path, name, change, path):
    data = copy.deepcopy(demo_archive)
    change(data)
    target = restored_engine(tmp_path)
    with pytest.raises(ArchiveError) as raised:
        restore_json(target, json.dumps(data))
    assert path in str(raised.value)
    assert counts(target)["event"] == 0 and counts(target)["answer"] == 0


def test_a_number_beyond_a_float_is_refused(demo_archive, tmp_path):
    data = copy.deepcopy(demo_archive)
    first_answer(data, lambda a: a["number"] is not None)[1]["number"] = 123456789.5
    text = json.dumps(data).replace("123456789.5", "1e400")
    target = restored_engine(tmp_path)
    with pytest.raises(ArchiveError, match="number"):
        restore_json(target, text)
    assert counts(target)["event"] == 0


def test_the_command_line_prints_each_problem_and_exits_2(demo_archive, tmp_path, capsys):
    data = copy.deepcopy(demo_archive)
    data["event"]["min_group_size"] = 1_000_000
    data["responses"][0]["status"] = "hacked"
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert exports_main(["--url", url, "restore", str(path)]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert any("event.min_group_size" in e for e in errors) and any("responses[0].status" in e for e in errors)
    assert counts(make_engine(url))["event"] == 0


# --- Hypothesis: any mutation anywhere ------------------------------------------------------

def small_archive() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'small.sqlite3'}")
        upgrade(engine)
        ids = make_event(engine, code="SMALL2024")
        participant = make_participants(engine, ids["event"], 1)[0]
        with write_session(engine) as db:
            save_response(db=db, participant_id=participant, agenda_session_id=ids["session"],
                          questionnaire_version_id=ids["version"], submit=True,
                          answers=[AnswerIn(question_id="q1", option="a"), AnswerIn(question_id="q2", text="x")])
        data = archive_event(engine, "SMALL2024")
        engine.dispose()
        return data


SMALL = small_archive()


def places(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from places(value, (*path, i))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
TARGET = tempfile.mkdtemp()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from([p for p in places(SMALL) if p]), value=JSON_VALUES, drop=st.booleans())
def test_any_mutation_is_restored_or_refused_whole(place, value, drop):
    data = copy.deepcopy(SMALL)
    holder = data
    for step in place[:-1]:
        holder = holder[step]
    if drop and isinstance(holder, dict):
        holder.pop(place[-1])
    else:
        holder[place[-1]] = value
    engine = make_engine(f"sqlite:///{TARGET}/mutations.sqlite3")
    upgrade(engine)
    before = counts(engine)
    try:
        restore_json(engine, json.dumps(data), new_code="MUT" + str(before["event"]).zfill(4))
    except ArchiveError:
        assert counts(engine) == before  # refused whole
    engine.dispose()
