"""An event's clock: the time zone it runs in (`Event.time_zone`, an IANA name such as
"Asia/Bangkok") and the times of day people in the room read, in that zone.

Times are stored in UTC (`db.models.utcnow`); SQLite hands them back naive and PostgreSQL aware,
and both are read as UTC here. Every function takes the event (anything with a `time_zone`) or a
zone's name; a zone this machine does not know reads as UTC rather than failing a page. Audit
logs and exports stay in UTC and say so.
"""
from __future__ import annotations

import re
import unicodedata
import zoneinfo
from datetime import datetime, timezone
from functools import lru_cache

import yaml

from db.models import DEFAULT_TIME_ZONE
from gapmap.reference import REFERENCE_DIR

UTC = DEFAULT_TIME_ZONE
#: The areas of the IANA names offered in the organiser's list (not the legacy "US/…", "Etc/GMT+7"…).
_AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
          "Pacific")


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    """Every zone name this machine knows (the system's zoneinfo or the tzdata package), by its casefold."""
    return {name.casefold(): name for name in zoneinfo.available_timezones() | {UTC}}


def time_zone_name(name: str) -> str | None:
    """The IANA name as spelled in the database ("asia/bangkok" -> "Asia/Bangkok"), or None."""
    return _known().get((name or "").strip().casefold())


@lru_cache(maxsize=1)
def time_zones() -> list[str]:
    """The zones an organiser chooses from: UTC, then the areas' zones in alphabetical order."""
    return [UTC, *sorted(n for n in _known().values() if n.split("/", 1)[0] in _AREAS and "/" in n)]


def _name(event_or_zone) -> str:
    name = event_or_zone if isinstance(event_or_zone, str) or event_or_zone is None else event_or_zone.time_zone
    return time_zone_name(name or UTC) or UTC


def zone(event_or_zone) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(_name(event_or_zone))


def local(event_or_zone, moment: datetime) -> datetime:
    """A stored moment (naive = UTC, or aware) as the event's local time."""
    aware = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
    return aware.astimezone(zone(event_or_zone))


def clock(event_or_zone, moment: datetime, *, seconds: bool = False) -> str:
    """'17:34' (or '17:34:05'): the time of day on the room's clocks."""
    return f"{local(event_or_zone, moment):{'%H:%M:%S' if seconds else '%H:%M'}}"


def offset(event_or_zone, at: datetime | None = None) -> str:
    """'UTC+07:00', 'UTC+05:45', 'UTC-04:00': the zone's offset at `at` (default: now)."""
    minutes = int(local(event_or_zone, at or datetime.now(timezone.utc)).utcoffset().total_seconds() // 60)
    return f"UTC{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_name(event_or_zone) -> str:
    """'Bangkok time': named after the place in the venue when it has that zone ('Bali time'),
    otherwise after the zone's own city ('Makassar time'); 'UTC' for UTC."""
    name = _name(event_or_zone)
    if name == UTC:
        return UTC
    place = venue_place(getattr(event_or_zone, "venue", "") or "")
    if place is None or place[1] != name:
        place = (name.rsplit("/", 1)[-1].replace("_", " "), name)
    return f"{place[0]} time"


def zone_label(event_or_zone, at: datetime | None = None) -> str:
    """'Bangkok time (UTC+07:00)', or 'UTC'."""
    name = zone_name(event_or_zone)
    return name if name == UTC else f"{name} ({offset(event_or_zone, at)})"


# --- the venue's zone --------------------------------------------------------------------------

def _words(text: str) -> str:
    """' nuku alofa ': casefolded, without accents or apostrophes, words between single spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]", "", plain)).split()) + " "


@lru_cache(maxsize=1)
def _places() -> tuple[list[tuple[str, str, str]], ...]:
    """(cities, countries), each a list of (words, name as written, zone)."""
    table = yaml.safe_load((REFERENCE_DIR / "venue_time_zones.yaml").read_text(encoding="utf-8"))
    return tuple([(_words(place), place, tz) for tz, places in table[kind].items() for place in places]
                 for kind in ("cities", "countries"))


def venue_place(venue: str) -> tuple[str, str] | None:
    """(place, zone) for the first city the venue names, else its first country, else None."""
    text = _words(venue)
    for places in _places():
        found = [(text.find(words), -len(words), place, tz) for words, place, tz in places if words in text]
        if found:
            _, _, place, tz = min(found)
            return place, tz
    return None


def venue_time_zone(venue: str) -> str | None:
    """'Asia/Bangkok' for 'Centara Grand, Bangkok, Thailand'; None when the venue names no known place."""
    place = venue_place(venue)
    return place[1] if place else None
