"""Organiser: download the Excel report, CSV tables and the JSON archive of an event."""
import pandas as pd
import streamlit as st

from exports.report import ReportError
from exports.runs import csv_table, excel_report, json_archive, rapporteur_brief
from gapmap import audit_trail
from gapmap.agenda import event_agenda
from gapmap.privacy import anonymised_export_note, audience_for, country_column
from gapmap.records_check import records_to_check
from gapmap.reference import country_name
from ui import resources, who
from ui.pickers import pick_event

role = who.require(*who.ORGANISER_ROLES)
engine = resources.engine()

st.title("Export")
st.caption("The Excel report has a cover, a summary, the findings counted by State (\"in 5 of 12 States …\"), "
           "each State's positions, a sheet per questionnaire with native charts, the States × element matrix of "
           "positions, the gap register, moderated free text, raw answers and a data dictionary. Nothing a "
           "delegate typed can become a formula.")
event = pick_event(engine, include_archived=True)  # an archived event's data can still be exported
_, agenda_sessions = event_agenda(engine, event.id)
chosen = st.multiselect("Sessions", [i.id for i in agenda_sessions], key="export-sessions", placeholder="All sessions",
                        format_func=lambda i: next(f"Day {x.day} · {x.title}" for x in agenda_sessions if x.id == i))
anonymise = st.toggle("Anonymised, for sharing", key="export-anonymise",
                      help=anonymised_export_note(event))

READY = "export-ready"


def build(kind: str) -> None:
    try:
        with st.status("Building the export…", expanded=False) as status:
            if kind == "xlsx":
                made = excel_report(engine, event.code, actor=role, session_ids=chosen or None, anonymise=anonymise)
            elif kind == "archive":
                made = json_archive(engine, event.code, actor=role)
            elif kind == "brief":
                made = rapporteur_brief(engine, event.code, actor=role, session_ids=chosen or None,
                                        anonymise=anonymise)
            else:
                made = csv_table(engine, event.code, kind, actor=role, session_ids=chosen or None, anonymise=anonymise)
            status.update(label=f"Ready: {made.filename} ({len(made.data) / 1024:,.0f} KB)", state="complete")
        st.session_state[READY] = made
    except ReportError as exc:
        st.error(str(exc))


left, middle, right, positions, last = st.columns(5)
if left.button("Excel report", key="export-xlsx", type="primary", icon=":material/table_view:", width="stretch"):
    build("xlsx")
if middle.button("Raw answers (CSV)", key="export-raw", icon=":material/csv:", width="stretch"):
    build("raw")
if right.button("Gap register (CSV)", key="export-gaps", icon=":material/csv:", width="stretch"):
    build("gaps")
if positions.button("State positions (CSV)", key="export-positions", icon=":material/csv:", width="stretch",
                    disabled=anonymise, help="Each State's position per question, split or cleared, with the "
                    "head of delegation's note. For organisers only: not in anonymised exports."):
    build("positions")
if last.button("Full archive (JSON)", key="export-archive", icon=":material/archive:", width="stretch",
               help="Everything about the event, for safekeeping or moving it to another server. Not anonymised."):
    build("archive")

if st.button("Rapporteur's draft (Word)", key="export-brief", icon=":material/description:",
             help="A first draft of the policy brief: methodology, key findings per theme counted by State, the gaps "
                  "most States cite with their standard, ranked needs, quotable quotes, a recommendations table to "
                  "edit and the questions asked. Under the Chatham House Rule no State is named in it."):
    build("brief")

if made := st.session_state.get(READY):
    st.download_button(f"Download {made.filename}", data=made.data, file_name=made.filename, mime=made.mime,
                       key="export-download", icon=":material/download:", type="primary")

st.header("Records to check")
records = records_to_check(engine, event.id) if country_column(audience_for(event, role=role)) else []
if records:
    st.caption("Treaty questions start on GapMap's records. Where a delegate changed one, their answer counts as "
               "given; check the source before the record file is changed. The Excel report has the same list.")
    st.dataframe(pd.DataFrame([{
        "State": country_name(r.country), "Treaty": r.treaty, "On record": r.on_record,
        "Answers given": "; ".join(f"{label} {n}" for label, n in r.answers.most_common()),
        "Note": " | ".join(r.notes) or "⚠ none given: check the source"} for r in records]),
        hide_index=True, width="stretch", key="export-records")
else:
    st.caption("No delegate has corrected a treaty record so far.")

st.header("Recent exports")
recent = audit_trail.entries(engine, actions=["export"], event_id=event.id, limit=20)
if recent:
    st.dataframe(pd.DataFrame([{"When (UTC)": e.at.strftime("%Y-%m-%d %H:%M"), "By": e.actor,
                                "What": e.detail.get("kind"), "Anonymised": "yes" if e.detail.get("anonymised") else "",
                                "Size (KB)": round(e.detail.get("bytes", 0) / 1024)} for e in recent]),
                 hide_index=True, width="stretch")
else:
    st.caption("No exports yet.")
