"""Reference facts GapMap ships: Bali Process membership and the country groups."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

REFERENCE_DIR = Path(__file__).parent / "reference"


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    group: str


@lru_cache(maxsize=1)
def _members_file() -> dict:
    return yaml.safe_load((REFERENCE_DIR / "bali_process_members.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def bali_process_members() -> dict[str, Country]:
    """Every Bali Process Member State or territory, keyed by ISO 3166-1 alpha-3 code."""
    return {m["iso3"]: Country(**m) for m in _members_file()["members"]}


def bangkok_2024_states() -> list[str]:
    """The 12 Member States of the Bangkok consultation (20-21 Aug 2024)."""
    return list(_members_file()["bangkok_2024"])


def country_name(iso3: str) -> str:
    country = bali_process_members().get(iso3)
    return country.name if country else iso3


def country_groups(countries: list[str]) -> dict[str, list[str]]:
    """The event's countries by group (ASEAN, South Asia, ...), groups with members only."""
    members = bali_process_members()
    groups: dict[str, list[str]] = {}
    for iso3 in countries:
        group = members[iso3].group if iso3 in members else "Other"
        groups.setdefault(group, []).append(iso3)
    return groups
