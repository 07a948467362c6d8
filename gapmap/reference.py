"""Reference facts GapMap ships: the States it knows, their geography and their (dated) groups.

The files live in `gapmap/reference/` and are read and checked by `gapmap.reference_files`: all of
them, or none (a bad file stops the app at start with every problem listed). Geography (UN M49
sub-regions) is kept apart from organisation membership (ASEAN, SAARC), which depends on the date:
Timor-Leste is ASEAN for an event in 2026, not for one in 2024.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from gapmap.reference_files import REFERENCE_DIR, ReferenceData, load_all

__all__ = ["REFERENCE_DIR", "Country", "reference_data", "bali_process_members", "bangkok_2024_states",
           "country_name", "members_on", "country_groups"]


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    subregion: str  # UN M49 sub-region


@lru_cache(maxsize=1)
def reference_data() -> ReferenceData:
    """Every reference file, checked; raises `ReferenceDataError` naming file and line."""
    return load_all(REFERENCE_DIR)


@lru_cache(maxsize=1)
def bali_process_members() -> dict[str, Country]:
    """Every Bali Process Member State or territory, keyed by ISO 3166-1 alpha-3 code."""
    return {s.iso3: Country(s.iso3, s.name, s.subregion) for s in reference_data().states.states}


def bangkok_2024_states() -> list[str]:
    """The 12 Member States of the Bangkok consultation (20-21 Aug 2024)."""
    return list(reference_data().states.bangkok_2024)


def country_name(iso3: str) -> str:
    country = bali_process_members().get(iso3)
    return country.name if country else iso3


def members_on(organisation: str, on: date) -> set[str]:
    """The members of an organisation (ASEAN, SAARC) on a date."""
    for org in reference_data().organisations.organisations:
        if org.id == organisation:
            return {m.iso3 for m in org.members if m.from_ <= on and (m.until is None or on < m.until)}
    raise KeyError(organisation)


def country_groups(countries: list[str], *, on: date) -> dict[str, list[str]]:
    """The groups an event's results can be filtered by, for an event held on `on`.

    First the organisations (ASEAN, SAARC) with their members on that date, then the UN M49
    sub-regions; a group with none or all of the event's countries, or the same countries as a
    group already listed, is left out (it would filter nothing new)."""
    groups: dict[str, list[str]] = {}
    members = bali_process_members()

    def add(name: str, inside: list[str]) -> None:
        if inside and len(inside) < len(countries) and inside not in groups.values():
            groups[name] = inside

    for org in reference_data().organisations.organisations:
        present = members_on(org.id, on)
        add(org.name, [c for c in countries if c in present])
    for subregion in dict.fromkeys(members[c].subregion for c in countries if c in members):
        add(subregion, [c for c in countries if c in members and members[c].subregion == subregion])
    return groups
