"""An event's clock: stored UTC times read in the event's zone, the zone named for people, and the
zone a new event takes from its venue."""
import zoneinfo
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
import yaml

from gapmap.event_time import (
    _places,
    clock,
    local,
    offset,
    time_zone_name,
    time_zones,
    venue_time_zone,
    zone_label,
    zone_name,
)
from gapmap.reference import REFERENCE_DIR

SUMMER = datetime(2024, 8, 21, 10, 34, 12)  # naive, as SQLite returns a stored UTC time
WINTER = datetime(2024, 12, 3, 10, 34, 12, tzinfo=timezone.utc)  # aware, as PostgreSQL returns it


def event(time_zone, venue=""):
    return SimpleNamespace(time_zone=time_zone, venue=venue)


def test_a_naive_time_is_utc_and_an_aware_one_keeps_its_instant():
    assert local("Asia/Bangkok", SUMMER) == datetime(2024, 8, 21, 17, 34, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Bangkok"))
    assert local("Asia/Bangkok", SUMMER.replace(tzinfo=timezone.utc)) == local("Asia/Bangkok", SUMMER)
    in_geneva = datetime(2024, 8, 21, 12, 34, 12, tzinfo=zoneinfo.ZoneInfo("Europe/Zurich"))
    assert clock("Asia/Bangkok", in_geneva) == "17:34"  # an aware time in another zone: the same instant


@pytest.mark.parametrize("zone, moment, expected", [
    ("Asia/Bangkok", SUMMER, "17:34"),
    ("Asia/Bangkok", WINTER, "17:34"),  # no daylight saving
    ("Europe/Zurich", SUMMER, "12:34"),  # Geneva's clock in summer: UTC+2
    ("Europe/Zurich", WINTER, "11:34"),  # and in winter: UTC+1
    ("Asia/Kathmandu", SUMMER, "16:19"),  # UTC+5:45
    ("Asia/Makassar", SUMMER, "18:34"),  # Bali
    ("Australia/Sydney", SUMMER, "20:34"),  # Canberra in August (winter): UTC+10
    ("Australia/Sydney", WINTER, "21:34"),  # and in December (summer): UTC+11
    ("UTC", SUMMER, "10:34"),
])
def test_the_clock_reads_the_zones_time_of_day_with_its_daylight_saving(zone, moment, expected):
    assert clock(zone, moment) == clock(event(zone), moment) == expected
    assert clock(zone, moment, seconds=True) == f"{expected}:12"


def test_the_offset_is_the_one_at_that_moment():
    assert offset("Asia/Bangkok", SUMMER) == "UTC+07:00"
    assert (offset("Europe/Zurich", SUMMER), offset("Europe/Zurich", WINTER)) == ("UTC+02:00", "UTC+01:00")
    assert offset("Asia/Kathmandu", SUMMER) == "UTC+05:45"
    assert offset("America/New_York", WINTER) == "UTC-05:00"
    assert offset("UTC") == "UTC+00:00"


def test_the_zone_is_named_after_the_venue_when_it_has_that_zone_else_after_its_city():
    assert zone_label(event("Asia/Bangkok"), SUMMER) == "Bangkok time (UTC+07:00)"
    assert zone_label(event("Asia/Makassar", "Hotel Mulia, Bali, Indonesia"), SUMMER) == "Bali time (UTC+08:00)"
    assert zone_label(event("Australia/Sydney", "Canberra"), SUMMER) == "Canberra time (UTC+10:00)"
    assert zone_name(event("Asia/Bangkok", "Geneva")) == "Bangkok time"  # the venue is elsewhere: the zone's city
    assert zone_name("Asia/Ho_Chi_Minh") == "Ho Chi Minh time"
    assert zone_name(event("Asia/Colombo", "Colombo, Sri Lanka")) == "Colombo time"
    assert zone_label(event("UTC", "Bangkok")) == zone_label("UTC") == "UTC"


def test_an_unknown_or_missing_zone_reads_as_utc_rather_than_failing_a_page():
    assert clock(event("Mars/Olympus"), SUMMER) == clock(event(None), SUMMER) == "10:34"
    assert zone_label(event("Mars/Olympus")) == "UTC"


def test_names_are_checked_against_zoneinfo_and_spelled_as_it_does():
    assert time_zone_name("asia/bangkok") == time_zone_name(" Asia/Bangkok ") == "Asia/Bangkok"
    assert time_zone_name("UTC") == "UTC"
    for wrong in ("Mars/Olympus", "Europe/Geneva", "../etc/passwd", "", "Bangkok"):
        assert time_zone_name(wrong) is None, wrong


def test_the_organisers_list_starts_with_utc_and_holds_only_places():
    zones = time_zones()
    assert zones[0] == "UTC" and zones[1:] == sorted(zones[1:])
    assert {"Asia/Bangkok", "Asia/Makassar", "Europe/Zurich", "Pacific/Auckland"} <= set(zones)
    assert not [z for z in zones[1:] if z.startswith(("Etc/", "US/")) or "/" not in z]


@pytest.mark.parametrize("venue, zone", [
    ("Bangkok, Thailand", "Asia/Bangkok"),
    ("Centara Grand at CentralWorld, Bangkok", "Asia/Bangkok"),
    ("Thailand", "Asia/Bangkok"),
    ("Bali Nusa Dua Convention Center, Indonesia", "Asia/Makassar"),  # WITA, not Jakarta's clock
    ("Denpasar", "Asia/Makassar"),
    ("Jakarta, Indonesia", "Asia/Jakarta"),
    ("Manila", "Asia/Manila"),
    ("KUALA LUMPUR, Malaysia", "Asia/Kuala_Lumpur"),
    ("Colombo, Sri Lanka", "Asia/Colombo"),
    ("Dhaka", "Asia/Dhaka"),
    ("Kathmandu, Nepal", "Asia/Kathmandu"),
    ("New Delhi, India", "Asia/Kolkata"),
    ("Islamabad", "Asia/Karachi"),
    ("Phnom Penh", "Asia/Phnom_Penh"),
    ("Vientiane, Lao PDR", "Asia/Vientiane"),
    ("Hanoi, Viet Nam", "Asia/Ho_Chi_Minh"),
    ("Yangon", "Asia/Yangon"),
    ("Singapore", "Asia/Singapore"),
    ("Dili, Timor-Leste", "Asia/Dili"),
    ("Malé, Maldives", "Indian/Maldives"),
    ("Canberra, Australia", "Australia/Sydney"),
    ("Wellington", "Pacific/Auckland"),
    ("Tokyo", "Asia/Tokyo"),
    ("Seoul, Republic of Korea", "Asia/Seoul"),
    ("Palais des Nations, Genève", "Europe/Zurich"),
    ("Nuku'alofa, Tonga", "Pacific/Tongatapu"),
    ("Pyongyang, Democratic People's Republic of Korea", "Asia/Pyongyang"),
    ("Democratic People's Republic of Korea", "Asia/Pyongyang"),  # not Seoul's "Republic of Korea"
    ("Geneva (delegates joining from Bangkok)", "Europe/Zurich"),  # the city named first
])
def test_a_venue_that_names_a_known_place_gives_its_zone(venue, zone):
    assert venue_time_zone(venue) == zone


@pytest.mark.parametrize("venue", ["", "Online", "Indonesia", "Australia", "Hotel Imperial", "Bangkokian Hotel"])
def test_a_venue_naming_no_place_or_a_country_of_several_zones_gives_none(venue):
    assert venue_time_zone(venue) is None


def test_every_zone_of_the_venue_table_is_one_zoneinfo_knows_and_no_place_is_listed_twice():
    table = yaml.safe_load((REFERENCE_DIR / "venue_time_zones.yaml").read_text(encoding="utf-8"))
    for kind in ("cities", "countries"):
        assert [z for z in table[kind] if time_zone_name(z) != z] == [], kind
    cities, countries = _places()
    words = [w for w, _, _ in cities + countries]
    assert len(words) == len(set(words))
    assert len(cities) >= 60 and len(countries) >= 30
