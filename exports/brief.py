"""The rapporteur's draft: what the brief says, built from the workbook's own data.

`brief_content` reads the `ReportData` that `exports.gather.gather` reads for the workbook (the same
findings, after the same privacy rules) and lays out plain blocks: headings, paragraphs, bullet
lists and tables. `exports.brief_docx` writes them as Word. So every sentence is a number of the
workbook: findings through `gapmap.brief_text`, gaps through `gapmap.synthesis`, quotes through
`gapmap.quotes` (only moderated, quotable text, attributed as `gapmap.privacy` allows).

The draft has: a title page (event, dates, venue, organisers, partners, objectives, "Draft for the
rapporteur — generated on …"); a methodology note; per theme 3–6 key findings, a compact table, the
gaps most States cite with their standard, the needs ranked first and up to five quotes; a table of
recommendations (gap → standard → action → addressee → priority) to edit; an annex of the questions
asked with their legal basis.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from exports.gather import ReportData, SessionData
from gapmap.agenda import event_dates
from gapmap.brief_text import answering, convergence_sentences, finding_sentence
from gapmap.demo_marker import demo_marker
from gapmap.privacy import chatham_house, minimum_group, participating_countries
from gapmap.synthesis import GapSynthesis, synthesise
from questionnaires.schema import localise

#: Findings a theme opens with: at least three, at most six.
KEY_FINDINGS = (3, 6)
QUOTES_PER_THEME = 5
TABLE_ROWS = 12
GAPS_PER_THEME = 5


@dataclass
class Block:
    kind: str  # "heading1" | "heading2" | "paragraph" | "bullets" | "table" | "page_break" | "title"
    text: str = ""
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # a table's column widths in cm (A4: 16.6 cm in all)


@dataclass
class Brief:
    event_code: str
    title: str
    blocks: list[Block]
    anonymised: bool
    marker: str | None  # the demo marker, for the header of every page


def _subject(text: str, limit: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _findings(s: SessionData, *, with_ids: bool = False) -> list[tuple]:
    """(finding, subject) for the session's single choices and checklist rows, in questionnaire order
    (with the question id third when asked)."""
    out = []
    for q in s.results.questionnaire.questions:
        state = s.states.get(q.id)
        if state is None or q.type not in ("single_choice", "matrix"):
            continue
        for f in state.findings:
            subject = _subject(f.label if q.type == "matrix" else localise(q.text, "en"))
            out.append((f, subject, q.id) if with_ids else (f, subject))
    return out


def key_findings(s: SessionData) -> list[str]:
    """3–6 sentences: the strongest convergence, the widest divergence, then the clearest findings.
    Treaty status (questions pre-filled from the records) is context, not a finding of the room."""
    records = {q.id for q in s.results.questionnaire.questions if getattr(q, "record", None)}
    found = [(f, subject) for f, subject, qid in _findings(s, with_ids=True) if qid not in records]
    sentences = convergence_sentences(found)
    used = {sentence.split(" — ", 1)[1] for sentence in sentences}
    ranked = sorted((p for p in found if answering(p[0]) >= 2 and p[0].consensus),
                    key=lambda p: (-p[0].states(p[0].consensus[0]), p[0].split))
    for f, subject in ranked:
        sentence = finding_sentence(f, subject)
        if sentence not in used and len(sentences) < KEY_FINDINGS[1]:
            sentences.append(sentence)
            used.add(sentence)
    for q in s.results.questionnaire.questions:  # numbers: the median of the State values
        if q.type == "number" and q.id in s.state_medians and len(sentences) < KEY_FINDINGS[1]:
            state = s.states.get(q.id)
            states = len(state.findings[0].positions) if state and state.findings else 0
            unit = f" {q.unit}" if q.unit else ""
            across = f" across the {states} States that answered" if states else ""
            sentences.append(f"{_subject(localise(q.text, 'en'))}: a median of {s.state_medians[q.id]:g}{unit}"
                             f"{across}.")
    return sentences


def compact_table(s: SessionData) -> tuple[list[str], list[list[str]]]:
    header = ["Element", "Most common position", "States holding it", "Split", "No answer"]
    rows = []
    for f, subject in _findings(s)[:TABLE_ROWS]:
        named = " / ".join(next((c.label for c in f.counts if c.id == a), a) for a in f.consensus) or "–"
        held = f.states(f.consensus[0]) if f.consensus else 0
        rows.append([subject, named, f"{held} of {f.present}", str(f.split), str(f.no_answer)])
    return header, rows


def theme_gaps(s: SessionData) -> list[GapSynthesis]:
    out = []
    for q in s.results.questionnaire.questions:
        state = s.states.get(q.id)
        if q.type == "gap_register" and state is not None:
            out += synthesise(state.gaps, s.gaps.get(q.id, []), present=state.present,
                              need_order=[o.id for o in q.need_types])
    return out


def _need_labels(s: SessionData) -> dict[str, str]:
    return {o.id: localise(o.label, "en") for q in s.results.questionnaire.questions if q.type == "gap_register"
            for o in q.need_types}


def top_needs(s: SessionData) -> list[str]:
    """The options ranked highest (Borda) in the session's ranking questions, as sentences."""
    lines = []
    for q in s.results.questions:
        if q.type == "ranking" and getattr(q.result, "rows", None):
            top = [r for r in q.result.rows if r.borda > 0][:3]
            if top:
                lines.append(f"{_subject(q.text)} — ranked highest by {q.respondents} respondents (points for "
                             "each place, most first): "
                             + "; ".join(f"{r.label} ({r.firsts} first place{'' if r.firsts == 1 else 's'})"
                                         for r in top) + ".")
    return lines


def _methodology(data: ReportData) -> list[str]:
    event = data.event
    respondents = sum(s.results.respondents for s in data.sessions)
    states = participating_countries(event, data.audience)
    k = minimum_group(event)
    rule = ("under the Chatham House Rule: no statement is attributed to a State or a delegate"
            if chatham_house(event) else "with results attributable to States")
    return [
        f"{event.title} met in {event.venue} on {event_dates(event)}. Delegates of the participating States "
        f"({states}) answered {len(data.sessions)} structured questionnaires, one per session, on their State's "
        f"legal framework; {respondents} questionnaires were submitted in all (see the table below).",
        f"The consultation was held {rule}. No breakdown is given for fewer than {k} respondents.",
        "Findings about the law count States, not delegates: a State's position is the answer all its delegates "
        "gave, \"split\" where they differed (never resolved by a tie-break), or the position its head of delegation "
        "cleared. \"In 5 of 12 States\" counts the States whose delegates joined the event. Views (rankings, "
        "ratings, free text) count respondents. No finding averages a scale.",
        "Every figure in this draft is in the event's Excel report, built from the same data at the same time.",
    ]


def _session_table(data: ReportData) -> tuple[list[str], list[list[str]]]:
    header = ["Day", "Session", "States answering", "Respondents"]
    rows = [[str(s.day), s.title, str(s.results.countries_answering), str(s.results.respondents)]
            for s in data.sessions]
    return header, rows


def recommendations(data: ReportData) -> tuple[list[str], list[list[str]]]:
    """Gap → standard → action class → addressee → priority, the gaps most States cite first."""
    header = ["Gap (States citing it)", "Standard", "Action", "Addressee", "Priority"]
    rows = []
    for s in data.sessions:
        addressees = {o.id: localise(o.label, "en") for q in s.results.questionnaire.questions
                      if q.type == "gap_register" for o in q.addressees}
        for g in theme_gaps(s):
            rows.append([f"{g.label} ({g.state_count} of {g.of_states})", "; ".join(g.benchmarks) or "–",
                         g.action_label, addressees.get(g.addressee, g.addressee or "–"),
                         (g.top_priority or "–").capitalize()])
    return header, rows


def brief_content(data: ReportData, quotes: list, generated_text: str) -> Brief:
    """The brief's blocks from the report's data; `quotes` are `gapmap.quotes.Quote`s for this audience."""
    event = data.event
    blocks = [Block("title", event.title),
              Block("paragraph", f"{event.venue} · {event_dates(event)}")]
    if event.organisers:
        blocks.append(Block("paragraph", "Organised by " + "; ".join(event.organisers)))
    partners = list(getattr(event, "partners", None) or [])
    if partners:
        blocks.append(Block("paragraph", "With the support of " + "; ".join(partners)))
    objectives = list(getattr(event, "objectives", None) or [])
    if objectives:
        blocks.append(Block("heading2", "Objectives"))
        blocks.append(Block("bullets", items=objectives))
    blocks.append(Block("paragraph", f"Draft for the rapporteur — generated on {generated_text}."
                        + (" Anonymised for sharing." if data.anonymised else "")))
    if marker := demo_marker(event):
        blocks.append(Block("paragraph", f"{marker}."))
    blocks.append(Block("page_break"))

    blocks.append(Block("heading1", "Methodology"))
    blocks += [Block("paragraph", text) for text in _methodology(data)]
    header, rows = _session_table(data)
    blocks.append(Block("table", header=header, rows=rows, widths=[1.2, 10.0, 2.8, 2.6]))

    for s in data.sessions:
        if s.results.questionnaire.theme == "profile":
            continue
        blocks.append(Block("heading1", s.title))
        findings = key_findings(s)
        if findings:
            blocks.append(Block("heading2", "Key findings"))
            blocks.append(Block("bullets", items=findings))
        header, rows = compact_table(s)
        if rows:
            blocks.append(Block("table", header=header, rows=rows, widths=[6.4, 4.6, 2.2, 1.4, 2.0]))
        gaps = theme_gaps(s)[:GAPS_PER_THEME]
        if gaps:
            needs = _need_labels(s)
            blocks.append(Block("heading2", "Gaps cited by most States"))
            blocks.append(Block("bullets", items=[
                f"{g.label}: cited in {g.state_count} of {g.of_states} States"
                + (f", mean severity {g.mean_severity:g} of 5" if g.mean_severity is not None else "")
                + (f"; need named most: {' / '.join(needs.get(n, n) for n in g.top_need)}" if g.top_need else "")
                + (f". Measured against: {'; '.join(g.benchmarks)}" if g.benchmarks else "") + "."
                for g in gaps]))
        if needs_ranked := top_needs(s):
            blocks.append(Block("heading2", "Needs ranked first"))
            blocks.append(Block("bullets", items=needs_ranked))
        said = [q for q in quotes if q.session_id == s.id][:QUOTES_PER_THEME]
        if said:
            blocks.append(Block("heading2", "In the delegates' words"))
            blocks.append(Block("bullets", items=[f"“{q.text}” — {q.attribution}" for q in said]))

    header, rows = recommendations(data)
    if rows:
        blocks.append(Block("heading1", "Recommendations (draft, to edit)"))
        blocks.append(Block("paragraph", "One row per gap type the delegations cited, the most cited first: the "
                            "standard it is measured against (GapMap's gap typology), the kind of action that the need "
                            "named most calls for, who would act, and the priority given most. Edit freely."))
        blocks.append(Block("table", header=header, rows=rows, widths=[4.2, 5.4, 2.4, 2.6, 2.0]))

    blocks.append(Block("heading1", "Annex: the questions asked"))
    for s in data.sessions:
        questionnaire = s.results.questionnaire
        blocks.append(Block("heading2", f"{s.title} ({questionnaire.key}, version {s.questionnaire_version})"))
        blocks.append(Block("table", header=["Question", "Legal basis"], rows=[
            [_subject(localise(q.text, "en"), 400), localise(q.help, "en") or "–"] for q in questionnaire.questions],
            widths=[6.0, 10.6]))
    return Brief(event.code, event.title, blocks, data.anonymised, demo_marker(event))

