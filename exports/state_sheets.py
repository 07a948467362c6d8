"""The report's State findings: what the questions that count by State say, State by State.

Like `exports.sheets`, each function here is a plain function of the `ReportData` that
`exports.gather` reads; the findings are already `gapmap.privacy.visible_states` views (counts of
States always, a State named only where the audience may). Nothing here averages an ordinal or
categorical scale: a State holds a position (the answer all its delegates gave, "split" where they
differ, or what its head of delegation cleared), and findings count States.

- **Findings**: one row per question, matrix element and multiple-choice option: its most common
  position, the States holding it "of N", split and no answer, the brief's sentence for it
  (`gapmap.brief_text`: "Recruitment: in 5 of 12 States, covered expressly; the delegations of 2
  States were split") and its convergence; numbers give the median of the State values; gap
  registers the States citing each gap type. One filterable table, short enough to print.
- **Findings by answer**: the same findings per answer, "In 5 of 12 States: Covered expressly; 2
  delegations split; 1 no answer" (every answer of every element, with its count of States). Data
  behind the Findings: printed on request, like the raw answers.
- **State positions**: questions and elements × States, each cell the State's position ("split:
  Yes 2 · Partly 1", "✓ cleared" and the note). Organisers only: an anonymised report leaves it out.
- **Matrix**: the States × elements heatmap of positions, one colour per scale option; where no
  State may be named (an anonymised report), the number of States per position, element by element.
- **Positions** (CSV only): one row per session, question, element or option and State.
- The summary's gap synthesis by States and definitions convergence.
"""
from __future__ import annotations

from typing import Iterator

from exports.gather import ReportData, ReportError, SessionData
from exports.tables import Sheet, Table, sheet_name
from gapmap import brief_text
from gapmap.positions import NOT_SELECTED, SELECTED, Finding, GapFinding, Position, StateResult
from gapmap.privacy import VisibleQuestion, country_column
from gapmap.reference import country_name
from gapmap.synthesis import gap_state_table, synthesise
from questionnaires.schema import localise

__all__ = ["FINDINGS_HEADER", "COMPACT_FINDINGS_HEADER", "POSITIONS_HEADER", "SPLIT_FILL", "NO_ANSWER_FILL",
           "findings_sheet", "findings_by_answer_sheet", "positions_sheet", "records_sheet", "gaps_by_state_sheet",
           "positions_long_sheet",
           "matrix_sheet", "gap_synthesis", "definitions_convergence", "cover_rows", "finding_sentence",
           "position_text"]

#: The label of a multiple-choice delegation's "no view" (an exclusive option such as "Don't know").
NO_VIEW_LABEL = "No view"
CHOICE_LABELS = {SELECTED: "Selected", NOT_SELECTED: "Not selected", "dont_know": NO_VIEW_LABEL}

#: One colour per scale option, in the scale's order (Okabe-Ito, colour-blind safe; light enough for
#: black text), then grey for a split delegation and white for no answer.
PALETTE = [("56B4E9", "sky blue"), ("F0E442", "yellow"), ("E69F00", "orange"), ("CC79A7", "pink"),
           ("009E73", "green"), ("9AC3E6", "pale blue"), ("D55E00", "vermilion"), ("E2D4B7", "sand")]
SPLIT_FILL, NO_ANSWER_FILL = "A6A6A6", "FFFFFF"


# --- wording -------------------------------------------------------------------------------------

def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    value = round(float(value), 2)
    return str(int(value)) if value.is_integer() else str(value)


def _with_unit(value: float | None, unit: str) -> str:
    text = _number(value)
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def finding_sentence(states: int, present: int, answer: str, split: int, no_answer: int) -> str:
    """The finding as a brief quotes it: "In 5 of 12 States: Covered expressly; 2 delegations split;
    1 no answer" (a clause with nothing to count is left out)."""
    parts = [f"In {states} of {_plural(present, 'State', 'States')}: {answer}"]
    if split:
        parts.append(f"{_plural(split, 'delegation', 'delegations')} split")
    if no_answer:
        parts.append(f"{no_answer} no answer")
    return "; ".join(parts)


def _labels(finding: Finding) -> dict[str, str]:
    """Answer id -> label, in the question's order (a distribution is listed in it)."""
    labels = {c.id: c.label for c in finding.counts}
    return {**labels, **{a: label for a, label in CHOICE_LABELS.items() if a not in labels}}


def _consensus(finding: Finding) -> str | None:
    """The most common position, named; a tie names every position tied."""
    if not finding.consensus:
        return None
    labels = _labels(finding)
    named = " / ".join(labels.get(a, a) for a in finding.consensus)
    return f"{named} (tie)" if len(finding.consensus) > 1 else named


def _distribution(position: Position, labels: dict[str, str]) -> str:
    order = list(labels)
    answers = sorted(position.distribution.items(), key=lambda a: (order.index(a[0]) if a[0] in order else len(order),
                                                                   a[0]))
    return " · ".join(f"{labels.get(a, a)} {n}" for a, n in answers if n)


def position_text(position: Position, labels: dict[str, str]) -> str:
    """A State's position in a cell: its answer, "split: Yes 2 · Partly 1" (a number: "split: median
    20 (10–30)"), and "✓ cleared" with the note where its head of delegation cleared it."""
    if position.split:
        if position.distribution:
            return "split: " + _distribution(position, labels)
        return f"split: median {_number(position.number)} ({_number(position.low)}–{_number(position.high)})"
    text = labels.get(position.value, position.value) if position.value is not None else ""
    if position.cleared:
        text += " ✓ cleared"
        if position.note:
            text += f" — {position.note}"
    return text


def _is_multiple(q: VisibleQuestion) -> bool:
    return q.type == "multiple_choice"


def _state_questions(s: SessionData) -> Iterator[tuple[VisibleQuestion, StateResult]]:
    """The session's questions that count by State, in the questionnaire's order, with their findings."""
    for q in s.results.questions:
        if q.id in s.states:
            yield q, s.states[q.id]


# --- Findings --------------------------------------------------------------------------------------

#: The Findings sheet: one row per question, element or option.
COMPACT_FINDINGS_HEADER = ["Session", "Question id", "Question", "Element / option", "Most common position",
                           "States holding it", "Of N States", "Split", "No answer", "Finding", "Convergence"]
#: The Findings by answer sheet: one row per answer of every question, element or option.
FINDINGS_HEADER = ["Session", "Question id", "Question", "Element / option", "Answer", "States", "Of N States",
                   "Split", "No answer", "Finding", "Most common position", "Convergence"]


def _number_finding(s: SessionData, q: VisibleQuestion, f: Finding) -> tuple[str, int, str]:
    """A number question's finding: "Median of the State values 35%" (or "No answer"), the States
    answering, and its sentence."""
    answering = f.present - f.no_answer
    median = s.state_medians.get(q.id)
    unit = getattr(q.result, "unit", "")
    value = f"median of the State values {_with_unit(median, unit)}" if median is not None else ""
    answer = value[:1].upper() + value[1:] if value else "No answer"
    sentence = finding_sentence(answering, f.present, f"answered, {value}" if value else "answered", f.split,
                                f.no_answer)
    return answer, answering, sentence


def _gap_sentence(state: StateResult, g: GapFinding) -> str:
    need = f"; most named need: {g.top_need}" if g.top_need else ""
    severity = f", mean severity {g.mean_severity:.1f}" if g.mean_severity is not None else ""
    said = f"{g.label} cited as a gap ({_plural(g.gaps, 'gap', 'gaps')}{severity}{need})"
    return finding_sentence(g.state_count, state.present, said, 0, 0)


def _compact_rows(s: SessionData, q: VisibleQuestion, state: StateResult) -> list[list]:
    """One row per element or option (a single choice: one row): the most common position, the
    States holding it, and the brief's sentence for it (a tie names every position tied). The
    session is named as its sheet is ("1.2 Diverging definitions"), short enough to print."""
    rows = []
    session = sheet_name(f"{s.day}.{s.position} {s.title}", set())
    for f in state.findings:
        element = f.label if f.item else None
        if q.type == "number":
            answer, answering, sentence = _number_finding(s, q, f)
            rows.append([session, q.id, q.text, element, answer, answering, f.present, f.split, f.no_answer, sentence,
                         None])
            continue
        held = f.states(f.consensus[0]) if f.consensus else 0
        rows.append([session, q.id, q.text, element, _consensus(f), held, f.present, f.split, f.no_answer,
                     brief_text.finding_sentence(f, f.label if f.item else q.text), f.convergence])
    for g in state.gaps:
        rows.append([session, q.id, q.text, g.label, "Cited as a gap", g.state_count, state.present, None, None,
                     _gap_sentence(state, g), None])
    return rows


def _finding_rows(s: SessionData, q: VisibleQuestion, state: StateResult) -> list[list]:
    rows = []
    for f in state.findings:
        element = f.label if f.item else None
        if q.type == "number":
            answer, answering, sentence = _number_finding(s, q, f)
            rows.append([s.title, q.id, q.text, element, answer, answering, f.present, f.split, f.no_answer, sentence,
                         None, None])
            continue
        consensus = _consensus(f)
        for count in f.counts:
            said = f"{f.label}: {count.label.lower()}" if _is_multiple(q) else count.label
            rows.append([s.title, q.id, q.text, element, count.label, count.states, f.present, f.split, f.no_answer,
                         finding_sentence(count.states, f.present, said, f.split, f.no_answer), consensus,
                         f.convergence])
    for g in state.gaps:
        rows.append([s.title, q.id, q.text, g.label, "Cited as a gap", g.state_count, state.present, None, None,
                     _gap_sentence(state, g), None, None])
    return rows


def findings_sheet(data: ReportData) -> Sheet:
    """Every question that counts by State, one row per question, element or option: its most
    common position held by "X of N States", as the brief says it."""
    rows = [row for s in data.sessions for q, state in _state_questions(s) for row in _compact_rows(s, q, state)]
    table = Table("Findings counted by State", COMPACT_FINDINGS_HEADER, rows, percent_columns=(10,))
    return Sheet("Findings", [table], excel_table=True, wrap=True,
                 widths={0: 14, 1: 10, 2: 56, 3: 32, 4: 18, 5: 8, 6: 7, 7: 6, 8: 8, 9: 62, 10: 11})


def findings_by_answer_sheet(data: ReportData) -> Sheet:
    """Every question that counts by State, as "X of N States" per answer, element and option: the
    data behind the Findings (printed on request)."""
    rows = [row for s in data.sessions for q, state in _state_questions(s) for row in _finding_rows(s, q, state)]
    table = Table("Findings counted by State, per answer", FINDINGS_HEADER, rows, percent_columns=(11,))
    return Sheet("Findings by answer", [table], excel_table=True, wrap=True,
                 widths={0: 26, 1: 12, 2: 44, 3: 34, 4: 22, 5: 8, 6: 10, 7: 7, 8: 10, 9: 60, 10: 22, 11: 12})


# --- State positions --------------------------------------------------------------------------------

def _positions_shown(data: ReportData) -> bool:
    """The State positions name every State's position: organisers' full reports only."""
    return not data.anonymised and country_column(data.audience)


def _in_event_order(data: ReportData, countries: set[str]) -> list[str]:
    """States in the order of the event's participating countries (any other after, by code)."""
    order = [c for c in data.event.countries if c in countries]
    return order + sorted(set(countries) - set(order))


def _countries(data: ReportData) -> list[str]:
    """The States holding a position anywhere in the report, in the event's order."""
    return _in_event_order(data, {c for s in data.sessions for _, state in _state_questions(s)
                                  for f in state.findings for c in f.positions})


def records_sheet(data: ReportData) -> Sheet | None:
    """Treaty records that delegates corrected, with their notes: for organisers to check before the
    record file changes. None where States may not be named (as the State positions) or no question
    asks a record."""
    asks = any(getattr(q, "record", None) for s in data.sessions for q in s.results.questionnaire.questions)
    if not asks or not _positions_shown(data):
        return None
    header = ["State", "Session", "Question id", "Treaty", "On record", "Answers given", "Corrections", "Notes",
              "Check"]
    rows = [[country_name(r.country), r.session, r.question_id, r.treaty, r.on_record,
             "; ".join(f"{label} {n}" for label, n in r.answers.most_common()), r.corrections,
             " | ".join(r.notes) or None, "No note or provision given: check the source" if r.without_note else None]
            for r in data.records]
    note = ("A treaty question starts on GapMap's record (gapmap/reference/treaties.yaml); a delegate who changed it "
            "corrected the record. Their answer counts as given; check the source before changing the record file.")
    if not rows:
        rows = [["No delegate corrected a treaty record.", *[None] * (len(header) - 1)]]
    return Sheet("Records to check", [Table("Treaty records corrected by delegates", header, rows, note=note)],
                 wrap=True, widths={0: 16, 1: 30, 2: 16, 3: 40, 4: 22, 5: 30, 6: 12, 7: 50, 8: 30})


def gaps_by_state_sheet(data: ReportData) -> Sheet | None:
    """Gap types × States: the gaps each State's delegates recorded of each type (organisers' full
    reports only, as the State positions; `gapmap.synthesis.gap_state_table`)."""
    if not _positions_shown(data):
        return None
    tables = []
    for s in data.sessions:
        for q in s.results.questionnaire.questions:
            if q.type != "gap_register" or q.id not in s.gaps:
                continue
            rows_in = s.gaps[q.id]
            countries = _in_event_order(data, {g.country for g in rows_in if g.country})
            table = gap_state_table(rows_in, countries)
            labels = {o.id: localise(o.label, "en") for o in q.gap_types}
            ordered = sorted(table, key=lambda t: (-sum(1 for n in table[t].values() if n), t))
            rows = [[labels.get(t, t), sum(1 for n in table[t].values() if n)]
                    + [table[t][c] or None for c in countries] for t in ordered]
            tables.append(Table(f"{s.title}: gaps by type and State", ["Gap type", "States citing it"]
                                + [country_name(c) for c in countries], rows,
                                note="Gaps recorded by each State's delegates, by type (blank: none)."))
    if not tables:
        return None
    return Sheet("Gaps by State", tables, wrap=True, widths={0: 44, 1: 10, **{2 + i: 11 for i in range(30)}})


def positions_sheet(data: ReportData) -> Sheet | None:
    """Questions and elements × States: each State's position. None in an anonymised report."""
    if not _positions_shown(data):
        return None
    countries = _countries(data)
    rows = []
    for s in data.sessions:
        for q, state in _state_questions(s):
            for f in state.findings:
                labels = _labels(f)
                rows.append([s.title, q.id, q.text, f.label if f.item else None]
                            + [position_text(f.positions[c], labels) if c in f.positions else None for c in countries])
    header = ["Session", "Question id", "Question", "Element / option"] + [country_name(c) for c in countries]
    return Sheet("State positions", [Table("State positions", header, rows)], excel_table=True, wrap=True,
                 widths={0: 26, 1: 12, 2: 44, 3: 34, **{4 + i: 22 for i in range(len(countries))}})


POSITIONS_HEADER = ["Session", "Question id", "Question", "Item", "Element / option", "Country", "Position id",
                    "Position", "Split", "Distribution", "Delegates", "Cleared", "Note", "Number"]


def positions_long_sheet(data: ReportData) -> Sheet:
    """One row per session, question, element or option and State (the CSV of positions); refused in
    an anonymised report, which names no State's position."""
    if not _positions_shown(data):
        raise ReportError("The State positions name each State's position: they are for organisers only, and an "
                          "anonymised export leaves them out. Export them without 'anonymised'.")
    rows = []
    for s in data.sessions:
        for q, state in _state_questions(s):
            for f in state.findings:
                labels = _labels(f)
                for country in _in_event_order(data, set(f.positions)):
                    p = f.positions[country]
                    rows.append([s.title, q.id, q.text, f.item or None, f.label if f.item else None,
                                 country_name(country), None if p.split else p.value,
                                 "split" if p.split else labels.get(p.value, p.value),
                                 "yes" if p.split else "", _distribution(p, labels), p.delegates,
                                 "yes" if p.cleared else "", p.note or None, p.number])
    return Sheet("Positions", [Table("State positions (long form)", POSITIONS_HEADER, rows)], excel_table=True)


# --- Matrix ------------------------------------------------------------------------------------------

def _colours(scale: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    return {option: PALETTE[i % len(PALETTE)] for i, (option, _) in enumerate(scale)}


def _state_matrix(data: ReportData, s: SessionData, q: VisibleQuestion, state: StateResult) -> Table:
    named = country_column(data.audience)
    scale = q.result.scale
    colours = _colours(scale)
    countries = _in_event_order(data, set(q.countries) | {c for f in state.findings for c in f.positions})
    if not countries:  # no State may be named here (an anonymised report): the States per position
        return _counted_matrix(s, q, state, scale, colours)
    header = ["Element"] + [country_name(c) for c in countries] + ["States per position", "Most common position",
                                                                   "Convergence"]
    rows, fills = [], {}
    for i, f in enumerate(state.findings):
        labels = _labels(f)
        cells = []
        for j, country in enumerate(countries, start=1):
            p = f.positions.get(country)
            if p is None:
                cells.append(None)
                fills[(i, j)] = NO_ANSWER_FILL
                continue
            cells.append(position_text(p, labels))
            fills[(i, j)] = SPLIT_FILL if p.split else colours.get(p.value, (NO_ANSWER_FILL, ""))[0]
        held = [f"{c.label} {c.states}" for c in f.counts if c.states]
        held += [f"split {f.split}"] if f.split else []
        held += [f"no answer {f.no_answer}"] if f.no_answer else []
        rows.append([f.label] + cells + [" · ".join(held) + f" (of {_plural(f.present, 'State', 'States')})",
                                         _consensus(f), f.convergence])
    legend = ", ".join(f"{label} = {colours[option][1]}" for option, label in scale)
    unnamed = "" if named else " Countries are not named."
    note = (f"Each State's position: the answer all its delegates gave, 'split' where they differ (the delegates' "
            f"answers in the cell), '✓ cleared' where its head of delegation cleared it. Colours: {legend}; split = "
            f"grey; no answer = white. Convergence: the share of answering States holding the most common position "
            f"(no mean of the scale).{unnamed}")
    return Table(f"{s.title} · {q.text} (counts States)", header, rows, note=note, fills=fills,
                 percent_columns=(len(header) - 1,))


def _counted_matrix(s: SessionData, q: VisibleQuestion, state: StateResult, scale: list[tuple[str, str]],
                    colours: dict[str, tuple[str, str]]) -> Table:
    """The matrix where no State is named: per element, the number of States holding each position
    (a column per answer of the scale, then split and no answer), coloured like the named matrix."""
    header = ["Element", *(label for _, label in scale), "Split", "No answer", "Of N States", "Most common position",
              "Convergence"]
    rows, fills = [], {}
    for i, f in enumerate(state.findings):
        counts = [f.states(option) for option, _ in scale]
        for j, ((option, _), n) in enumerate(zip(scale, counts), start=1):
            if n:
                fills[(i, j)] = colours[option][0]
        if f.split:
            fills[(i, len(scale) + 1)] = SPLIT_FILL
        rows.append([f.label, *counts, f.split, f.no_answer, f.present, _consensus(f), f.convergence])
    note = ("The number of States holding each position: a State holds the answer all its delegates gave, or the one "
            "its head of delegation cleared; 'split' counts the delegations that differ, 'no answer' the States "
            "present that gave none. A cell is coloured where at least one State holds that position (split = grey). "
            "Convergence: the share of answering States holding the most common position (no mean of the scale). "
            "No State is named in this report.")
    return Table(f"{s.title} · {q.text} (counts States)", header, rows, note=note, fills=fills,
                 percent_columns=(len(header) - 1,))


def _respondent_matrix(data: ReportData, s: SessionData, q: VisibleQuestion) -> Table:
    named = country_column(data.audience)
    labels = dict(q.result.scale)
    order = [option for option, _ in q.result.scale]

    def spread(counts: dict[str, int]) -> str | None:
        text = " · ".join(f"{labels.get(o, o)} {counts[o]}" for o in sorted(counts, key=lambda o: (
            order.index(o) if o in order else len(order), o)) if counts[o])
        return text or None

    countries = _in_event_order(data, set(q.countries))
    header = ["Element"] + [country_name(c) for c in countries] + ["All respondents"]
    rows = [[row.label] + [spread(row.by_country.get(c, {})) for c in countries] + [spread(row.counts)]
            for row in q.result.rows]
    unnamed = "" if named else " Countries are not named."
    return Table(f"{s.title} · {q.text} (counts respondents)", header, rows,
                 note="Respondents per answer (no mean of the scale)." + unnamed)


def matrix_sheet(data: ReportData) -> Sheet:
    """Each matrix question: for one that counts by State, the States × elements positions; for one
    that counts respondents, the respondents per answer. No mean of the scale anywhere."""
    tables = []
    for s in data.sessions:
        for q in s.results.questions:
            if q.type != "matrix" or not q.respondents:
                continue
            state = s.states.get(q.id)
            tables.append(_state_matrix(data, s, q, state) if state is not None and state.findings
                          else _respondent_matrix(data, s, q))
    if not tables:
        tables.append(Table("No matrix questions in this selection", ["Note"], [["—"]]))
    widths = {0: 60, **{j: 18 for j in range(1, 20)}}
    for table in tables:  # the States per position in words: wide enough to read in a few lines
        if "States per position" in table.header:
            widths[table.header.index("States per position")] = 34
    return Sheet("Matrix", tables, widths=widths, wrap=True)


# --- Summary -----------------------------------------------------------------------------------------

def gap_synthesis(data: ReportData, s: SessionData, question_id: str) -> Table | None:
    """A gap register merged per State (`gapmap.synthesis`, as the rapporteur's brief reads it): per
    gap type the States citing it, the gaps recorded, their mean severity, the need and priority
    named most, reforms under way, the standard it is measured against and the action the need calls
    for; None when the question does not count by State."""
    state = s.states.get(question_id)
    if state is None:
        return None
    q = s.results.questionnaire.question(question_id)
    needs = {o.id: localise(o.label, "en") for o in q.need_types}
    addressees = {o.id: localise(o.label, "en") for o in q.addressees}
    found = synthesise(state.gaps, s.gaps.get(question_id, []), present=state.present, need_order=list(needs))
    named = country_column(data.audience)
    standards = any(g.benchmarks for g in found)  # the register uses the shipped typology's types
    header = ["Gap type", "States citing it", "Of N States", "Gaps", "Mean severity", "Most named need",
              "Priority given most"]
    header += ["Reform under way (gaps)"] if q.ask_reform else []
    header += ["Measured against", "Recommended action"] if standards else []
    header += ["Who would close it"] if q.addressees else []
    rows = []
    for g in found:
        rows.append([g.label, g.state_count, g.of_states, g.gaps, g.mean_severity,
                     " / ".join(needs.get(n, n) for n in g.top_need) or None,
                     g.top_priority.capitalize() if g.top_priority else None]
                    + ([g.reform] if q.ask_reform else [])
                    + (["; ".join(g.benchmarks) or None, g.action_label if g.benchmarks else None] if standards else [])
                    + ([addressees.get(g.addressee, g.addressee)] if q.addressees else [])
                    + (["; ".join(country_name(c) for c in g.states) or None] if named else []))
    note = ("States citing a gap type: at least one of their delegates recorded it. Gaps, severity, needs and "
            "priorities count every delegate's gaps.")
    if standards:
        note += (" Measured against: the standards of GapMap's gap typology (gapmap/reference/gap_typology.yaml); "
                 "recommended action: the kind of action the need named most calls for (gapmap/synthesis.py).")
    if named:
        header.append("States")
        note += " The States column names only the States this report may name."
    return Table(f"{s.title}: gaps by State", header, rows, note=note)


def definitions_convergence(data: ReportData) -> Table | None:
    """The Palermo checklist's convergence per element, by State, naming the most common position."""
    rows = []
    for s in data.sessions:
        if s.results.questionnaire.theme != "definitions":
            continue
        for q, state in _state_questions(s):
            if q.type != "matrix":
                continue
            rows += [[q.text, f.label, _consensus(f), f.convergence, f.present - f.no_answer, f.split]
                     for f in state.findings if f.convergence is not None]
    if not rows:
        return None
    rows.sort(key=lambda row: row[3])
    return Table("Definitions: convergence per element (share of answering States holding the most common position)",
                 ["Checklist part", "Element", "Most common position", "Convergence", "States answering", "Split"],
                 rows, percent_columns=(3,))


def cover_rows(data: ReportData) -> list[list]:
    """What the cover says about the State findings and whether the report shows State positions."""
    rows = [["Counted by State",
             "Findings about the law (choices, matrices, numbers, gap registers) count States, not delegates: a "
             "State's position is the answer all its delegates gave, 'split' where they differ (never a tie-break), "
             "or the one its head of delegation cleared. N = the States whose delegates joined the event. Views "
             "(likert, ranking, text) count respondents. No finding about the law averages a scale. See the sheet "
             "'Findings'."]]
    if _positions_shown(data):
        rows.append(["State positions", "The sheet 'State positions' gives each State's position per question and "
                                        "element (organisers only)."])
    else:
        rows.append(["State positions", "Left out: an anonymised report gives no State's position per question; "
                                        "the sheet 'Findings' counts States."])
    return rows
