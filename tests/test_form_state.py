"""Widget state and answer values map onto each other, with keys made from ids."""
from gapmap.form_state import exclusive_change, from_state, gap_row_is_empty, key, to_state
from tests.test_answers import ALL_TYPES, GAP_REGISTERS, REGISTER_VALUES, VALUES


def test_values_survive_the_trip_through_widget_state():
    expected = dict(VALUES, gaps=[VALUES["gaps"][0], {k: v for k, v in VALUES["gaps"][1].items() if k != "law"}])
    assert from_state(ALL_TYPES, to_state(ALL_TYPES, VALUES)) == expected  # an empty law is no law


def test_keys_are_made_from_ids():
    state = to_state(ALL_TYPES, VALUES)
    assert state["q-single"] == "b"
    assert state["q-multi-a"] is True and state["q-multi-dk"] is False
    assert state["q-rank-rank-1"] == "z" and state["q-rank-rank-2"] == "x"
    assert state["q-mat-r2"] == "no"
    assert state["q-gaps-rows"] == [1, 2] and state["q-gaps-2-priority"] == "low"
    assert key("gaps", 2, "law") == "q-gaps-2-law"


def test_an_empty_form_has_no_values():
    assert from_state(ALL_TYPES, to_state(ALL_TYPES, {})) == {}
    assert from_state(ALL_TYPES, {"q-short": "   ", "q-gaps-rows": [1]}) == {}


def test_a_gap_in_the_ranking_closes_up():
    assert from_state(ALL_TYPES, {"q-rank-rank-1": None, "q-rank-rank-2": "y"})["rank"] == ["y"]


def test_exclusive_options_clear_the_others_and_the_others_clear_them():
    state = {"q-multi-a": True, "q-multi-b": True, "q-multi-dk": True}
    assert exclusive_change(ALL_TYPES, "multi", "dk", state) == {"q-multi-a": False, "q-multi-b": False}
    state = {"q-multi-a": True, "q-multi-dk": True}
    assert exclusive_change(ALL_TYPES, "multi", "a", state) == {"q-multi-dk": False}
    assert exclusive_change(ALL_TYPES, "multi", "a", {"q-multi-a": False}) == {}


def test_a_gap_register_has_a_key_for_each_field_it_asks():
    state = to_state(GAP_REGISTERS, REGISTER_VALUES)
    assert (state["q-full-1-emerging_form"], state["q-full-1-reform"], state["q-full-1-addressee"]) == (
        "online", "under_way", "legislature")
    assert state["q-full-2-reform"] == "dont_know" and state["q-full-2-addressee"] is None
    assert sorted(k for k in state if k.startswith("q-plain-1-")) == sorted(
        f"q-plain-1-{f}" for f in ("gap_type", "description", "law", "severity", "need_type", "priority"))
    assert from_state(GAP_REGISTERS, state) == REGISTER_VALUES


def test_a_gap_row_is_empty_only_with_nothing_in_any_of_its_fields():
    full, plain = GAP_REGISTERS.question("full"), GAP_REGISTERS.question("plain")
    state = {"q-full-rows": [1, 2], "q-full-1-description": "", "q-full-2-reform": "planned"}
    assert gap_row_is_empty(full, 1, state)
    assert not gap_row_is_empty(full, 2, state)  # only "is a reform under way" answered: asks before removal
    assert from_state(GAP_REGISTERS, state) == {"full": [{"reform": "planned"}]}
    # a register that does not ask about reform has no such field: a stray key is nothing of it
    assert gap_row_is_empty(plain, 1, {"q-plain-rows": [1], "q-plain-1-reform": "planned"})
    assert from_state(GAP_REGISTERS, {"q-plain-rows": [1], "q-plain-1-reform": "planned"}) == {}
