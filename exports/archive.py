"""A complete, lossless JSON archive of one event, and its restore.

The archive holds the event, the questionnaire versions it uses, its agenda, participants,
responses (with drafts), answers (with moderation), the heads of delegation (a participant's token
per State), the positions they cleared (with their notes) and its audit log entries. Archives
written before heads and cleared positions existed lack those two lists and restore without them; those written
before events had a time zone lack `event.time_zone` and restore in UTC, as their times were shown; those written
before events had objectives and partners, or before text could be marked quotable, lack `event.objectives`,
`event.partners` and `moderation.quotable` and restore with none and not quotable. It names rows by
their natural keys only (a participant's token, a session's day and position, a questionnaire's
key and version, an answer's question/row/item/option), never by database ids, and lists them in
a fixed order, so the same data always gives the same bytes: archive -> restore -> archive is
byte-identical, on SQLite and on PostgreSQL.

Datetimes are ISO 8601 strings in UTC (with microseconds), dates ISO dates. Text is kept exactly.

The demo event's archive also says, at its top level, `"demo_marker": "Synthetic demo data — not
the States' answers"` (`gapmap.demo_marker`); a restore reads the event's `is_demo`, not this
line, and writes it again, so the round trip stays byte-identical. Other archives, and those written
before the marker, have no such key.

Audit entries refer to rows by id in their `detail` (`agenda_session_id`, `response_id`,
`answer_id`, `participant_id`); the archive turns these into natural keys (`agenda_session_ref`,
`response_ref`, `answer_ref`, `participant_ref`) and a restore turns them back into the new ids.
An id that points at a row no longer there (an answer replaced by a re-submission) becomes null.

A restore runs in one write transaction: a failure leaves nothing behind.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from typing import Any, Iterable

from sqlalchemy import Date, DateTime, insert, select
from sqlalchemy.engine import Connection, Engine

from db.engine import read_session, write_session
from db.models import (
    DEFAULT_TIME_ZONE,
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
from exports.archive_schema import check_archive
from gapmap.demo_marker import DEMO_MARKER
from questionnaires.loader import QuestionnaireError, validate

FORMAT = "gapmap-archive"
FORMAT_VERSION = 1

EVENT_COLUMNS = [c.name for c in Event.__table__.columns if c.name != "id"]
#: Event columns added after archives were first written, and the value an older archive means.
EVENT_COLUMN_DEFAULTS = {"time_zone": DEFAULT_TIME_ZONE, "objectives": [], "partners": []}
QUESTIONNAIRE_FIELDS = ("key", "version", "theme", "title", "definition", "content_hash", "source")
ANSWER_VALUE_FIELDS = ("number", "text", "rank")

#: Audit detail keys holding a database id, and the key their natural reference goes under.
_AUDIT_REFS = {
    "agenda_session_id": "agenda_session_ref",
    "response_id": "response_ref",
    "answer_id": "answer_ref",
    "participant_id": "participant_ref",
}
_AUDIT_IDS = {ref: key for key, ref in _AUDIT_REFS.items()}

#: Answers are inserted in batches of this many rows.
_ANSWER_BATCH = 5_000


class ArchiveError(ValueError):
    """An archive that cannot be written or restored; the message says why, and `problems` lists
    each problem of a damaged archive with its path in the file."""

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


# --- values ----------------------------------------------------------------------------------

def _iso(value: datetime | None) -> str | None:
    """UTC, always with microseconds, so equal instants give equal strings on every database."""
    if value is None:
        return None
    value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value.isoformat(timespec="microseconds")


def _parse_datetime(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: expected a date and time as text, found {value!r}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ArchiveError(f"{where}: {value!r} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        raise ArchiveError(f"{where}: {value!r} has no time zone (archives hold UTC)")
    return parsed.astimezone(timezone.utc)


def _parse_date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ArchiveError(f"{where}: {value!r} is not an ISO date") from None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _is_a(column, sql_type) -> bool:
    """Whether a column is of `sql_type`, also through a TypeDecorator (SQLModel's UTCDateTime)."""
    return isinstance(column.type, sql_type) or isinstance(getattr(column.type, "impl", None), sql_type)


def _sort_key_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _definition_hash(definition: dict) -> str:
    """The same hash as questionnaires.loader.content_hash, from the stored JSON."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- archive ---------------------------------------------------------------------------------

def archive_json(engine: Engine, event_code: str) -> str:
    """The archive of one event as JSON text (the same data always gives the same text)."""
    return json.dumps(archive_event(engine, event_code), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def archive_event(engine: Engine, event_code: str) -> dict:
    """The archive of the event whose join code is `event_code` (archived events included)."""
    with read_session(engine) as db:
        conn = db.connection()
        ev = Event.__table__
        event_row = conn.execute(select(ev).where(ev.c.code == event_code)).mappings().first()
        if event_row is None:
            raise ArchiveError(f"There is no event with the code {event_code!r}.")
        event_id = event_row["id"]

        sess_t = AgendaSession.__table__
        agenda_sessions = conn.execute(select(sess_t).where(sess_t.c.event_id == event_id)).mappings().all()
        slot_key = {s["id"]: (s["day"], s["position"]) for s in agenda_sessions}

        part_t = Participant.__table__
        participants = conn.execute(select(part_t).where(part_t.c.event_id == event_id)).mappings().all()
        token_of = {p["id"]: p["token"] for p in participants}

        resp_t = Response.__table__
        responses = conn.execute(
            select(resp_t).join(part_t, resp_t.c.participant_id == part_t.c.id).where(part_t.c.event_id == event_id)
        ).mappings().all()
        response_key = {r["id"]: (token_of[r["participant_id"]], *slot_key[r["agenda_session_id"]])
                        for r in responses}

        ans_t, mod_t = Answer.__table__, Moderation.__table__
        answer_rows = conn.execute(
            select(
                ans_t.c.id, ans_t.c.response_id, ans_t.c.question_id, ans_t.c.row, ans_t.c.item,
                ans_t.c.option, ans_t.c.number, ans_t.c.text, ans_t.c.rank,
                mod_t.c.id.label("moderation"), mod_t.c.hidden, mod_t.c.redacted_text, mod_t.c.tags,
                mod_t.c.quotable, mod_t.c.updated_at, mod_t.c.updated_by,
            )
            .select_from(ans_t)
            .join(resp_t, ans_t.c.response_id == resp_t.c.id)
            .join(part_t, resp_t.c.participant_id == part_t.c.id)
            .outerjoin(mod_t, mod_t.c.answer_id == ans_t.c.id)
            .where(part_t.c.event_id == event_id)
        ).all()

        qv_t = QuestionnaireVersion.__table__
        version_ids = {s["questionnaire_version_id"] for s in agenda_sessions} | {
            r["questionnaire_version_id"] for r in responses}
        versions = conn.execute(select(qv_t).where(qv_t.c.id.in_(version_ids))).mappings().all() if version_ids else []
        version_key = {v["id"]: {"key": v["key"], "version": v["version"]} for v in versions}

        head_t, cleared_t = DelegationHead.__table__, ClearedPosition.__table__
        head_rows = conn.execute(select(head_t).where(head_t.c.event_id == event_id)).mappings().all()
        cleared_rows = conn.execute(
            select(cleared_t).where(cleared_t.c.agenda_session_id.in_(list(slot_key)))).mappings().all()

        audit_t = AuditLog.__table__
        audit_rows = conn.execute(select(audit_t).where(audit_t.c.event_id == event_id)).mappings().all()

    answers_by_response: dict[int, list[dict]] = {}
    answer_key: dict[int, dict] = {}
    for a in answer_rows:
        token, day, position = response_key[a.response_id]
        answer_key[a.id] = {"participant": token, "day": day, "position": position, "question_id": a.question_id,
                            "row": a.row, "item": a.item, "option": a.option}
        moderation = None
        if a.moderation is not None:
            moderation = {"hidden": a.hidden, "redacted_text": a.redacted_text, "tags": a.tags,
                          "quotable": a.quotable, "updated_at": _iso(a.updated_at), "updated_by": a.updated_by}
        answers_by_response.setdefault(a.response_id, []).append({
            "question_id": a.question_id, "row": a.row, "item": a.item, "option": a.option,
            "number": a.number, "text": a.text, "rank": a.rank, "moderation": moderation,
        })

    refs = {
        "agenda_session_ref": lambda i: ({"day": slot_key[i][0], "position": slot_key[i][1]}
                                         if i in slot_key else None),
        "response_ref": lambda i: (dict(zip(("participant", "day", "position"), response_key[i]))
                                   if i in response_key else None),
        "answer_ref": lambda i: answer_key.get(i),
        "participant_ref": lambda i: token_of.get(i),
    }

    def audit_detail(detail: Any) -> Any:
        if not isinstance(detail, dict):
            return detail
        out = {}
        for key, value in detail.items():
            ref = _AUDIT_REFS.get(key)
            if ref is None:
                out[key] = value
            else:
                out[ref] = refs[ref](value) if isinstance(value, int) and not isinstance(value, bool) else None
        return out

    audit = [
        {"at": _iso(e["at"]), "actor": e["actor"], "action": e["action"], "detail": audit_detail(e["detail"])}
        for e in audit_rows
    ]
    audit.sort(key=lambda e: (e["at"], e["action"], e["actor"], _sort_key_text(e["detail"])))

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        **({"demo_marker": DEMO_MARKER} if event_row["is_demo"] else {}),  # the demo event's only
        "event": {name: _encode(event_row[name]) for name in EVENT_COLUMNS},
        "questionnaires": sorted(
            ({name: v[name] for name in QUESTIONNAIRE_FIELDS} for v in versions),
            key=lambda v: (v["key"], v["version"]),
        ),
        "agenda": [
            {"day": s["day"], "position": s["position"], "title": s["title"],
             "questionnaire": version_key[s["questionnaire_version_id"]], "state": s["state"],
             "results_visible": s["results_visible"], "opened_at": _iso(s["opened_at"]),
             "closed_at": _iso(s["closed_at"])}
            for s in sorted(agenda_sessions, key=lambda s: (s["day"], s["position"]))
        ],
        "participants": [
            {"token": p["token"], "country": p["country"], "sector": p["sector"],
             "consented_at": _iso(p["consented_at"]), "is_demo": p["is_demo"]}
            for p in sorted(participants, key=lambda p: p["token"])
        ],
        "responses": [
            {"participant": response_key[r["id"]][0],
             "session": {"day": response_key[r["id"]][1], "position": response_key[r["id"]][2]},
             "questionnaire": version_key[r["questionnaire_version_id"]], "status": r["status"],
             "idempotency_token": r["idempotency_token"], "late": r["late"],
             "created_at": _iso(r["created_at"]), "updated_at": _iso(r["updated_at"]),
             "submitted_at": _iso(r["submitted_at"]), "draft": r["draft"],
             "draft_saved_at": _iso(r["draft_saved_at"]),
             "answers": sorted(answers_by_response.get(r["id"], []),
                               key=lambda a: (a["question_id"], a["row"], a["item"], a["option"]))}
            for r in sorted(responses, key=lambda r: response_key[r["id"]])
        ],
        "delegation_heads": [
            {"country": h["country"], "participant": token_of[h["participant_id"]], "set_at": _iso(h["set_at"]),
             "set_by": h["set_by"]}
            for h in sorted(head_rows, key=lambda h: h["country"])
        ],
        "cleared_positions": [
            {"session": {"day": slot_key[c["agenda_session_id"]][0], "position": slot_key[c["agenda_session_id"]][1]},
             "country": c["country"], "question_id": c["question_id"], "item": c["item"], "position": c["position"],
             "number": c["number"], "note": c["note"], "cleared_by": token_of.get(c["cleared_by"]),
             "cleared_at": _iso(c["cleared_at"])}
            for c in sorted(cleared_rows, key=lambda c: (*slot_key[c["agenda_session_id"]], c["country"],
                                                         c["question_id"], c["item"]))
        ],
        "audit": audit,
    }


# --- restore ---------------------------------------------------------------------------------

def restore_json(engine: Engine, text: str, *, new_code: str | None = None) -> int:
    """Restore an archive made by `archive_json` as a new event; returns the new event's id.

    Refuses (ArchiveError) an archive it cannot read, an event code that is taken (pass
    `new_code` to restore under another code) and participant or idempotency tokens that exist.
    Questionnaire versions already stored with the same content are reused; otherwise they are
    stored under their archived version number, which must be free.
    """
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise ArchiveError(f"This is not a GapMap archive: it is not valid JSON ({exc}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f"This is not a GapMap archive: the file does not say format {FORMAT!r}.")
    if data.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"This archive has format version {data.get('format_version')!r}; "
            f"this GapMap reads version {FORMAT_VERSION} only."
        )
    archive, problems = check_archive(text)
    if problems:
        raise ArchiveError("The archive is incomplete or damaged; nothing was written:\n" + "\n".join(problems),
                           problems=problems)
    try:
        plan = _Plan(data, new_code)
    except ArchiveError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ArchiveError(f"The archive is incomplete or damaged ({type(exc).__name__}: {exc}).") from None
    with write_session(engine) as db:
        return plan.write(db.connection())


class _Plan:
    """An archive checked and converted to rows, before anything touches the database."""

    def __init__(self, data: dict, new_code: str | None) -> None:
        event = {**EVENT_COLUMN_DEFAULTS, **data["event"]}
        missing = [name for name in EVENT_COLUMNS if name not in event]
        if missing:
            raise ArchiveError(f"The archive's event lacks {', '.join(missing)}.")
        columns = Event.__table__.columns
        self.event = {}
        for name in EVENT_COLUMNS:
            value = event[name]
            if _is_a(columns[name], DateTime):
                value = _parse_datetime(value, f"event.{name}")
            elif _is_a(columns[name], Date):
                value = _parse_date(value, f"event.{name}")
            self.event[name] = value
        if new_code is not None:
            from gapmap.codes import CodeError, normalise_join_code

            try:
                self.event["code"] = normalise_join_code(new_code)
            except CodeError as exc:
                raise ArchiveError(str(exc)) from None
        self.code = self.event["code"]

        self.questionnaires = {}
        for q in data["questionnaires"]:
            row = {name: q[name] for name in QUESTIONNAIRE_FIELDS}
            try:
                validate(row["definition"], f"questionnaire {row['key']} v{row['version']}")
            except QuestionnaireError as exc:
                raise ArchiveError(f"The archive's questionnaire {row['key']} version {row['version']} is not valid: "
                                   f"{exc}") from None
            if _definition_hash(row["definition"]) != row["content_hash"]:
                raise ArchiveError(
                    f"The archive's questionnaire {row['key']} version {row['version']} does not match "
                    "its content hash: the file was changed or damaged."
                )
            self.questionnaires[(row["key"], row["version"])] = row

        def questionnaire(ref: dict, where: str) -> tuple[str, int]:
            key = (ref["key"], ref["version"])
            if key not in self.questionnaires:
                raise ArchiveError(f"{where} uses questionnaire {key[0]} version {key[1]}, which the archive lacks.")
            return key

        self.agenda = []
        for s in data["agenda"]:
            where = f"agenda session day {s['day']} position {s['position']}"
            self.agenda.append({
                "day": s["day"], "position": s["position"], "title": s["title"],
                "questionnaire": questionnaire(s["questionnaire"], where), "state": s["state"],
                "results_visible": s["results_visible"],
                "opened_at": _parse_datetime(s["opened_at"], where),
                "closed_at": _parse_datetime(s["closed_at"], where),
            })
        agenda_sessions = {(s["day"], s["position"]) for s in self.agenda}

        self.participants = [
            {"token": p["token"], "country": p["country"], "sector": p["sector"],
             "consented_at": _parse_datetime(p["consented_at"], "participant"), "is_demo": p["is_demo"]}
            for p in data["participants"]
        ]
        tokens = {p["token"] for p in self.participants}
        if len(tokens) != len(self.participants):
            raise ArchiveError("The archive lists a participant token twice.")

        self.responses = []
        self.answers: list[tuple[tuple, list[dict]]] = []
        self.moderations: list[tuple[tuple, dict]] = []
        for r in data["responses"]:
            agenda_session = (r["session"]["day"], r["session"]["position"])
            key = (r["participant"], *agenda_session)
            where = f"the response of {r['participant']} to day {agenda_session[0]} position {agenda_session[1]}"
            if r["participant"] not in tokens or agenda_session not in agenda_sessions:
                raise ArchiveError(f"{where} refers to a participant or session the archive lacks.")
            self.responses.append({
                "key": key, "questionnaire": questionnaire(r["questionnaire"], where),
                "status": r["status"], "idempotency_token": r["idempotency_token"], "late": r["late"],
                "created_at": _parse_datetime(r["created_at"], where),
                "updated_at": _parse_datetime(r["updated_at"], where),
                "submitted_at": _parse_datetime(r["submitted_at"], where),
                "draft": r["draft"], "draft_saved_at": _parse_datetime(r["draft_saved_at"], where),
            })
            rows = []
            for a in r["answers"]:
                row = {"question_id": a["question_id"], "row": a["row"], "item": a["item"], "option": a["option"],
                       **{name: a[name] for name in ANSWER_VALUE_FIELDS}}
                rows.append(row)
                if a.get("moderation") is not None:
                    m = a["moderation"]
                    self.moderations.append(((*key, a["question_id"], a["row"], a["item"], a["option"]), {
                        "hidden": m["hidden"], "redacted_text": m["redacted_text"], "tags": m["tags"],
                        "quotable": m.get("quotable", False),  # older archives: nothing was quotable
                        "updated_at": _parse_datetime(m["updated_at"], f"moderation in {where}"),
                        "updated_by": m["updated_by"],
                    }))
            self.answers.append((key, rows))
        if len({r["key"] for r in self.responses}) != len(self.responses):
            raise ArchiveError("The archive lists a participant's response to one session twice.")

        self.heads = []
        for h in data.get("delegation_heads", []):  # older archives have none
            where = f"the head of delegation of {h['country']}"
            if h["participant"] not in tokens:
                raise ArchiveError(f"{where} is a participant the archive lacks.")
            self.heads.append({"country": h["country"], "participant": h["participant"],
                               "set_at": _parse_datetime(h["set_at"], where), "set_by": h["set_by"]})
        if len({h["country"] for h in self.heads}) != len(self.heads):
            raise ArchiveError("The archive names two heads of delegation for one State.")

        self.cleared = []
        for c in data.get("cleared_positions", []):  # older archives have none
            agenda_session = (c["session"]["day"], c["session"]["position"])
            where = (f"the position of {c['country']} on {c['question_id']} {c['item']}".rstrip()
                     + f" cleared in day {agenda_session[0]} position {agenda_session[1]}")
            if agenda_session not in agenda_sessions:
                raise ArchiveError(f"{where} refers to a session the archive lacks.")
            if c["cleared_by"] is not None and c["cleared_by"] not in tokens:
                raise ArchiveError(f"{where} was cleared by a participant the archive lacks.")
            self.cleared.append({"session": agenda_session, "country": c["country"], "question_id": c["question_id"],
                                 "item": c["item"], "position": c["position"], "number": c["number"],
                                 "note": c["note"], "cleared_by": c["cleared_by"],
                                 "cleared_at": _parse_datetime(c["cleared_at"], where)})
        if len({(c["session"], c["country"], c["question_id"], c["item"]) for c in self.cleared}) != len(self.cleared):
            raise ArchiveError("The archive lists one State's cleared position on one question twice.")

        self.audit = [
            {"at": _parse_datetime(e["at"], "audit entry"), "actor": e["actor"], "action": e["action"],
             "detail": e["detail"]}
            for e in data["audit"]
        ]

    # -- writing --

    def write(self, conn: Connection) -> int:
        self._refuse_clashes(conn)
        version_ids = {key: self._questionnaire_id(conn, q) for key, q in self.questionnaires.items()}

        event_id = conn.execute(insert(Event.__table__).values(**self.event)
                                .returning(Event.__table__.c.id)).scalar_one()

        sess_t = AgendaSession.__table__
        conn.execute(insert(sess_t), [
            {**{k: v for k, v in s.items() if k != "questionnaire"}, "event_id": event_id,
             "questionnaire_version_id": version_ids[s["questionnaire"]]}
            for s in self.agenda
        ])
        slot_ids = {(row.day, row.position): row.id for row in conn.execute(
            select(sess_t.c.id, sess_t.c.day, sess_t.c.position).where(sess_t.c.event_id == event_id))}

        part_t = Participant.__table__
        if self.participants:
            conn.execute(insert(part_t), [{**p, "event_id": event_id} for p in self.participants])
        participant_ids = dict(conn.execute(
            select(part_t.c.token, part_t.c.id).where(part_t.c.event_id == event_id)).all())

        resp_t = Response.__table__
        if self.responses:
            conn.execute(insert(resp_t), [
                {**{k: v for k, v in r.items() if k not in ("key", "questionnaire")},
                 "participant_id": participant_ids[r["key"][0]], "agenda_session_id": slot_ids[r["key"][1:]],
                 "questionnaire_version_id": version_ids[r["questionnaire"]]}
                for r in self.responses
            ])
        if self.heads:
            conn.execute(insert(DelegationHead.__table__), [
                {"event_id": event_id, "country": h["country"], "participant_id": participant_ids[h["participant"]],
                 "set_at": h["set_at"], "set_by": h["set_by"]}
                for h in self.heads
            ])
        if self.cleared:
            conn.execute(insert(ClearedPosition.__table__), [
                {**{k: v for k, v in c.items() if k not in ("session", "cleared_by")},
                 "agenda_session_id": slot_ids[c["session"]],
                 "cleared_by": participant_ids[c["cleared_by"]] if c["cleared_by"] is not None else None}
                for c in self.cleared
            ])

        token_of = {pid: token for token, pid in participant_ids.items()}
        slot_of = {sid: key for key, sid in slot_ids.items()}
        response_ids = {
            (token_of[row.participant_id], *slot_of[row.agenda_session_id]): row.id
            for row in conn.execute(
                select(resp_t.c.id, resp_t.c.participant_id, resp_t.c.agenda_session_id)
                .join(part_t, resp_t.c.participant_id == part_t.c.id).where(part_t.c.event_id == event_id))
        }

        _insert_answers(conn, [
            {**a, "response_id": response_ids[key]} for key, rows in self.answers for a in rows
        ])

        needs_answer_ids = bool(self.moderations) or any(
            isinstance(e["detail"], dict) and e["detail"].get("answer_ref") for e in self.audit)
        answer_ids: dict[tuple, int] = {}
        if needs_answer_ids:
            key_of_response = {rid: key for key, rid in response_ids.items()}
            ans_t = Answer.__table__
            for row in conn.execute(
                select(ans_t.c.id, ans_t.c.response_id, ans_t.c.question_id, ans_t.c.row, ans_t.c.item, ans_t.c.option)
                .join(resp_t, ans_t.c.response_id == resp_t.c.id)
                .join(part_t, resp_t.c.participant_id == part_t.c.id).where(part_t.c.event_id == event_id)
            ):
                answer_ids[(*key_of_response[row.response_id], row.question_id, row.row, row.item, row.option)] = row.id
        if self.moderations:
            try:
                rows = [{**m, "answer_id": answer_ids[key]} for key, m in self.moderations]
            except KeyError as exc:
                raise ArchiveError(f"The archive moderates an answer it lacks: {exc}.") from None
            conn.execute(insert(Moderation.__table__), rows)

        ids = {
            "agenda_session_ref": lambda ref: slot_ids.get((ref["day"], ref["position"])),
            "response_ref": lambda ref: response_ids.get((ref["participant"], ref["day"], ref["position"])),
            "answer_ref": lambda ref: answer_ids.get((ref["participant"], ref["day"], ref["position"],
                                                      ref["question_id"], ref["row"], ref["item"], ref["option"])),
            "participant_ref": lambda ref: participant_ids.get(ref),
        }

        def detail(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            return {
                (_AUDIT_IDS[k] if k in _AUDIT_IDS else k): (ids[k](v) if k in _AUDIT_IDS and v is not None else v)
                for k, v in value.items()
            }

        if self.audit:
            conn.execute(insert(AuditLog.__table__), [
                {**e, "detail": detail(e["detail"]), "event_id": event_id} for e in self.audit
            ])
        return event_id

    def _refuse_clashes(self, conn: Connection) -> None:
        ev = Event.__table__
        if conn.execute(select(ev.c.id).where(ev.c.code == self.code)).first() is not None:
            raise ArchiveError(
                f"An event with the code {self.code} exists already; restore under another code (new_code)."
            )
        part_t = Participant.__table__
        tokens = [p["token"] for p in self.participants]
        taken = _existing(conn, part_t.c.token, tokens)
        if taken:
            raise ArchiveError(
                f"{len(taken)} of the archive's participant tokens exist already (this event was restored "
                "here before?); a token must stay unique, so nothing was restored."
            )
        idempotency = [r["idempotency_token"] for r in self.responses if r["idempotency_token"]]
        if _existing(conn, Response.__table__.c.idempotency_token, idempotency):
            raise ArchiveError("Some of the archive's response idempotency tokens exist already; nothing was restored.")

    def _questionnaire_id(self, conn: Connection, q: dict) -> int:
        """The id of the stored version with this content, stored under its archived number if new."""
        qv = QuestionnaireVersion.__table__
        same_number = conn.execute(
            select(qv.c.id, qv.c.content_hash).where(qv.c.key == q["key"], qv.c.version == q["version"])
        ).first()
        if same_number is not None:
            if same_number.content_hash != q["content_hash"]:
                raise ArchiveError(
                    f"Questionnaire {q['key']} version {q['version']} exists here with different content; "
                    "the archive cannot be restored into this database."
                )
            return same_number.id
        same_content = conn.execute(
            select(qv.c.id).where(qv.c.key == q["key"], qv.c.content_hash == q["content_hash"])
        ).scalar()
        if same_content is not None:
            return same_content
        return conn.execute(insert(qv).values(**q).returning(qv.c.id)).scalar_one()


def _existing(conn: Connection, column, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def _insert_answers(conn: Connection, rows: Iterable[dict]) -> None:
    """Bulk insert (executemany), in batches."""
    rows = list(rows)
    table = Answer.__table__
    for start in range(0, len(rows), _ANSWER_BATCH):
        conn.execute(insert(table), rows[start:start + _ANSWER_BATCH])
