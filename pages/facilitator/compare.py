"""Facilitators and organisers: the whole event across countries and themes."""
import pandas as pd
import streamlit as st

from gapmap.agenda import event_agenda
from gapmap.positions import SELECTED
from gapmap.privacy import audience_for
from gapmap.reference import country_name
from questionnaires.schema import localise
from ui import resources, who
from ui.pickers import pick_event
from ui.results import (
    COUNTS_RESPONDENTS,
    draw_question,
    draw_state_question,
    gap_synthesis,
    visible_positions,
    visible_results,
)

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Compare countries")
event = pick_event(engine)
audience = audience_for(event, role=role)
_, agenda_sessions = event_agenda(engine, event.id)
if not agenda_sessions:
    st.info("This event has no agenda sessions yet.")
    st.stop()
# Legal findings count States ("5 of 12 States"); views (likert, ranking, text) always count respondents.
by_state = st.segmented_control(
    "Count", ["By State", "By respondent"], default="By State", required=True, key="compare-unit",
    help="By State: each State counts once, with its delegation's position (split when its delegates "
         "disagree). By respondent: every delegate counts.") != "By respondent"
all_results = [r for r in (visible_results(i.id, audience) for i in agenda_sessions) if r is not None]
# question id -> State findings, per agenda session (only the questions that count by State)
all_states = {r.agenda_session_id: visible_positions(r.agenda_session_id, audience) or {}
              for r in all_results} if by_state else {}


def state_of(r, q):
    """The question's State findings in By State mode, else None (draw it by respondent)."""
    return all_states.get(r.agenda_session_id, {}).get(q.id)


def draw(r, q):
    state = state_of(r, q)
    if state is not None:
        draw_state_question(state)
    else:
        draw_question(q, unit=COUNTS_RESPONDENTS if by_state else "")


def answer_names(finding) -> dict[str, str]:
    return {c.id: c.label for c in finding.counts}


gaps, definitions, profile = st.tabs(["Gaps across themes", "Definitions: convergence", "Country profiles"])
with gaps:
    registers = [(r, q) for r in all_results for q in r.questions if q.type == "gap_register"]
    if not registers:
        st.info("No gap register in this event's agenda.")
    for r, q in registers:
        st.header(r.title)
        draw(r, q)
        state = state_of(r, q)
        if state is not None and state.gaps:
            named = any(g.states for g in state.gaps)
            register = r.questionnaire.question(q.id)
            needs = {o.id: localise(o.label, "en") for o in register.need_types}
            table = pd.DataFrame([
                {"Gap type": g.label, "States citing it": g.state_count,
                 **({"Which States": ", ".join(country_name(c) for c in g.states) or "–"} if named else {}),
                 "Gaps recorded": g.gaps, "Mean severity": g.mean_severity,
                 "Need named most": " / ".join(needs.get(n, n) for n in g.top_need) or "–",
                 "Priority": (g.top_priority or "–").capitalize(),
                 "Measured against": "; ".join(g.benchmarks) or "–",
                 "Recommended action": g.action_label if g.benchmarks else "–"}
                for g in gap_synthesis(r.agenda_session_id, q.id, state, audience)])
            st.dataframe(table, hide_index=True, width="stretch", key=f"compare-gaps-{q.id}",
                         column_config={"Mean severity": st.column_config.NumberColumn(format="%.1f"),
                                        "Measured against": st.column_config.TextColumn(width="large")})
            st.caption("Gap synthesis by State: a State counts once per gap type, however many of its delegates "
                       "cite it; severity is that type's gaps' (1 = minor … 5 = critical)." + q.left_out)
with definitions:
    matrices = [(r, q) for r in all_results if r.questionnaire.theme == "definitions"
                for q in r.questions if q.type == "matrix"]
    if not matrices:
        st.info("No definitions checklist in this event's agenda.")
    if by_state:
        rows = []
        for r, q in matrices:
            state = state_of(r, q)
            for f in state.findings if state is not None else []:
                if f.convergence is None:
                    continue
                names = answer_names(f)
                answering = sum(c.states for c in f.counts) + f.split
                rows.append((q.text, f.label, f.convergence, " = ".join(names.get(c, c) for c in f.consensus),
                             f"{f.states(f.consensus[0])} of {answering} States", f.split, f.no_answer))
        if rows:
            table = pd.DataFrame(rows, columns=["Checklist part", "Element", "Convergence", "Position held most",
                                                "States holding it", "Split", "No answer"])
            st.caption("Convergence: the share of the States answering (split delegations included) that hold the "
                       "most common position, named; a tie names each position (“A = B”). Low values mark "
                       "elements where national laws diverge.")
    else:
        rows = []
        if matrices:
            st.info("Convergence compares the States' positions: choose “By State” to see it. By respondent, "
                    "each element shows how all delegates answered.")
    if rows:
        st.dataframe(table.sort_values("Convergence"), hide_index=True, width="stretch",
                     column_config={"Convergence": st.column_config.ProgressColumn(format="percent", min_value=0,
                                                                                   max_value=1)})
    for r, q in matrices:
        with st.container(border=True, key=f"compare-{q.id}"):
            draw(r, q)


def position_text(finding, country: str) -> str:
    """A State's position as a table cell: the answer (✓ cleared), or the split with its delegates."""
    p = finding.positions.get(country)
    if p is None:
        return "–"
    names = answer_names(finding)
    if p.split:
        return "Split: " + ", ".join(f"{names.get(a, a)} ({n})" for a, n in p.distribution.items())
    return names.get(p.value, p.value) + (" ✓" if p.cleared else "")


def respondent_profile(r, questions) -> None:
    """The two most frequent answers per country (respondents in brackets)."""
    named = sorted(r.countries)  # the privacy view keeps only the countries this audience may see
    if not named:
        st.info(f"Country profiles are not shown: {r.no_breakdown[:1].lower()}{r.no_breakdown[1:]}.")
        return
    table = {}
    for q in questions:
        labels = {o.id: o.label for o in q.result.options}
        table[q.text] = {
            country_name(c): ", ".join(
                f"{labels.get(o, o)} ({n})" for o, n in sorted(q.result.by_country.get(c, {}).items(),
                                                                 key=lambda x: -x[1])[:2]) or "–"
            for c in named}
    st.dataframe(pd.DataFrame(table).T, width="stretch")
    st.caption("The two most frequent answers per country (respondents in brackets)." + r.left_out)


def state_profile(r, found) -> bool:
    """Each delegation's position, named where the audience may name States (False: none may be named)."""
    named = sorted({c for s in found.values() for f in s.findings for c in f.positions})
    if not named:
        st.info(f"Country profiles are not shown: {r.no_breakdown[:1].lower()}{r.no_breakdown[1:]}.")
        return False
    table = {}
    for q in r.questions:
        state = found.get(q.id)
        if state is None or q.type not in ("single_choice", "multiple_choice"):
            continue
        if q.type == "single_choice":
            table[q.text] = {country_name(c): position_text(state.findings[0], c) for c in named}
            continue
        cells = {}
        for c in named:
            held = [f.label for f in state.findings if (p := f.positions.get(c)) and p.value == SELECTED]
            split = [f.label for f in state.findings if (p := f.positions.get(c)) and p.split]
            cells[country_name(c)] = (", ".join(held) + (f"; split on {', '.join(split)}" if split else "")
                                      ).strip("; ") or "–"
        table[q.text] = cells
    st.dataframe(pd.DataFrame(table).T, width="stretch")
    st.caption("Each State's position: the answer all its delegates gave (✓ cleared by the head of delegation), "
               "or split, with how many delegates gave each answer." + r.left_out)
    return True


with profile:
    profiles = [r for r in all_results if r.questionnaire.theme == "profile"]
    if not profiles:
        st.info("No profile questionnaire in this event's agenda.")
    for r in profiles:
        found = all_states.get(r.agenda_session_id, {})
        choices = [q for q in r.questions if q.type in ("single_choice", "multiple_choice")]
        said = False
        if any(q.id in found for q in choices):  # By State: the positions of the questions that count States
            said = not state_profile(r, found)
        views = [q for q in choices if q.id not in found]  # and the ones that count respondents, as such
        if views and not (said and not r.countries):  # "not shown" once is enough
            if found:
                st.caption(COUNTS_RESPONDENTS)
            respondent_profile(r, views)
