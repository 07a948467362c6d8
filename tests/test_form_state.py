"""Widget state and answer values map onto each other, with keys made from ids."""
from gapmap.form_state import exclusive_change, from_state, key, to_state
from tests.test_answers import ALL_TYPES, VALUES


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
