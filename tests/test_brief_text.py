"""The brief's sentences, from hand-worked findings (each case's data is worked out in its comment)."""
from __future__ import annotations

from gapmap.brief_text import convergence_sentences, finding_sentence
from gapmap.positions import finding

ANSWERS = [("express", "Covered expressly"), ("not_covered", "Not covered"), ("dont_know", "Don't know")]
TWELVE = ["KHM", "IND", "IDN", "LAO", "MYS", "MDV", "NPL", "PHL", "LKA", "THA", "TLS", "VNM"]


def made(per_country: dict[str, dict[str, int]], present=TWELVE):
    return finding("r", "Recruitment", per_country, ANSWERS, list(present), {}, "q")


def test_no_state_answered():
    assert finding_sentence(made({}), "Recruitment") == "Recruitment: no State answered."


def test_one_state_answered():
    # Thailand's two delegates both say "express"; 11 of the 12 States present gave nothing
    assert finding_sentence(made({"THA": {"express": 2}}), "Recruitment") == \
        "Recruitment: one State answered (covered expressly); 11 did not."
    # one State, its two delegates disagree: split, and no State is named
    assert finding_sentence(made({"THA": {"express": 1, "not_covered": 1}}), "Recruitment") == \
        "Recruitment: one State answered (its delegation was split); 11 did not."


def test_unanimous():
    # all 12 States hold "express", none split: every State present agrees
    everyone = {c: {"express": 3} for c in TWELVE}
    assert finding_sentence(made(everyone), "Recruitment") == "Recruitment: in all 12 States, covered expressly."
    # 9 States answer, all "express"; 3 States present gave nothing
    nine = {c: {"express": 2} for c in TWELVE[:9]}
    assert finding_sentence(made(nine), "Recruitment") == \
        "Recruitment: all 9 States that answered, covered expressly; 3 States did not answer."


def test_split_and_the_most_common_position():
    # 5 States "express", 3 "not covered", 2 split (1 express + 1 not covered each), 2 no answer:
    # the most common position is "express" with 5 of the 12 present
    data = {c: {"express": 2} for c in TWELVE[:5]} | {c: {"not_covered": 2} for c in TWELVE[5:8]}
    data |= {c: {"express": 1, "not_covered": 1} for c in TWELVE[8:10]}
    assert finding_sentence(made(data), "Recruitment?") == (
        "Recruitment: in 5 of 12 States, covered expressly; the delegations of 2 States were split; "
        "2 States did not answer.")


def test_a_tie_names_every_tied_position():
    # 4 States "express", 4 "not covered", 4 no answer: a tie, never resolved to either
    data = {c: {"express": 1} for c in TWELVE[:4]} | {c: {"not_covered": 1} for c in TWELVE[4:8]}
    assert finding_sentence(made(data), "Recruitment") == \
        "Recruitment: States are divided: covered expressly in 4, not covered in 4; 4 States did not answer."


def test_every_answering_delegation_split():
    # 3 States answered, each delegation split; 9 did not answer
    data = {c: {"express": 1, "not_covered": 1} for c in TWELVE[:3]}
    assert finding_sentence(made(data), "Recruitment") == \
        "Recruitment: the delegations of all 3 States that answered were split; 9 States did not answer."


def test_the_strongest_convergence_and_the_widest_divergence():
    # Recruitment: 10 of 10 answering hold "express" (1.0); Harbouring: 4 express, 4 not, 2 split
    # (4 of 10 answering: 0.4); Receipt: 7 of 10 "express" (0.7)
    recruitment = made({c: {"express": 1} for c in TWELVE[:10]})
    harbouring = made({c: {"express": 1} for c in TWELVE[:4]} | {c: {"not_covered": 1} for c in TWELVE[4:8]}
                      | {c: {"express": 1, "not_covered": 1} for c in TWELVE[8:10]})
    receipt = made({c: {"express": 1} for c in TWELVE[:7]} | {c: {"not_covered": 1} for c in TWELVE[7:10]})
    found = convergence_sentences([(recruitment, "Recruitment"), (harbouring, "Harbouring"), (receipt, "Receipt")])
    assert found == [
        "The strongest convergence — Recruitment: all 10 States that answered, covered expressly; "
        "2 States did not answer.",
        "The widest divergence — Harbouring: States are divided: covered expressly in 4, not covered in 4; "
        "the delegations of 2 States were split; 2 States did not answer."]


def test_no_state_is_named_in_any_sentence():
    data = {c: {"express": 2} for c in TWELVE[:5]} | {"THA": {"express": 1, "not_covered": 1}}
    sentence = finding_sentence(made(data), "Recruitment")
    assert not any(name in sentence for name in ("Thailand", "THA", "Cambodia", "KHM"))


def test_one_split_delegation_is_said_in_the_singular():
    data = {c: {"express": 1} for c in TWELVE[:6]} | {"THA": {"express": 1, "not_covered": 1}}
    assert finding_sentence(made(data), "Recruitment").endswith(
        "in 6 of 12 States, covered expressly; the delegation of 1 State was split; 5 States did not answer.")
