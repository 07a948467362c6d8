"""The sentences of the rapporteur's brief, generated from findings counted by State.

Every sentence is a number of the workbook written out: it reads the same `Finding` the Findings
sheet lays out (`gapmap.positions`), after `gapmap.privacy` has decided what the audience may see, so
it never names a State the audience may not see named. The forms:

| case                         | sentence                                                               |
|------------------------------|------------------------------------------------------------------------|
| no State answered            | "Recruitment: no State answered."                                      |
| one State answered           | "Recruitment: one State answered (covered expressly); 11 did not."     |
| every State present agrees   | "Recruitment: in all 12 States, covered expressly."                    |
| every answering State agrees | "Recruitment: all 9 States that answered, covered expressly; 3 States  |
|                              | did not answer."                                                       |
| a tie between positions      | "Recruitment: States are divided: covered expressly in 4, not covered in 4; ..." |
| otherwise                    | "Recruitment: in 5 of 12 States, covered expressly; the delegations of |
|                              | 2 States were split; 1 State did not answer."                          |
"""
from __future__ import annotations

from gapmap.positions import Finding


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _lower(label: str) -> str:
    """'Covered expressly' -> 'covered expressly'; 'ILO C29' and 'UNTOC' keep their capitals."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def answering(finding: Finding) -> int:
    """States that answered: each counted once, by its position or as split. Read from the counts,
    which privacy always leaves (it may take the named positions away)."""
    return sum(c.states for c in finding.counts) + finding.split


def _label(finding: Finding, answer: str) -> str:
    return _lower(next((c.label for c in finding.counts if c.id == answer), answer))


def _clauses(finding: Finding, *, split: bool = True, missing: bool = True) -> str:
    parts = []
    if split and finding.split == 1:
        parts.append("the delegation of 1 State was split")
    elif split and finding.split:
        parts.append(f"the delegations of {finding.split} States were split")
    if missing and finding.no_answer:
        parts.append(f"{_plural(finding.no_answer, 'State', 'States')} did not answer")
    return "".join(f"; {p}" for p in parts)


def finding_sentence(finding: Finding, subject: str) -> str:
    """One finding as a sentence of the brief (see the module's table)."""
    subject = subject.rstrip(" ?.:")
    total = answering(finding)
    if total == 0:
        return f"{subject}: no State answered."
    if total == 1:
        only = next((c.id for c in finding.counts if c.states), None)
        held = "its delegation was split" if finding.split or only is None else _label(finding, only)
        rest = finding.present - 1
        return f"{subject}: one State answered ({held})" + (f"; {rest} did not." if rest else ".")
    if len(finding.consensus) > 1:
        tied = ", ".join(f"{_label(finding, a)} in {finding.states(a)}" for a in finding.consensus)
        return f"{subject}: States are divided: {tied}{_clauses(finding)}."
    if not finding.consensus:  # every answering delegation split
        return (f"{subject}: the delegations of all {total} States that answered were split"
                f"{_clauses(finding, split=False)}.")
    answer = finding.consensus[0]
    held = finding.states(answer)
    if held == total and not finding.split:
        if finding.no_answer == 0:
            return f"{subject}: in all {finding.present} States, {_label(finding, answer)}."
        return (f"{subject}: all {total} States that answered, {_label(finding, answer)}"
                f"{_clauses(finding, split=False)}.")
    return f"{subject}: in {held} of {finding.present} States, {_label(finding, answer)}{_clauses(finding)}."


def convergence_sentences(findings: list[tuple[Finding, str]]) -> list[str]:
    """'The strongest convergence …' and 'The widest divergence …' among findings that at least two
    States answered: the highest and the lowest share of answering States holding one position."""
    ranked = [(f, s) for f, s in findings if answering(f) >= 2 and f.convergence is not None]
    if len(ranked) < 2:
        return []
    strongest = max(ranked, key=lambda p: (p[0].convergence, answering(p[0]), -p[0].split))
    widest = min(ranked, key=lambda p: (p[0].convergence, -p[0].split, -answering(p[0])))
    if strongest[0].convergence == widest[0].convergence:
        return []
    return [f"The strongest convergence — {finding_sentence(*strongest)}",
            f"The widest divergence — {finding_sentence(*widest)}"]
