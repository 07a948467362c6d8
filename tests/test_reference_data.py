"""The reference data GapMap ships: checked whole at start, dated groups, treaty records with sources."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from gapmap.reference import REFERENCE_DIR, bali_process_members, country_groups, members_on, reference_data
from gapmap.reference_files import FILES, ReferenceDataError, load_all
from gapmap.treaties import on_record

BANGKOK_2024 = ["KHM", "IND", "IDN", "LAO", "MYS", "MDV", "NPL", "PHL", "LKA", "THA", "TLS", "VNM"]


def test_the_shipped_files_load_and_every_record_names_its_source_and_date():
    data = reference_data()
    assert len(data.states.states) == 45
    assert data.treaties.records, "no treaty records shipped"
    for record in data.treaties.records:
        assert record.source.strip() and record.as_of, record
    for name, model in (("states.yaml", data.states), ("organisations.yaml", data.organisations),
                        ("gap_typology.yaml", data.typology)):
        assert model.source.strip() and model.as_of, name
    states = {r.state for r in data.treaties.records}
    treaties = {t.id for t in data.treaties.treaties}
    assert {"PALERMO", "ACTIP", "SAARC2002", "C29", "P29", "C181", "C188", "BUDAPEST", "BUDAPEST_P2"} <= treaties
    assert states == set(BANGKOK_2024)
    assert len(data.treaties.records) == len(states) * len(treaties), "one record per State and treaty"


def test_timor_leste_is_asean_for_an_event_in_2026_not_in_2024():
    assert "TLS" not in members_on("ASEAN", date(2024, 8, 20))
    assert "TLS" in members_on("ASEAN", date(2026, 3, 1))
    assert "TLS" in members_on("ASEAN", date(2025, 10, 26)), "a member from the day it joined"


def test_results_groups_follow_the_event_date_and_keep_geography_apart():
    groups_2024 = country_groups(BANGKOK_2024, on=date(2024, 8, 20))
    assert sorted(groups_2024["ASEAN"]) == ["IDN", "KHM", "LAO", "MYS", "PHL", "THA", "VNM"]
    assert sorted(groups_2024["SAARC"]) == ["IND", "LKA", "MDV", "NPL"]
    assert "TLS" in groups_2024["South-eastern Asia"], "geography: Timor-Leste is in South-eastern Asia"
    assert "Southern Asia" not in groups_2024, "the same four States as SAARC: listed once"
    groups_2026 = country_groups(BANGKOK_2024, on=date(2026, 3, 1))
    assert "TLS" in groups_2026["ASEAN"]
    assert "South-eastern Asia" not in groups_2026, "the same eight States as ASEAN in 2026: listed once"


def test_macao_is_spelled_as_iso_and_the_un_spell_it():
    assert bali_process_members()["MAC"].name == "Macao SAR, China"


def test_a_treaty_record_is_taken_on_the_event_date():
    record = on_record("THA", "P29", date(2024, 8, 20))
    assert (record.status, record.since, record.preselect) == ("party", date(2018, 6, 4), "party")
    assert record.sentence().startswith("Our records: party since 4 Jun 2018 (ILO NORMLEX, as of 30 Nov 2026)")
    assert record.sentence().endswith("— confirm or correct.")
    before = on_record("MYS", "P29", date(2020, 1, 1))
    assert (before.status, before.later) == ("not_party", date(2022, 3, 21))
    assert "after this event" in before.sentence()
    assert on_record("MYS", "P29", date(2024, 8, 20)).status == "party"


def test_a_record_still_to_verify_says_so_and_an_unknown_one_preselects_nothing():
    unsure = on_record("LKA", "PALERMO", date(2024, 8, 20))
    assert unsure.verify and "still to be verified" in unsure.sentence()
    unknown = on_record("LKA", "BUDAPEST_P2", date(2024, 8, 20))  # a party to Budapest: it could have joined
    assert unknown.preselect is None and "please tell us" in unknown.sentence()


def test_a_state_outside_a_treaty_is_outside_the_protocols_only_its_parties_can_join():
    derived = on_record("THA", "BUDAPEST_P2", date(2024, 8, 20))
    assert derived.status == "not_party"
    assert "only parties to Budapest Convention on Cybercrime (2001) can join" in derived.sentence()


@pytest.fixture
def copied(tmp_path):
    for name in FILES:
        shutil.copy(REFERENCE_DIR / name, tmp_path / name)
    return tmp_path


def _edit(directory, name: str, old: str, new: str) -> int:
    """Replace the first `old` in a copied file; returns the (1-based) line it was on."""
    text = (directory / name).read_text(encoding="utf-8")
    assert old in text, old
    (directory / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize("name, old, new, expected", [
    ("treaties.yaml", "date: 2018-06-04", "date: 2018-06-31", "date"),
    ("treaties.yaml", "{state: KHM, treaty: PALERMO", "{state: KHX, treaty: PALERMO", "unknown ISO code 'KHX'"),
    ("treaties.yaml", 'source: "ILO NORMLEX", as_of: 2026-11-30, note: "ratified 21 Mar',
     'as_of: 2026-11-30, note: "ratified 21 Mar', "source: Field required"),
    ("organisations.yaml", "{iso3: TLS, from: 2025-10-26}", "{iso3: TLS, from: 26 Oct 2025}", "from"),
    ("states.yaml", '{iso3: MAC, name: "Macao SAR, China", subregion: "Eastern Asia"}',
     '{iso3: MAC, name: "Macao SAR, China", subregion: "East Asia"}', "subregion"),
])
def test_a_bad_reference_file_is_refused_whole_naming_file_and_line(copied, name, old, new, expected):
    line = _edit(copied, name, old, new)
    with pytest.raises(ReferenceDataError) as raised:
        load_all(copied)
    problems = [p for p in raised.value.problems if p.file == name]
    assert problems, raised.value
    assert any(expected in p.message and p.line == line for p in problems), [str(p) for p in problems]
    assert f"{name}, line {line}:" in str(raised.value)


def test_every_problem_is_listed_not_only_the_first(copied):
    _edit(copied, "treaties.yaml", "{state: KHM, treaty: PALERMO", "{state: KHX, treaty: PALERMO")
    _edit(copied, "treaties.yaml", "{state: IND, treaty: PALERMO", "{state: INX, treaty: PALERMO")
    with pytest.raises(ReferenceDataError) as raised:
        load_all(copied)
    assert {"KHX", "INX"} <= {code for p in raised.value.problems for code in ("KHX", "INX") if code in p.message}


def test_a_recorded_party_without_a_date_must_say_the_date_is_to_verify(copied):
    line = _edit(copied, "treaties.yaml", 'status: party, source: "ASEAN Secretariat", as_of: 2026-11-30, '
                 'verify: "the date of ratification (party before the Aug 2024 event)"',
                 'status: party, source: "ASEAN Secretariat", as_of: 2026-11-30')
    with pytest.raises(ReferenceDataError) as raised:
        load_all(copied)
    assert [p.line for p in raised.value.problems] == [line]


def test_the_app_refuses_to_start_on_a_bad_reference_file_and_says_where(copied, tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import gapmap.reference as reference

    line = _edit(copied, "treaties.yaml", "{state: KHM, treaty: PALERMO", "{state: KHX, treaty: PALERMO")
    monkeypatch.setattr(reference, "REFERENCE_DIR", copied)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bad.sqlite3'}")
    reference.reference_data.cache_clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file("../app.py", default_timeout=30).run()
        assert "reference data has problems" in at.error[0].value
        assert f"treaties.yaml, line {line}: unknown ISO code 'KHX'" in at.code[0].value
        assert not (tmp_path / "bad.sqlite3").exists() or (tmp_path / "bad.sqlite3").stat().st_size == 0, \
            "nothing was written before the check"
    finally:
        reference.reference_data.cache_clear()
        st.cache_resource.clear()
