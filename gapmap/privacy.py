"""What an audience may see: the one module that reads an event's attribution policy and its
minimum group size k, and decides, once, what a screen or an export shows of a session's results.

| Audience (who, where)           | Countries named          | Withheld while < k…      | Text, gaps from country < k |
|---------------------------------|--------------------------|--------------------------|-----------------------------|
| organiser's screen              | always                   | …in a filtered selection | shown, country not named    |
| facilitator's screen            | attributable events only | …in a filtered selection | shown, country not named    |
| projector (any role)            | attributable events only | …have submitted at all   | shown, country not named    |
| delegate (revealed results)     | attributable events only | …have submitted at all   | shown, country not named    |
| full export (organisers)        | always                   | never (k = 1)            | shown, country named        |
| anonymised export (for sharing) | attributable events only | never                    | kept unless identifying (↓) |

Text a facilitator hid or redacted is shown hidden or redacted everywhere but in organisers' full
reports, which keep the delegate's original for the record.

**Free text and gaps in an anonymised report** (`keeps_country`). A text or a gap is one delegate's
words; k promises that nothing is pinned on a group of fewer than k. So such a row is placed in the
smallest group a reader of the report can place it in, and kept when that group holds at least k
States (hence at least k respondents), else left out:

- a row that names its country (a country-attributable event, and the country has at least k
  respondents to the question): that country, which has k respondents: kept;
- a row without a country: the States whose rows carry none. Under the Chatham House Rule that is
  every State that answered the question (no row names one); in a country-attributable event it is
  the States that answered with fewer than k respondents (the report names the others). Fewer than
  k such States: left out.

Rows without a country are listed in an order that does not depend on their country (by their
fields: a gap by its type, then its words), so that neighbouring rows do not give a State away
(`visible_rows`; texts keep the order they were submitted in). What the words themselves say is
moderation's business: a text that names its own State's statute is hidden or redacted on *Moderate
text* before a report is shared. Raw answers are another matter: each row carries its respondent's
number, and one respondent's answers about the law (treaties, the checklists) tell their State, so an
anonymised report still leaves out every raw answer from a country with fewer than k respondents in
the session (`keeps_country(..., linked=True)`).

A breakdown by country only ever shows countries that are named *and* have at least k
respondents to that question; the others are counted in a note ("2 countries with fewer than 3
respondents not shown"). Regional figures (totals, shares, convergence) always count everyone.

`visible(results, audience)` applies all of this to a `SessionResults` and returns a
`VisibleResults`: by-country breakdowns cut to the shown countries, text items stripped of an
unnamed country, small-group text left out where the audience says so, and the notes to print.
Charts (`gapmap.charts`), the pages' drawing helpers (`ui.results`) and the exports take only
these views, so a new screen cannot name a country or show a small group by forgetting a check.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from db.models import AttributionPolicy, Event
from gapmap.aggregation import (
    ChoiceResult,
    GapResult,
    LikertResult,
    MatrixResult,
    NumberResult,
    QuestionResult,
    RankingResult,
    SessionResults,
    TextResult,
)
from gapmap.reference import country_name


@dataclass(frozen=True)
class Audience:
    k: int = 3
    name_countries: bool = False
    projector: bool = False
    #: The projector and delegates see nothing until k delegates have submitted.
    whole_results_need_k: bool = False
    #: False in anonymised exports: free text and gaps from a country with fewer than k respondents
    #: are left out where they would identify it, raw answers always (see `keeps_country`).
    small_group_text: bool = True
    #: Only organisers' full reports hold a delegate's own text where a facilitator hid or redacted it.
    original_text: bool = False


# --- the event's terms ---------------------------------------------------------------------------

def chatham_house(event: Event) -> bool:
    return event.attribution_policy == AttributionPolicy.CHATHAM_HOUSE.value


def minimum_group(event: Event) -> int:
    return max(1, event.min_group_size)


def policy_label(event: Event) -> str:
    return "Chatham House Rule" if chatham_house(event) else "Country-attributable"


def promise(event: Event) -> str:
    """The delegates' notice, in Markdown: how results are shown (read before they consent)."""
    rule = " under the **Chatham House Rule**" if chatham_house(event) else ""
    return (f"Results are shown and reported in aggregate{rule}; no breakdown with fewer than "
            f"{minimum_group(event)} respondents is shown.")


def anonymised_export_note(event: Event) -> str:
    named = "no country named under the Chatham House Rule" if chatham_house(event) else "countries named"
    k = minimum_group(event)
    return (f"Respondents numbered; {named}; States counted per position, not named, where fewer than {k} "
            f"delegates answered; free text and gaps kept unless they would point to fewer than {k} States; "
            f"no raw answers from countries with fewer than {k} respondents.")


def brief_anonymised(event: Event, *, anonymise: bool) -> bool:
    """Is the rapporteur's brief built from the anonymised report? Always under the Chatham House
    Rule (a brief is written to be shared: no State is named anywhere in it), else when asked."""
    return anonymise or chatham_house(event)


def loosened_terms(event: Event, *, attribution_policy: str, min_group_size: int) -> dict[str, str]:
    """Why new settings would break what delegates who already joined consented to (field -> message)."""
    problems = {}
    if chatham_house(event) and attribution_policy == AttributionPolicy.ATTRIBUTABLE.value:
        problems["attribution_policy"] = ("Delegates have joined under the Chatham House Rule, so their answers "
                                          "cannot become country-attributable. Copy the event to run the next "
                                          "one under other terms.")
    if min_group_size < event.min_group_size:
        problems["min_group_size"] = (f"Delegates have joined with the promise that no group smaller than "
                                      f"{event.min_group_size} is shown, so it cannot be lowered.")
    return problems


# --- audiences -----------------------------------------------------------------------------------

def audience_for(event: Event, *, role: str, projector: bool = False) -> Audience:
    """A screen's audience: a role's own screen, the projector, or a delegate's revealed results."""
    attributable = not chatham_house(event)
    name_countries = attributable or (role == "organiser" and not projector)
    return Audience(k=minimum_group(event), name_countries=name_countries, projector=projector,
                    whole_results_need_k=projector or role == "delegate")


def export_audience(event: Event, *, anonymise: bool) -> Audience:
    """A report's audience: organisers see everything; an anonymised report is for sharing."""
    if not anonymise:
        return Audience(k=1, name_countries=True, original_text=True)
    return Audience(k=minimum_group(event), name_countries=not chatham_house(event), small_group_text=False)


# --- the rules, on plain counts ------------------------------------------------------------------

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


def keeps_country(country: str, respondents_by_country: dict[str, int], audience: Audience, *,
                  linked: bool = False) -> bool:
    """May a single row (a gap, a text) from this country appear at all? (The rule: this module's
    docstring, "Free text and gaps in an anonymised report".)

    `respondents_by_country` counts the respondents to the row's question. A row `linked` to its
    respondent (a raw answer, numbered by respondent) is kept only from a country with at least k."""
    if audience.small_group_text or respondents_by_country.get(country, 0) >= audience.k:
        return True
    if linked or respondents_by_country.get(country, 0) == 0:
        return False
    # The row carries no country: a reader can place it only among the States whose rows carry none.
    unnamed = [c for c, n in respondents_by_country.items()
               if n > 0 and (not audience.name_countries or n < audience.k)]
    return len(unnamed) >= audience.k


def participating_countries(event: Event, audience: Audience) -> str:
    """The participating States as a report's cover names them. A report shared under the
    Chatham House Rule says how many States took part, not which (a documented choice: with
    every State listed, a small group's answers would be easier to place)."""
    if audience.name_countries:
        return "; ".join(country_name(c) for c in event.countries)
    n = len(event.countries)
    return f"{n} State{'' if n == 1 else 's'} (not named: the Chatham House Rule)"


def participation_count(n: int, audience: Audience) -> int | str:
    """One country's count of submissions in a shared table: a count below k is not given (it
    would say that one or two named delegates answered)."""
    return n if n == 0 or n >= audience.k else f"fewer than {audience.k}"


def country_column(audience: Audience) -> bool:
    """Does a long table (raw answers, gaps, texts) carry a country column for this audience?"""
    return audience.name_countries


# --- the visible view of a session's results -----------------------------------------------------

@dataclass
class VisibleQuestion(QuestionResult):
    """A question's results as one audience may see them; `by_country_n` holds the shown countries only."""

    left_out: str = ""  # " 2 countries with fewer than 3 respondents not shown." or ""
    no_breakdown: str = ""  # why no country is broken out, when none is

    @property
    def countries(self) -> list[str]:
        return sorted(self.by_country_n)


@dataclass
class VisibleResults:
    """A session's results for one audience: what pages, charts and exports may show."""

    agenda_session_id: int
    title: str
    questionnaire: object
    respondents: int
    countries_answering: int
    countries: dict[str, int]  # shown countries only (named, at least k respondents)
    questions: list[VisibleQuestion]
    late_drafts: int
    audience: Audience
    withheld: str = ""  # why nothing is shown yet ("" when the results may be shown)
    note: str = ""  # the privacy caption for a dashboard, "" when nothing is left out
    left_out: str = ""  # " 2 countries with fewer than 3 respondents not shown." or ""
    no_breakdown: str = ""  # why no country is broken out, when none is
    counts_hidden: str = ""  # "fewer than 3": a selection below k gives no count either (it says who answered)

    def question(self, question_id: str) -> VisibleQuestion:
        return next(q for q in self.questions if q.id == question_id)


def visible(results: SessionResults, audience: Audience, *, filtered: bool = False) -> VisibleResults:
    """Apply the audience's rules once: the view that every screen and export draws from."""
    withheld = counts_hidden = ""
    if audience.whole_results_need_k and results.respondents < audience.k:
        withheld = f"Results appear once at least {audience.k} delegates have submitted."
    elif selection_too_small(results.respondents, audience, filtered=filtered):
        withheld = f"Fewer than {audience.k} respondents in this selection: results are not shown."
        counts_hidden = f"fewer than {audience.k}"
    hidden = hidden_countries(results.countries, audience)
    note = ""
    if not audience.name_countries:
        note = "Privacy: countries are not named (Chatham House Rule)."
    elif hidden:
        note = (f"Privacy: {hidden} countries with fewer than {audience.k} respondents are left out of country "
                "breakdowns.")
    shown = shown_countries(results.countries, audience)
    return VisibleResults(
        results.agenda_session_id, results.title, results.questionnaire, results.respondents,
        len(results.countries), {c: results.countries[c] for c in shown},
        [visible_question(q, audience) for q in results.questions], results.late_drafts, audience, withheld, note,
        _left_out(hidden, audience), _no_breakdown(shown, audience), counts_hidden)


def visible_question(q: QuestionResult, audience: Audience) -> VisibleQuestion:
    """One question's view (see `visible`); a view passed again is returned as it is."""
    if isinstance(q, VisibleQuestion):
        return q
    shown = set(shown_countries(q.by_country_n, audience))
    left_out = _left_out(hidden_countries(q.by_country_n, audience), audience)
    no_breakdown = _no_breakdown(shown, audience)
    return VisibleQuestion(
        q.id, q.type, q.text, q.respondents, {c: n for c, n in q.by_country_n.items() if c in shown},
        _visible_result(q.result, shown, q.by_country_n, audience), left_out=left_out, no_breakdown=no_breakdown)


def visible_rows(rows: list, question: QuestionResult, audience: Audience) -> list:
    """One question's long-table rows (gaps, texts: anything with a `country`) as `audience` may see
    them: none from a small group where the audience leaves those out, and the country blanked
    unless the audience may see it broken out. `question` is the raw result the rows belong to."""
    if isinstance(question, VisibleQuestion):
        raise TypeError("visible_rows needs the raw question: its view no longer knows the small groups.")
    kept = _texts(rows, set(shown_countries(question.by_country_n, audience)), question.by_country_n, audience)
    # Rows without a country in an order of their own, not their country's: neighbours give no State away.
    return [r for r in kept if r.country] + sorted((r for r in kept if not r.country), key=_by_fields)


def _by_fields(row) -> tuple:
    values = row._asdict().values() if hasattr(row, "_asdict") else vars(row).values()
    return tuple((v is None, str(v)) for v in values)


def _left_out(hidden: int, audience: Audience) -> str:
    if not hidden:
        return ""
    return f" {hidden} {'country' if hidden == 1 else 'countries'} with fewer than {audience.k} respondents not shown."


def _no_breakdown(shown, audience: Audience) -> str:
    if shown:
        return ""
    if not audience.name_countries:
        return "Countries are not named on this screen (Chatham House Rule)"
    return f"No country has {audience.k} respondents yet"


def visible_answers(rows: list, respondents_by_country: dict[str, int], audience: Audience) -> list:
    """One session's raw answers (rows with `country`, `text`, `hidden`, `redacted`) as `audience`
    may see them: none from a small group where the audience leaves those out, the country blanked
    unless shown, hidden text left out and redacted text redacted unless the audience keeps originals."""
    shown = set(shown_countries(respondents_by_country, audience))
    kept = []
    for row in rows:
        if not keeps_country(row.country, respondents_by_country, audience, linked=True):
            continue
        if not audience.original_text and row.hidden:
            continue
        text = row.redacted if not audience.original_text and row.redacted is not None else row.text
        kept.append(row._replace(country=row.country if row.country in shown else "", text=text))
    return kept


def visible_states(found: dict, audience: Audience) -> dict:
    """State findings (`gapmap.positions.state_results`) as `audience` may see them: counts of
    States always; a State named with its position only where the audience names countries, and
    then only a cleared position (the delegation's own) or one computed from at least k delegates."""
    shown = {}
    for question_id, result in found.items():
        by_country_n = result.question.by_country_n
        visible_q = visible_question(result.question, audience)
        named = set(shown_countries(by_country_n, audience)) if audience.name_countries else set()
        findings = [replace(f, positions={c: p for c, p in f.positions.items()
                                          if audience.name_countries and (p.cleared or c in named)})
                    for f in result.findings]
        gaps = [replace(g, states=[c for c in g.states if c in named]) for g in result.gaps]
        shown[question_id] = replace(result, question=visible_q, findings=findings, gaps=gaps)
    return shown


def _only(by_country: dict, shown: set[str]) -> dict:
    return {c: v for c, v in by_country.items() if c in shown}


def _texts(items: list, shown: set[str], by_country_n: dict[str, int], audience: Audience) -> list:
    """Rows without the country unless it is shown; none from small groups where the audience says so."""
    return [_with_country(i, i.country if i.country in shown else "") for i in items
            if keeps_country(i.country, by_country_n, audience)]


def _with_country(row, country: str):
    return row._replace(country=country) if hasattr(row, "_replace") else replace(row, country=country)


def _visible_result(result, shown: set[str], by_country_n: dict[str, int], audience: Audience):
    if isinstance(result, (ChoiceResult, LikertResult, NumberResult)):
        return replace(result, by_country=_only(result.by_country, shown))
    if isinstance(result, MatrixResult):
        return replace(result, rows=[replace(row, by_country=_only(row.by_country, shown)) for row in result.rows])
    if isinstance(result, TextResult):
        return replace(result, items=_texts(result.items, shown, by_country_n, audience))
    if isinstance(result, GapResult):
        return replace(result, by_country=_only(result.by_country, shown),
                       texts=_texts(result.texts, shown, by_country_n, audience))
    if isinstance(result, RankingResult) or result is None:
        return result  # a ranking holds no breakdown by country
    raise TypeError(f"gapmap.privacy does not know what to hide in a {type(result).__name__}.")


# --- quotes in the rapporteur's brief --------------------------------------------------------------

QUOTE_SPEAKER = "a delegate"


def names_state_in_quotes(event: Event, audience: Audience) -> bool:
    """A quote may name its State only in an organisers' full report (the one audience that keeps
    originals) of a country-attributable event: never under the Chatham House Rule, never in an
    anonymised report, never on a screen."""
    return not chatham_house(event) and audience.name_countries and audience.original_text


def quote_attribution(country: str, present: set[str] | list[str], audience: Audience, *, event: Event) -> str:
    """Who said a quotable text, as much as `audience` may be told (see `gapmap.quotes`).

    "a delegate of Thailand" where `names_state_in_quotes`; otherwise "a delegate from <UN M49
    sub-region>" ("a delegate from South-eastern Asia") where at least k of the States `present`
    (those whose delegates joined the event) lie in the speaker's sub-region, k being the event's
    minimum group size (never less, even in a full report where no count is withheld); otherwise
    "a delegate". A sub-region of fewer than k States would all but name the State.
    """
    from gapmap.reference import bali_process_members

    if names_state_in_quotes(event, audience):
        return f"{QUOTE_SPEAKER} of {country_name(country)}"
    members = bali_process_members()
    if country in members:
        region = members[country].subregion
        peers = {c for c in present if c in members and members[c].subregion == region} | {country}
        if len(peers) >= max(audience.k, minimum_group(event)):
            return f"{QUOTE_SPEAKER} from {region}"
    return QUOTE_SPEAKER
