"""Treaty status on record: what a question with `record: treaty:ID` shows and pre-selects.

A consultation should not ask delegates to type public facts, nor put a wrong one in front of them
unasked. So a treaty question shows "Our records: party since 4 Jun 2018 (ILO NORMLEX, as of
30 Nov 2026) — confirm or correct" and starts on that answer; a delegate who knows better changes
it, and the change is their answer, listed for organisers as a record to check
(`gapmap.records_check`). Status is taken on the event's date: a State that joined a treaty after
the event was not a party at it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gapmap.reference import reference_data
from gapmap.reference_files import Treaty, TreatyRecord

STATUS_WORDS = {"party": "party", "signatory": "signed, not ratified", "not_party": "not a party",
                "unknown": "no record"}


@dataclass(frozen=True)
class OnRecord:
    """A State's status under a treaty on a date, as the records say."""

    state: str
    treaty: Treaty
    status: str  # party | signatory | not_party | unknown (RECORD_STATUSES + unknown)
    since: date | None
    source: str
    as_of: date | None
    verify: str | None
    later: date | None = None  # became a party after the date asked about

    @property
    def preselect(self) -> str | None:
        """The option a record question starts on (None: nothing on record)."""
        return None if self.status == "unknown" else self.status

    def sentence(self) -> str:
        """'Our records: party since 4 Jun 2018 (ILO NORMLEX, as of 30 Nov 2026) — confirm or correct.'"""
        if self.status == "unknown":
            return f"Our records say nothing yet about {self.treaty.short}: please tell us."
        status = STATUS_WORDS[self.status]
        if self.since is not None and self.status in ("party", "signatory"):
            status += f" since {_day(self.since)}"
        if self.later is not None:
            status += f" (it became a party on {_day(self.later)}, after this event)"
        checked = f"{self.source}, as of {_day(self.as_of)}"
        if self.verify:
            checked += f"; still to be verified: {self.verify}"
        return f"Our records: {status} ({checked}) — confirm or correct."


def _day(when: date) -> str:
    return f"{when.day} {when:%b %Y}"


def treaty(treaty_id: str) -> Treaty:
    for t in reference_data().treaties.treaties:
        if t.id == treaty_id:
            return t
    raise KeyError(treaty_id)


def treaty_of(record: str | None) -> str | None:
    """'treaty:P29' -> 'P29' (the form of a question's `record`)."""
    if record and record.startswith("treaty:"):
        return record.split(":", 1)[1]
    return None


def on_record(state: str, treaty_id: str, on: date) -> OnRecord:
    """The State's status under the treaty on the date `on` (the event's first day)."""
    found: TreatyRecord | None = next((r for r in reference_data().treaties.records
                                       if r.state == state and r.treaty == treaty_id), None)
    t = treaty(treaty_id)
    if (found is None or found.status == "unknown") and t.requires:
        parent = on_record(state, t.requires, on)
        if parent.status == "not_party" and parent.later is None:
            return OnRecord(state, t, "not_party", None, f"{parent.source} (only parties to "
                            f"{treaty(t.requires).short} can join)", parent.as_of, parent.verify)
    if found is None:
        return OnRecord(state, t, "unknown", None, t.source, None, None)
    status, since, later = found.status, found.date, None
    if status in ("party", "signatory") and since is not None and since > on:
        status, since, later = "not_party", None, found.date
    return OnRecord(state, t, status, since, found.source, found.as_of, found.verify, later)


def known_treaties() -> list[str]:
    return [t.id for t in reference_data().treaties.treaties]


def unknown_records(questionnaire) -> list[tuple[str, str]]:
    """(question id, record) of questions whose record names a treaty GapMap holds no records of."""
    known = set(known_treaties())
    return [(q.id, q.record) for q in questionnaire.questions
            if getattr(q, "record", None) and treaty_of(q.record) not in known]


def question_record(question, state: str, on: date) -> OnRecord | None:
    """The record a question asks about for a State, or None when the question asks no record (or
    names a treaty without records: uploads are refused for that, see `unknown_records`)."""
    treaty_id = treaty_of(getattr(question, "record", None))
    return on_record(state, treaty_id, on) if treaty_id in known_treaties() else None
