"""The report's sheets, each a plain function of the `ReportData` that `exports.gather` reads.

No sheet reads the database or decides what an audience may see: the results are already
`gapmap.privacy` views, and the few layout questions that depend on the audience (is there a
Country column?) are asked of `gapmap.privacy` too.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from exports.gather import ReportData, SessionData
from exports.question_tables import QUESTION_TABLES, question_tables
from exports.state_sheets import cover_rows, definitions_convergence, gap_synthesis, matrix_sheet
from exports.tables import Sheet, Table, sheet_name
from gapmap.agenda import event_dates
from gapmap.event_time import UTC, local, zone_label, zone_name
from gapmap.positions import counts_by
from gapmap.privacy import (
    country_column,
    minimum_group,
    participating_countries,
    participation_count,
    policy_label,
)
from gapmap.reference import country_name
from questionnaires.schema import GAP_FIELDS, GAP_OPTIONAL_FIELDS, GAP_REFORM, Questionnaire, localise

__all__ = ["QUESTION_TABLES", "PRIVACY_NOTE", "RAW_HEADER", "DICTIONARY_HEADER", "cover", "summary",
           "questionnaire_sheet", "matrix_sheet", "gap_sheet", "text_sheet", "raw_sheet", "raw_answer_rows",
           "dictionary"]

PRIVACY_NOTE = (
    "Views of delegates on national legal frameworks, collected without names, e-mails or agencies. "
    "Report under the Chatham House Rule: attribute no statement to a person, agency or country in outcome "
    "documents. Do not share raw data with third parties without a written agreement (IOM Data Protection "
    "Principles)."
)


# --- cover and summary ---------------------------------------------------------------------------

def cover(data: ReportData) -> Sheet:
    event = data.event
    versions = sorted({(s.results.questionnaire.key, s.questionnaire_version) for s in data.sessions})
    rows = [
        ["Event", event.title],
        ["Dates", event_dates(event)],
        ["Venue", event.venue],
        ["Time zone", UTC if event.time_zone == UTC else f"{zone_label(event, data.generated_at)}, {event.time_zone}"],
        ["Organisers", "; ".join(event.organisers)],
        *([["Objectives", "\n".join(f"{n}. {text}" for n, text in enumerate(event.objectives, 1))]]
          if event.objectives else []),
        *([["Partners", "; ".join(event.partners)]] if event.partners else []),
        ["Participating countries", participating_countries(event, data.audience)],
        ["Join code", event.code],
        ["Covers", f"{len(data.sessions)} agenda sessions: "
         + "; ".join(f"Day {s.day} · {s.title}" for s in data.sessions)],
        ["Mode", "Anonymised (for sharing)" if data.anonymised else "Full (organisers only)"],
        ["Attribution policy", policy_label(event)],
        ["Minimum group size (k)", minimum_group(event)],
        ["Questionnaire versions", "; ".join(f"{k} v{v}" for k, v in versions)],
        ["Generated at (UTC)", data.generated_at.strftime("%Y-%m-%d %H:%M")],
        *([[f"Generated at ({zone_name(event)})", f"{local(event, data.generated_at):%Y-%m-%d %H:%M}"]]
          if event.time_zone != UTC else []),
        ["Privacy note", PRIVACY_NOTE],
        ["Counted", "Submitted responses only; drafts are not counted."],
        *cover_rows(data),
    ]
    if event.is_demo:
        rows.insert(0, ["DEMO DATA", "This report is built from the demo event: every response in it is synthetic."])
    return Sheet("Cover", [Table("GapMap report", ["Item", "Value"], rows)], widths={0: 26, 1: 110}, wrap=True)


#: The summary prints on one page: a longer table there gives its first rows and says where the rest is.
SUMMARY_ROWS = 8


def _first_rows(table: Table, rest: str) -> Table:
    if len(table.rows) <= SUMMARY_ROWS:
        return table
    note = f"The first {SUMMARY_ROWS} of {len(table.rows)} rows; all of them: {rest}."
    return replace(table, rows=table.rows[:SUMMARY_ROWS], fills={}, note=" ".join(filter(None, [table.note, note])))


def _first_standard(table: Table) -> Table:
    """The gap synthesis on one page: each gap type's first standard, "…" where it names more."""
    if "Measured against" not in table.header:
        return table
    n = table.header.index("Measured against")
    rows = [row[:n] + [(row[n].split("; ")[0] + " …" if "; " in row[n] else row[n]) if row[n] else row[n]]
            + row[n + 1:] for row in table.rows]
    note = table.note.replace("Measured against: the standards", "Measured against: the first of the standards")
    return replace(table, rows=rows, note=note)


def summary(data: ReportData) -> Sheet:
    """Participation, the gaps by State and the needs named most, and where States diverge most on
    the definitions: one printed page (`SUMMARY_ROWS`, `_first_standard`)."""
    tables = []
    b = data.participation
    chosen = set(data.session_ids)
    sessions = [(sid, title) for sid, title in b.sessions if sid in chosen]
    countries = data.event.countries if country_column(data.audience) else []
    rows = [[country_name(c)] + [participation_count(b.cell(c, sid).submitted, data.audience) for sid, _ in sessions]
            for c in countries]
    rows.append(["All countries"] + [b.totals(sid).submitted for sid, _ in sessions])
    tables.append(Table("Participation: submitted responses per country and session",
                        ["Country"] + [t for _, t in sessions], rows))
    for s in data.sessions:
        for q in s.results.questions:
            if q.type == "gap_register" and q.respondents:
                g = q.result
                by_state = gap_synthesis(data, s, q.id)  # a gap register that counts States
                if by_state is not None:  # every gap type cited, by the States citing it
                    by_state = _first_standard(by_state)
                tables.append(by_state or Table(f"{s.title}: the most frequent gap types",
                                                ["Gap type", "Gaps", "Share"],
                                                [[o.label, o.count, o.share] for o in g.gap_totals[:8]],
                                                percent_columns=(2,)))
                tables.append(Table(f"{s.title}: the needs named most", ["Need", "Gaps", "Of which high priority"],
                                    [[label, n, high] for _, label, n, high in g.needs[:8]]))
    if convergence := definitions_convergence(data):  # the lowest convergence first: where States diverge most
        tables.append(_first_rows(convergence, "the sheet 'Matrix' (column 'Convergence')"))
    return Sheet("Summary", tables, widths={0: 46, 1: 36, 2: 24, 3: 12, 4: 12, 5: 24, 6: 50, 7: 16, 8: 14},
                 wrap=True)


# --- one sheet per questionnaire -------------------------------------------------------------------

def questionnaire_sheet(agenda_session: SessionData, used_names: set[str]) -> Sheet:
    """The session's questions, each as its table and chart (see `exports.question_tables`)."""
    questionnaire = agenda_session.results.questionnaire
    tables = [t for q in agenda_session.results.questions
              for t in question_tables(q, counts_by(questionnaire.question(q.id)))]
    return Sheet(sheet_name(f"{agenda_session.day}.{agenda_session.position} {agenda_session.title}", used_names),
                 tables, widths={0: 48, 1: 14, 2: 10}, wrap=True)


# --- gaps and free text (the matrix: exports.state_sheets) -------------------------------------------

def _without_column(header: list[str], rows: list[list], name: str) -> tuple[list[str], list[list]]:
    n = header.index(name)
    return header[:n] + header[n + 1:], [row[:n] + row[n + 1:] for row in rows]


#: The gap register sheet's columns and their widths; a register's optional fields (GapRegister.fields)
#: add a column each, named in words, when a register in the report asks them.
GAP_COLUMNS = {"Session": 30, "Country": 16, "Gap type": 36, "Description": 60, "Law or provision": 30,
               "Severity": 10, "Need": 30, "Priority": 10}
GAP_OPTIONAL_COLUMNS = {"emerging_form": ("Emerging form of trafficking", 30), "reform": ("Reform under way", 26),
                        "addressee": ("Who would close it", 26)}


def _english(options) -> dict[str, str]:
    return {o.id: localise(o.label, "en") for o in options}


def gap_sheet(data: ReportData) -> Sheet:
    named = country_column(data.audience)
    registers = [(s, q.id, s.results.questionnaire.question(q.id)) for s in data.sessions
                 for q in s.results.questions if q.type == "gap_register"]
    asked = [name for name in GAP_OPTIONAL_FIELDS if any(name in defs.fields for _, _, defs in registers)]
    header = [*GAP_COLUMNS, *(GAP_OPTIONAL_COLUMNS[name][0] for name in asked)]
    widths = GAP_COLUMNS | dict(GAP_OPTIONAL_COLUMNS.values())
    rows = []
    for s, question_id, defs in registers:
        gap_labels, need_labels = _english(defs.gap_types), _english(defs.need_types)
        optional = {"emerging_form": _english(defs.emerging_forms), "reform": GAP_REFORM,
                    "addressee": _english(defs.addressees)}
        for gap in s.gaps.get(question_id, []):
            rows.append([s.title, country_name(gap.country) if named and gap.country else "",
                         gap_labels.get(gap.gap_type, gap.gap_type), gap.description, gap.law, gap.severity,
                         need_labels.get(gap.need_type, gap.need_type), (gap.priority or "").capitalize() or None,
                         *(optional[name].get(getattr(gap, name), getattr(gap, name)) for name in asked)])
    if not named:
        header, rows = _without_column(header, rows, "Country")
    return Sheet("Gap register", [Table("Gap register", header, rows)], excel_table=True, wrap=True,
                 widths={n: widths[column] for n, column in enumerate(header)})


#: The free-text sheet's columns and their widths; "Quotable": a facilitator let the brief quote it.
TEXT_COLUMNS = {"Session": 30, "Question": 50, "Country": 16, "Answer": 90, "Tags": 24, "Redacted": 10,
                "Quotable": 10}


def text_sheet(data: ReportData) -> Sheet:
    header = list(TEXT_COLUMNS)
    named = country_column(data.audience)
    rows = []
    for s in data.sessions:
        for q in s.results.questions:
            if q.type not in ("short_text", "long_text"):
                continue
            for i in q.result.items:  # the audience's view: small groups already left out where they must be
                if i.hidden:
                    continue  # hidden by moderation
                rows.append([s.title, q.text, country_name(i.country) if named and i.country else "",
                             i.text, ", ".join(i.tags), "yes" if i.redacted else "", "yes" if i.quotable else ""])
    if not named:
        header, rows = _without_column(header, rows, "Country")
    return Sheet("Free text", [Table("Moderated free text (hidden answers left out)", header, rows)],
                 excel_table=True, wrap=True, widths={n: TEXT_COLUMNS[column] for n, column in enumerate(header)})


# --- raw answers and data dictionary ------------------------------------------------------------------

#: One row per answer. Questionnaire keys and versions are on the data dictionary sheet (keyed by
#: session and question id): repeating them on 100,000 rows would cost a third more time.
RAW_HEADER = ["Respondent", "Country", "Sector", "Session", "Question id", "Question", "Row", "Item", "Option id",
              "Option", "Number", "Text", "Rank"]

_CHOICES = ("options", "scale", "gap_types", "need_types", "emerging_forms", "addressees")


def _choices(q) -> list[tuple[str, str]]:
    """(id, English label) of every choice a question offers; a gap register that asks whether a
    reform is under way also offers GAP_REFORM's answers."""
    choices = [(str(getattr(o, "id", getattr(o, "value", ""))), localise(o.label, "en"))
               for attr in _CHOICES for o in getattr(q, attr, None) or []]
    return choices + (list(GAP_REFORM.items()) if getattr(q, "ask_reform", False) else [])


def _labels(questionnaire: Questionnaire) -> dict[str, tuple[str, dict[str, str], dict[str, str]]]:
    """Question id -> (question text, option id -> label, matrix row id -> label), in English."""
    labels = {}
    for q in questionnaire.questions:
        rows = {row.id: localise(row.text, "en") for row in getattr(q, "rows", None) or []}
        labels[q.id] = (localise(q.text, "en"), dict(_choices(q)), rows)
    return labels


def raw_answer_rows(data: ReportData) -> Iterator[list]:
    """The raw answers laid out under `RAW_HEADER`, in the order `gather` read them."""
    named = country_column(data.audience)
    sessions = {s.id: (s.title, _labels(s.results.questionnaire)) for s in data.sessions}
    for a in data.raw:
        title, labels = sessions[a.agenda_session_id]
        qtext, opts, row_labels = labels.get(a.question_id, (a.question_id, {}, {}))
        yield [a.respondent, country_name(a.country) if named and a.country else "", a.sector, title, a.question_id,
               qtext, a.row or None, row_labels.get(a.item, a.item) or None, a.option or None,
               opts.get(a.option, a.option) or None, a.number, a.text, a.rank]


def raw_sheet(data: ReportData) -> Sheet:
    return Sheet("Raw answers", [Table("Raw answers (long form)", RAW_HEADER, list(raw_answer_rows(data)))],
                 excel_table=True,
                 widths={0: 12, 1: 14, 2: 16, 3: 30, 4: 14, 5: 50, 6: 6, 7: 30, 8: 16, 9: 30, 10: 10, 11: 60, 12: 6})


#: The data dictionary's columns; "Counts" says what a question's figures count (its counting unit).
DICTIONARY_HEADER = ["Session", "Questionnaire", "Version", "Question id", "Question", "Type", "Counts", "Options",
                     "Rows", "Legal basis and help"]
COUNTS = {"state": "States", "respondent": "Respondents"}


def dictionary(data: ReportData) -> Sheet:
    rows = []
    for s in data.sessions:
        questionnaire = s.results.questionnaire
        for q in questionnaire.questions:
            choices = [f"{choice} = {label}" for choice, label in _choices(q)]
            extra = ""
            if q.type == "matrix":
                extra = "Rows: " + "; ".join(f"{row.id} = {localise(row.text, 'en')}"
                                             + (f" ({row.obligation})" if row.obligation else "") for row in q.rows)
            elif getattr(q, "record", None):
                extra = f"Pre-filled from the treaty records ({q.record}); delegates confirm or correct"
            elif q.type == "gap_register" and q.fields != GAP_FIELDS:  # one that asks optional fields
                extra = "Fields: " + ", ".join(q.fields)
            rows.append([s.title, questionnaire.key, s.questionnaire_version, q.id, localise(q.text, "en"),
                         q.type, COUNTS[q.counting_unit], "; ".join(choices), extra, localise(q.help, "en") or None])
    return Sheet("Data dictionary", [Table("Every question in this report", DICTIONARY_HEADER, rows)],
                 excel_table=True, wrap=True,
                 widths={0: 30, 1: 16, 2: 8, 3: 14, 4: 60, 5: 14, 6: 12, 7: 60, 8: 40, 9: 60})
