"""The event settings form, shared by "new event" and "edit event" (organiser pages)."""
from __future__ import annotations

from datetime import date

import streamlit as st

from gapmap.event_setup import (
    DEFAULT_PRIVACY_NOTICE,
    FIELD_LABELS,
    MAX_OBJECTIVES,
    MAX_PARTNERS,
    OBJECTIVE_MAX_LENGTH,
    PARTNER_MAX_LENGTH,
    EventSettings,
    SetupError,
)
from gapmap.event_time import offset, time_zones
from gapmap.reference import bali_process_members

POLICIES = {
    "chatham_house": "Chatham House Rule: regional results only, no country named",
    "attributable": "Country-attributable: results may name countries",
}


def _member_choices() -> tuple[list[str], dict[str, str]]:
    members = bali_process_members()
    ordered = sorted(members.values(), key=lambda c: (c.subregion, c.name))
    return [c.iso3 for c in ordered], {c.iso3: f"{c.name} ({c.iso3}) · {c.subregion}" for c in ordered}


FROM_VENUE = ""  # the time zone option that takes the venue's (gapmap.event_time.venue_time_zone)


def _zone_choices(current: str | None) -> list[str]:
    zones = time_zones()
    return [FROM_VENUE, *([current] if current and current not in zones else []), *zones]


def _zone_text(name: str) -> str:
    if name == FROM_VENUE:
        return "From the venue (UTC if it names no city or country we know)"
    return f"{name} · {offset(name)}"


def settings_form(prefix: str, current: EventSettings | None, *, with_code: bool, submit_label: str) -> dict | None:
    """Draw the form; returns the typed values when submitted (checked by the caller's service)."""
    codes, names = _member_choices()
    today = date.today()
    with st.form(f"{prefix}-form", border=True):
        title = st.text_input(FIELD_LABELS["title"], value=current.title if current else "", key=f"{prefix}-title",
                              max_chars=300, placeholder="e.g. Regional consultation on emerging forms of trafficking")
        venue = st.text_input(FIELD_LABELS["venue"], value=current.venue if current else "", key=f"{prefix}-venue",
                              max_chars=300, placeholder="e.g. Colombo, Sri Lanka")
        zones = _zone_choices(current.time_zone if current else None)
        time_zone = st.selectbox(FIELD_LABELS["time_zone"], zones, format_func=_zone_text, key=f"{prefix}-time-zone",
                                 index=zones.index(current.time_zone) if current else 0,
                                 help="Delegates read the times they saved and submitted on this clock. From the "
                                      "venue: Bangkok → Asia/Bangkok, Bali → Asia/Makassar, Canberra → "
                                      "Australia/Sydney. Type a city to search.")
        left, right = st.columns(2)
        start = left.date_input(FIELD_LABELS["start_date"], value=current.start_date if current else today,
                                key=f"{prefix}-start", format="DD/MM/YYYY")
        end = right.date_input(FIELD_LABELS["end_date"], value=current.end_date if current else today,
                               key=f"{prefix}-end", format="DD/MM/YYYY")
        organisers = st.text_area(FIELD_LABELS["organisers"], key=f"{prefix}-organisers", height=80,
                                  value="\n".join(current.organisers) if current else "",
                                  help="One organisation per line, as it should appear on reports.")
        objectives = st.text_area(FIELD_LABELS["objectives"], key=f"{prefix}-objectives", height=110,
                                  value="\n".join(current.objectives or []) if current else "",
                                  placeholder="e.g. Follow up the regional legal assessment\nInform the regional "
                                              "workplan",
                                  help=f"What the consultation is for: one per line, at most {MAX_OBJECTIVES} of at "
                                       f"most {OBJECTIVE_MAX_LENGTH} characters. Listed on the cover of every report "
                                       "and in the rapporteur's brief.")
        partners = st.text_area(FIELD_LABELS["partners"], key=f"{prefix}-partners", height=80,
                                value="\n".join(current.partners or []) if current else "",
                                placeholder="e.g. UN Women",
                                help=f"Organisations to acknowledge: one per line, at most {MAX_PARTNERS} of at most "
                                     f"{PARTNER_MAX_LENGTH} characters, as they should appear on reports.")
        countries = st.multiselect(FIELD_LABELS["countries"], codes, format_func=names.get, key=f"{prefix}-countries",
                                   default=current.countries if current else [], placeholder="Choose Member States",
                                   help="From the Bali Process membership. Delegates choose their country from these.")
        policy = st.radio(FIELD_LABELS["attribution_policy"], list(POLICIES), format_func=POLICIES.get,
                          key=f"{prefix}-policy",
                          index=list(POLICIES).index(current.attribution_policy) if current else 0)
        k = st.number_input(FIELD_LABELS["min_group_size"], min_value=1, max_value=50, step=1, key=f"{prefix}-k",
                            value=current.min_group_size if current else 3,
                            help="No breakdown of fewer respondents than this is ever shown or exported.")
        notice = st.text_area(FIELD_LABELS["privacy_notice"], key=f"{prefix}-notice", height=140, max_chars=5000,
                              value=current.privacy_notice if current else DEFAULT_PRIVACY_NOTICE,
                              help="Shown to every delegate before they consent; the Chatham House and group-size "
                                   "rules are added to it automatically.")
        code = None
        if with_code:
            code = st.text_input(FIELD_LABELS["code"], key=f"{prefix}-code", max_chars=12,
                                 placeholder="Leave empty for a generated code",
                                 help="4 to 12 letters and digits, e.g. CMB2025. Generated codes avoid 0/O and 1/I/L.")
        if not st.form_submit_button(submit_label, type="primary", key=f"{prefix}-submit"):
            return None
    return {"title": title, "venue": venue, "start_date": start, "end_date": end,
            "organisers": organisers.splitlines(), "objectives": objectives.splitlines(),
            "partners": partners.splitlines(), "countries": countries, "attribution_policy": policy,
            "min_group_size": int(k), "privacy_notice": notice, "time_zone": time_zone, "code": code}


def show_problems(exc: SetupError) -> None:
    """One error box listing every field that needs a change."""
    lines = list(exc.problems.values())  # each message names its field in the form's own words
    st.error("Nothing was saved. " + ("Please fix:\n\n" + "\n".join(f"- {line}" for line in lines)
                                       if len(lines) > 1 else lines[0]), icon=":material/error:")
