"""Who may see which breakdown: small-group suppression (k) and country attribution.

- No breakdown by country (or a selection by sector or country group) is shown when it holds
  fewer than k respondents (the event's `min_group_size`, default 3).
- Under the Chatham House policy, countries are named only on organisers' screens; facilitators'
  screens and the projector show regional results and convergence, never who said what.
"""
from __future__ import annotations

from dataclasses import dataclass

from db.models import AttributionPolicy, Event


@dataclass(frozen=True)
class Audience:
    k: int = 3
    name_countries: bool = False
    projector: bool = False


def audience_for(event: Event, *, role: str, projector: bool = False) -> Audience:
    attributable = event.attribution_policy == AttributionPolicy.ATTRIBUTABLE.value
    name_countries = attributable or (role == "organiser" and not projector)
    return Audience(k=max(1, event.min_group_size), name_countries=name_countries, projector=projector)


def shown_countries(respondents_by_country: dict[str, int], audience: Audience) -> list[str]:
    """The countries a breakdown may show: named ones only, each with at least k respondents."""
    if not audience.name_countries:
        return []
    return sorted(c for c, n in respondents_by_country.items() if n >= audience.k)


def hidden_countries(respondents_by_country: dict[str, int], audience: Audience) -> int:
    """How many countries a breakdown leaves out for having fewer than k respondents."""
    return sum(1 for n in respondents_by_country.values() if 0 < n < audience.k)


def selection_too_small(respondents: int, audience: Audience, *, filtered: bool) -> bool:
    """A filtered selection (a sector, a country group) with fewer than k respondents is not shown."""
    return filtered and 0 < respondents < audience.k
