"""Gap synthesis: per gap type, what the room said about it, counted by State, and what would close it.

One function for the workbook's summary, the dashboard and the rapporteur's brief, so a sentence of
the brief is a number of the workbook. It takes what privacy already let through: the gap register's
findings by State (`gapmap.positions.GapFinding`: States citing each type, named or not) and the gap
rows the audience may see (`exports.gather.Gap`-like rows with gap_type, severity, need_type,
priority, reform, addressee).

| field             | from                                                                  |
|-------------------|-----------------------------------------------------------------------|
| state_count       | States citing the type: at least one of their delegates recorded it   |
| gaps              | gaps of the type recorded, every delegate's                           |
| mean_severity     | mean of their severities (1 minor … 5 critical), None without any     |
| top_need          | the need named most (ties: every tied need, in the register's order)  |
| top_priority      | the priority given most                                               |
| reform            | gaps of the type whose delegate said a reform is under way            |
| benchmarks        | the standards the gap typology measures the type against              |
| action            | the action class of the need named most (NEED_ACTIONS), else the      |
|                   | typology's usual action for the type                                  |
| addressee         | who would close it, named most                                        |
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from gapmap.typology import ACTION_LABELS, action_classes, benchmarks

#: The action class (gap typology `action_classes`) each need of the shipped register calls for.
NEED_ACTIONS = {
    "legislative_amendment": "legislation",
    "regulations_sops": "regulation_sop",
    "guidance": "judicial_guidance",
    "training": "training",
    "coordination": "regulation_sop",
    "regional_cooperation": "cooperation",
    "data_systems": "data_systems",
    "victim_services": "regulation_sop",
    "technical_assistance": "legislation",
}
PRIORITY_ORDER = ("high", "medium", "low")


class GapRow(Protocol):
    country: str | None
    gap_type: str | None
    severity: int | None
    need_type: str | None
    priority: str | None
    reform: str | None
    addressee: str | None


@dataclass(frozen=True)
class GapSynthesis:
    id: str
    label: str
    state_count: int
    of_states: int
    states: list[str]  # the States the audience may see named ([] under the Chatham House Rule)
    gaps: int
    mean_severity: float | None
    top_need: list[str] = field(default_factory=list)  # need ids, most named (ties: all)
    top_priority: str | None = None
    reform: int = 0  # gaps of this type with a reform under way
    benchmarks: list[str] = field(default_factory=list)
    action: str = "legislation"
    addressee: str | None = None

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


def _most(counter: Counter, order: Iterable[str] = ()) -> list[str]:
    """The most frequent keys (all of them on a tie), in `order`, then alphabetically."""
    if not counter:
        return []
    top = max(counter.values())
    order = list(order)
    return sorted((k for k, n in counter.items() if n == top),
                  key=lambda k: (order.index(k) if k in order else len(order), k))


def synthesise(findings: Iterable, rows: Iterable[GapRow], *, present: int,
               need_order: Iterable[str] = ()) -> list[GapSynthesis]:
    """One entry per gap type the findings hold, most States first, then the most severe."""
    by_type: dict[str, list[GapRow]] = {}
    for row in rows:
        if row.gap_type:
            by_type.setdefault(row.gap_type, []).append(row)
    need_order = list(need_order)
    out = []
    for finding in findings:
        mine = by_type.get(finding.id, [])
        severities = [r.severity for r in mine if r.severity is not None]
        needs = Counter(r.need_type for r in mine if r.need_type)
        top_need = _most(needs, need_order)
        priorities = _most(Counter(r.priority for r in mine if r.priority), PRIORITY_ORDER)
        addressees = _most(Counter(r.addressee for r in mine if r.addressee))
        action = next((NEED_ACTIONS[n] for n in top_need if n in NEED_ACTIONS), action_classes(finding.id)[0])
        out.append(GapSynthesis(
            id=finding.id, label=finding.label, state_count=finding.state_count, of_states=present,
            states=list(finding.states), gaps=finding.gaps,
            mean_severity=round(sum(severities) / len(severities), 1) if severities else None,
            top_need=top_need, top_priority=priorities[0] if priorities else None,
            reform=sum(1 for r in mine if r.reform == "under_way"), benchmarks=benchmarks(finding.id),
            action=action, addressee=addressees[0] if addressees else None))
    return sorted(out, key=lambda g: (-g.state_count, -(g.mean_severity or 0), g.id))


def gap_state_table(rows: Iterable[GapRow], countries: list[str]) -> dict[str, dict[str, int]]:
    """Gap type -> country -> gaps recorded, for the countries the audience may see (organisers)."""
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        if row.gap_type and row.country in countries:
            cell = table.setdefault(row.gap_type, {c: 0 for c in countries})
            cell[row.country] += 1
    return table
