"""Synthetic answers for the demo event, drawn from one profile per State.

A State's profile fixes its answer to every question that counts by State (a fact about its law):
treaty questions follow the treaty records (`gapmap.treaties`), the title of the principal law is
the real one (`gapmap.demo_texts.PRINCIPAL_LAWS`), and every other answer is drawn once per State,
weighted so that "Don't know", "Other" and "Prefer not to say" are rare and a checklist's coverage
follows how far the State's law has caught up with emerging forms (its `maturity`). Delegates then
give their State's answer most of the time (DELEGATE_AGREEMENT) and otherwise a neighbouring one,
so a few delegations are split, as in a real room. Views (Likert, ranking, text) vary more by
delegate. Gaps come from the State's own list of gap types, with descriptions of that type; the
ranking of needs follows the needs its gaps name. Everything is deterministic (seeded by State,
question and delegate).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from gapmap.answers import NA
from gapmap.demo_texts import GAP_DESCRIPTIONS, GAP_LAWS, OTHER_LAWS, PRINCIPAL_LAWS, TEXTS
from gapmap.reference import members_on
from gapmap.treaties import question_record
from questionnaires.schema import GAP_PRIORITIES, Questionnaire

SEED = 20240820
#: The share of delegates who have submitted a session still open (the rest hold a draft).
SUBMITTED = 0.85
#: How often a delegate gives the State's answer to a fact about its law (otherwise a neighbour).
DELEGATE_AGREEMENT = 0.9
#: Option ids that are rarely anyone's answer, so never on top of a chart.
RARE = {"dont_know", "other", "prefer_not", "none", "unclear", "not_sure", "depends"}
#: Options a delegate who differs from the State never drifts to (they depend on facts, not views).
NOT_A_NEIGHBOUR = RARE | {"not_applicable"}
RARE_WEIGHT = 0.03
#: The coverage scale of the checklists, best first, and the chance of each for a State whose law
#: has caught up by `m` (0..1) with what a row asks.
COVERAGE = ("express", "partly", "case_law_only", "not_covered")
#: Gap types that the consultation's emerging forms make more likely to be named.
GAP_WEIGHTS = {"G06": 3, "G07": 3, "G12": 2.5, "G14": 2, "G20": 2.5, "G17": 2, "G22": 2, "G08": 2,
               "G24": 2, "G13": 1.5, "G16": 1.5, "G25": 1.2}
#: The need that most often closes a gap of each action class (gap typology `action_classes`).
NEED_OF_ACTION = {"legislation": "legislative_amendment", "regulation_sop": "regulations_sops",
                  "judicial_guidance": "guidance", "training": "training", "data_systems": "data_systems",
                  "cooperation": "regional_cooperation"}
ADDRESSEE_OF_ACTION = {"legislation": "legislature", "regulation_sop": "ministry", "judicial_guidance": "judiciary",
                       "training": "agency", "data_systems": "agency", "cooperation": "regional"}


def _rng(*key: object) -> random.Random:
    return random.Random("-".join(str(k) for k in (SEED, *key)))


def _weighted(rng: random.Random, ids: list[str], weights: list[float] | None = None) -> str:
    weights = weights or [RARE_WEIGHT if i in RARE else 1.0 for i in ids]
    return rng.choices(ids, weights=weights)[0]


@dataclass
class StateProfile:
    """What one State's law says, in the demo: fixed per State, shared by its delegates."""

    country: str
    on: date  # the event's first day: treaty status is taken on it
    maturity: float = field(init=False)
    gap_types: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        from gapmap.typology import gap_types

        self.maturity = _rng(self.country, "maturity").uniform(0.3, 0.8)
        ids = [g.id for g in gap_types()]
        weights = [GAP_WEIGHTS.get(i, 0.6) for i in ids]
        rng = self.rng("gaps")
        while len(self.gap_types) < min(len(ids), 3 + int((1 - self.maturity) * 3)):
            pick = rng.choices(ids, weights=weights)[0]
            if pick not in self.gap_types:
                self.gap_types.append(pick)

    def rng(self, *key: object) -> random.Random:
        return _rng(self.country, *key)

    # -- a State's answers ------------------------------------------------------------------
    def single(self, q) -> str:
        ids = [o.id for o in q.options]
        record = question_record(q, self.country, self.on)
        if record is not None:  # the record, or Don't know where there is none
            return record.preselect or ("dont_know" if "dont_know" in ids else "not_party")
        fact = FACTS.get(q.id)
        if fact is not None and fact(self) in ids:
            return fact(self)
        if q.id == "data_aseanact":  # an ASEAN Member State: any answer but "not applicable"
            ids = [i for i in ids if i != "not_applicable"]
        return _weighted(self.rng(q.id), ids)

    def coverage(self, q, row) -> str:
        ids = [o.id for o in q.scale]
        if not set(COVERAGE) <= set(ids):
            return _weighted(self.rng(q.id, row.id), ids)
        m = self.maturity * (0.7 if getattr(row, "obligation", None) == "optional" else 1.0)
        weights = {"express": m, "partly": (1 - m) * 0.45, "case_law_only": (1 - m) * 0.25,
                   "not_covered": (1 - m) * 0.3}
        return _weighted(self.rng(q.id, row.id), ids, [weights.get(i, 0.02) for i in ids])

    def multiple(self, q) -> list[str]:
        plain = [o.id for o in q.options if not o.exclusive and o.id not in RARE]
        rng = self.rng(q.id)
        exclusive = [o.id for o in q.options if o.exclusive]
        if exclusive and rng.random() < 0.03:
            return [exclusive[-1]]
        chosen = [o for o in plain if rng.random() < 0.25 + 0.5 * self.maturity] or [rng.choice(plain)]
        return chosen[: q.max_selected] if q.max_selected else chosen

    def number(self, q) -> float:
        low, high = NUMBERS.get(q.id, (q.min if q.min is not None else 0, q.max if q.max is not None else 10))
        value = self.rng(q.id).uniform(low, high)
        step = q.step or 1
        value = round(value / step) * step
        return float(int(value)) if q.integer else float(value)


#: Facts about the demo's States that a question asks and the records do not hold: question id ->
#: the State's answer. Trafficking is a predicate offence for money laundering in every one of the
#: 12 States (FATF R.3; e.g. Thailand added it to its AML Act in 2015).
FACTS: dict[str, Callable[[StateProfile], str]] = {
    "pros_04": lambda _profile: "yes",
    # The ASEAN-ACT data indicators are for ASEAN Member States (on the event's date).
    "data_aseanact": lambda profile: None if profile.country in members_on("ASEAN", profile.on) else "not_applicable",
}
#: Plausible ranges for numbers, by question id: years of imprisonment (synthetic, as every answer
#: of the demo except the records), a share of cases in per cent.
NUMBERS: dict[str, tuple[float, float]] = {
    "pen_tip_max": (12, 20), "pen_tip_min": (3, 6), "pen_fraud_max": (3, 10), "pen_fraud_min": (0, 1),
    "pen_computer_max": (2, 7), "pen_computer_min": (0, 1), "pen_ml_max": (7, 15), "pen_ml_min": (0, 3),
    "pros_01": (10, 60),
}


def _neighbour(answer: str, ids: list[str], rng: random.Random) -> str:
    """A delegate who does not give the State's answer gives the next one on the scale, or Don't know."""
    if "dont_know" in ids and rng.random() < 0.25:
        return "dont_know"
    plain = [i for i in ids if i not in NOT_A_NEIGHBOUR]
    if answer not in plain or len(plain) < 2:
        return answer
    at = plain.index(answer)
    return plain[max(0, min(len(plain) - 1, at + rng.choice([-1, 1])))]


class Delegate:
    """One synthetic delegate of a State: the State's answers, most of the time."""

    def __init__(self, profile: StateProfile, number: int):
        self.profile, self.number = profile, number
        self.rng = _rng(profile.country, "delegate", number)

    def submits(self, session: int) -> bool:
        """Whether the delegate has submitted an open session yet (most have; a few are still on it)."""
        return _rng(self.profile.country, "submits", self.number, session).random() < SUBMITTED

    def agrees(self) -> bool:
        return self.rng.random() < DELEGATE_AGREEMENT

    def values(self, questionnaire: Questionnaire) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for q in questionnaire.questions:
            if not q.required and self.rng.random() < 0.03:
                continue  # skipped
            value = DEMO_VALUES[q.type](self, q)
            if value is not None:
                values[q.id] = value
        for rule in LINKED:
            rule(values)
        return values


def _no_general_law_no_exemption(values: dict[str, Any]) -> None:
    """Without a general data-protection law there is no law-enforcement exemption from it, and the
    other way round: one delegate's two answers never contradict each other."""
    law, exemption = values.get("data_dp_law"), values.get("data_le_exemption")
    if law is None or exemption is None or "dont_know" in (law, exemption):
        return
    if law in NO_GENERAL_LAW:
        values["data_le_exemption"] = "no_law"
    elif exemption == "no_law":
        values["data_le_exemption"] = "partial"


NO_GENERAL_LAW = {"sector_rules_only", "none"}
#: Rules that keep one delegate's linked answers consistent (applied to each questionnaire's values).
LINKED: list[Callable[[dict[str, Any]], None]] = [_no_general_law_no_exemption]


def _single_choice(d: Delegate, q) -> str:
    ids = [o.id for o in q.options]
    if q.counting_unit == "respondent":
        return _weighted(d.rng, ids)
    answer = d.profile.single(q)
    public = q.record is not None or (q.id in FACTS and FACTS[q.id](d.profile) is not None)
    if public or d.agrees():
        return answer  # a public fact (a treaty record, the FACTS): delegates give it
    return _neighbour(answer, ids, d.rng)


def _multiple_choice(d: Delegate, q) -> list[str]:
    chosen = d.profile.multiple(q)
    if d.agrees() or chosen[0] in {o.id for o in q.options if o.exclusive}:
        return chosen
    plain = [o.id for o in q.options if not o.exclusive and o.id not in RARE]
    flip = d.rng.choice(plain)
    changed = [o for o in chosen if o != flip] if flip in chosen else chosen + [flip]
    changed = [o for o in plain if o in changed] or chosen
    return changed[: q.max_selected] if q.max_selected else changed


def _likert(d: Delegate, q) -> int | str:
    if q.allow_na and d.rng.random() < 0.04:
        return NA
    points = [p.value for p in q.scale]
    centre = len(points) - 2  # the shipped views ask whether support would help: most agree
    return points[max(0, min(len(points) - 1, centre + d.rng.choice([-1, 0, 0, 1])))]


def _ranking(d: Delegate, q) -> list[str]:
    ids = [o.id for o in q.options]
    lead = [n for n in _needs_of(d.profile) if n in ids]
    base = {o: (lead.index(o) if o in lead else len(lead) + d.profile.rng(q.id, o).random() * 3) for o in ids}
    order = sorted(ids, key=lambda o: base[o] + d.rng.random() * 1.2)
    return order[: q.top_n]


def _matrix(d: Delegate, q) -> dict[str, str]:
    ids = [o.id for o in q.scale]
    agreement = d.agrees if q.counting_unit == "state" else (lambda: d.rng.random() < 0.7)
    values = {}
    for row in q.rows:
        answer = d.profile.coverage(q, row)
        values[row.id] = answer if agreement() else _neighbour(answer, ids, d.rng)
    return values


def _number(d: Delegate, q) -> float:
    value = d.profile.number(q)
    if d.agrees():
        return value
    step = q.step or 1
    shifted = value + d.rng.choice([-1, 1]) * step
    low = q.min if q.min is not None else shifted
    high = q.max if q.max is not None else shifted
    return float(max(low, min(high, shifted)))


def _text(d: Delegate, q) -> str | None:
    if q.id == "def_00":
        return PRINCIPAL_LAWS.get(d.profile.country) if d.rng.random() < 0.85 else None
    pool = TEXTS.get(q.id)
    if not pool or d.rng.random() < 0.4:
        return None  # many leave free text blank
    return d.rng.choice(pool)[: q.max_length]


def _gap_register(d: Delegate, q) -> list[dict[str, Any]]:
    from gapmap.typology import action_classes  # the typology is read when gaps are made

    offered = {o.id for o in q.gap_types}
    state_gaps = [g for g in d.profile.gap_types if g in offered and g in GAP_DESCRIPTIONS]
    if not state_gaps:
        return []
    count = min(len(state_gaps), d.rng.randint(1, 3))
    mine = d.rng.sample(state_gaps, count)
    need_ids = {o.id for o in q.need_types}
    gaps = []
    for gap_type in mine:
        actions = action_classes(gap_type)
        action = actions[0] if d.rng.random() < 0.7 else d.rng.choice(actions)
        law = GAP_LAWS.get(gap_type, "principal")
        gap = {
            "gap_type": gap_type,
            "description": d.rng.choice(GAP_DESCRIPTIONS[gap_type])[: q.description_max_length],
            "law": PRINCIPAL_LAWS.get(d.profile.country, OTHER_LAWS["penal"]) if law == "principal"
            else OTHER_LAWS[law],
            "severity": max(1, min(5, round(2 + 3 * (1 - d.profile.maturity)) + d.rng.choice([-1, 0, 0, 1]))),
            "need_type": need if (need := NEED_OF_ACTION[action]) in need_ids else d.rng.choice(sorted(need_ids)),
            "priority": GAP_PRIORITIES[0 if gap_type in GAP_WEIGHTS else d.rng.choice([0, 1, 1, 2])],
        }
        if q.emerging_forms:
            gap["emerging_form"] = _emerging_form(gap_type, [o.id for o in q.emerging_forms], d.rng)
        if q.ask_reform:
            gap["reform"] = _weighted(d.profile.rng(q.id, gap_type, "reform"),
                                      ["under_way", "planned", "none", "dont_know"], [0.3, 0.25, 0.4, 0.05])
        if q.addressees:
            ids = [o.id for o in q.addressees]
            wanted = ADDRESSEE_OF_ACTION[action]
            gap["addressee"] = next((i for i in ids if i.startswith(wanted)), d.rng.choice(ids))
        gaps.append(gap)
    return gaps


#: The emerging form a gap type is most often about (matched to the register's option ids by prefix).
EMERGING_FORM_OF_GAP = {"G06": "forced_criminality", "G24": "forced_criminality", "G25": "forced_criminality",
                        "G12": "online", "G15": "online", "G22": "online", "G17": "forced_labour",
                        "G19": "gender", "G03": "gender"}


def _emerging_form(gap_type: str, ids: list[str], rng: random.Random) -> str:
    wanted = EMERGING_FORM_OF_GAP.get(gap_type)
    match = next((i for i in ids if wanted and i.startswith(wanted)), None)
    return match or next((i for i in ids if i.startswith("cross")), rng.choice(ids))


def _needs_of(profile: StateProfile) -> list[str]:
    """The needs a State's gaps call for, most called for first (its ranking of needs follows them)."""
    from gapmap.typology import action_classes

    counts: dict[str, int] = {}
    for gap_type in profile.gap_types:
        for action in action_classes(gap_type)[:1]:
            need = NEED_OF_ACTION[action]
            counts[need] = counts.get(need, 0) + 1
    return sorted(counts, key=lambda n: -counts[n])


#: A synthetic value per question type: `make(delegate, question)`, None for no answer.
DEMO_VALUES: dict[str, Callable[[Delegate, Any], Any]] = {
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "likert": _likert,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "short_text": _text,
    "long_text": _text,
    "gap_register": _gap_register,
}
