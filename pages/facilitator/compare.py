"""Facilitators and organisers: the whole event across countries and themes."""
import pandas as pd
import streamlit as st

from gapmap.agenda import event_agenda
from gapmap.privacy import audience_for
from gapmap.reference import country_name
from ui import resources, who
from ui.pickers import pick_event
from ui.results import draw_question, visible_results

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

st.title("Compare countries")
event = pick_event(engine)
audience = audience_for(event, role=role)
_, agenda_sessions = event_agenda(engine, event.id)
if not agenda_sessions:
    st.info("This event has no agenda sessions yet.")
    st.stop()
all_results = [r for r in (visible_results(i.id, audience) for i in agenda_sessions) if r is not None]

gaps, definitions, profile = st.tabs(["Gaps across themes", "Definitions: convergence", "Country profiles"])
with gaps:
    registers = [(r, q) for r in all_results for q in r.questions if q.type == "gap_register"]
    if not registers:
        st.info("No gap register in this event's agenda.")
    for r, q in registers:
        st.subheader(r.title)
        draw_question(q)
with definitions:
    matrices = [(r, q) for r in all_results if r.questionnaire.theme == "definitions"
                for q in r.questions if q.type == "matrix"]
    if not matrices:
        st.info("No definitions checklist in this event's agenda.")
    rows = [(q.text, row.label, row.convergence, row.countries_answering) for _, q in matrices for row in q.result.rows
            if row.convergence is not None]
    if rows:
        table = pd.DataFrame(rows, columns=["Checklist part", "Element", "Convergence", "Countries"])
        st.caption("Convergence: the share of countries whose usual answer is the region's usual answer. "
                   "Low values mark elements where national laws diverge.")
        st.dataframe(table.sort_values("Convergence"), hide_index=True, width="stretch",
                     column_config={"Convergence": st.column_config.ProgressColumn(format="percent", min_value=0,
                                                                                   max_value=1)})
    for _, q in matrices:
        with st.container(border=True, key=f"compare-{q.id}"):
            draw_question(q)
with profile:
    profiles = [r for r in all_results if r.questionnaire.theme == "profile"]
    if not profiles:
        st.info("No profile questionnaire in this event's agenda.")
    for r in profiles:
        named = sorted(r.countries)  # the privacy view keeps only the countries this audience may see
        if not named:
            st.info(f"Country profiles are not shown: {r.no_breakdown[:1].lower()}{r.no_breakdown[1:]}.")
            continue
        table = {}
        for q in r.questions:
            if q.type not in ("single_choice", "multiple_choice"):
                continue
            labels = {o.id: o.label for o in q.result.options}
            table[q.text] = {
                country_name(c): ", ".join(
                    f"{labels.get(o, o)} ({n})" for o, n in sorted(q.result.by_country.get(c, {}).items(),
                                                                     key=lambda x: -x[1])[:2]) or "–"
                for c in named}
        st.dataframe(pd.DataFrame(table).T, width="stretch")
        st.caption("The two most frequent answers per country (respondents in brackets)." + r.left_out)
