"""The questionnaire format: pydantic models for every question type.

A questionnaire file (YAML) parses into plain data, then into `Questionnaire`. Every label may be
a plain string (in the questionnaire's default language) or a mapping of language code to text
(`{en: "...", th: "..."}`); after validation every label is a dict that holds the default language.

Ids (questionnaire key, question ids, option/row ids) are stable: answers are stored by id, so a
translated or re-worded label never splits the results.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_serializer, model_validator

from questionnaires.markup import find_markup, markup_message

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,62}$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"

Id = Annotated[str, Field(pattern=ID_PATTERN)]
LocalText = Union[str, dict[str, str]]

#: Limits that keep a form usable on a phone and a cell inside Excel.
MAX_TEXT_LENGTH = 10_000
MAX_GAP_ROWS = 30


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Option(_Strict):
    """One choice of a choice, ranking or matrix question (or a gap register list)."""

    id: Id
    label: LocalText
    exclusive: bool = Field(
        False, description="multiple_choice only: choosing it clears the others (e.g. Don't know)"
    )


class ScalePoint(_Strict):
    """One labelled point of a Likert scale."""

    value: int
    label: LocalText


Obligation = Literal["mandatory", "optional"]


class MatrixRow(_Strict):
    """One row (item) of a matrix question, answered on the question's shared scale.

    `obligation` says what the row's standard asks of a State: "mandatory" (the treaty says
    "shall") or "optional" ("shall consider", "shall endeavour"), so a gap against an optional
    standard is not written up as a breach. Rows without it (e.g. a vignette) leave it out.
    """

    id: Id
    text: LocalText
    note: LocalText | None = None
    obligation: Obligation | None = None

    @model_serializer(mode="wrap")
    def _unset_left_out(self, handler):
        return _without_unset(handler(self), ("obligation",))


CountsBy = Literal["state", "respondent"]

#: A public fact a question asks, kept in `gapmap/reference` ("treaty:P29" = the State's status under
#: ILO P29); the answer page shows the record and pre-selects it, the delegate confirms or corrects.
RECORD_PATTERN = r"^treaty:[A-Za-z0-9_]{1,40}$"
#: The option ids a `record` question must offer (the statuses the treaty records use); a treaty that
#: can be signed adds "signatory" (ILO conventions are ratified without signature).
RECORD_STATUSES = ("party", "not_party")


def _without_unset(data, fields: tuple[str, ...]):
    """A dump without the optional fields left unset, so files that do not use a field added
    later keep the content hash they had before it existed (no new version of an unchanged file)."""
    if isinstance(data, dict):
        for name in fields:
            if name in data and data[name] in (None, [], False):
                del data[name]
    return data

#: What a question counts unless its file says otherwise (`counts_by`): a finding about a State's law
#: counts States ("in 5 of 12 States"), a view counts respondents. One entry per question type.
COUNTS_BY_DEFAULT: dict[str, CountsBy] = {
    "single_choice": "state",
    "multiple_choice": "state",
    "likert": "respondent",
    "ranking": "respondent",
    "matrix": "state",
    "number": "state",
    "short_text": "respondent",
    "long_text": "respondent",
    "gap_register": "state",
}
#: The types whose answers are facts about the law, so may be counted by State; every type may be
#: counted by respondent.
COUNTS_BY_STATE_TYPES = frozenset(kind for kind, unit in COUNTS_BY_DEFAULT.items() if unit == "state")


class _Question(_Strict):
    id: Id
    text: LocalText
    help: LocalText | None = None
    required: bool = False
    counts_by: CountsBy | None = Field(
        None, description="'state' (a fact about a State's law) or 'respondent' (a view); default by type"
    )
    record: str | None = Field(
        None, pattern=RECORD_PATTERN,
        description="single_choice only: the public fact it asks, e.g. 'treaty:P29' (pre-selected from the records)",
    )

    @field_validator("counts_by")
    @classmethod
    def _counts_by_fits_the_type(cls, counts_by: str | None) -> str | None:
        kind = get_args(cls.model_fields["type"].annotation)[0]
        if counts_by == "state" and kind not in COUNTS_BY_STATE_TYPES:
            facts = ", ".join(k for k in COUNTS_BY_DEFAULT if k in COUNTS_BY_STATE_TYPES)
            raise ValueError(f"counts_by 'state' is only for answers that are facts about a State's law ({facts}); "
                             f"a {kind} question gives views, which count respondents: use 'respondent' or "
                             "leave counts_by out")
        return counts_by

    @field_validator("record")
    @classmethod
    def _record_fits_the_type(cls, record: str | None) -> str | None:
        kind = get_args(cls.model_fields["type"].annotation)[0]
        if record is not None and kind != "single_choice":
            raise ValueError(f"'record' (a public fact on record) is for single_choice questions, not {kind}")
        return record

    @model_serializer(mode="wrap")
    def _unset_left_out(self, handler):
        """A question without `counts_by` (or a later optional field) dumps as before they existed,
        so its content hash is unchanged."""
        return _without_unset(handler(self), _OPTIONAL_LATER)

    @property
    def counting_unit(self) -> CountsBy:
        """What the question counts: its `counts_by`, or the default of its type."""
        return self.counts_by or COUNTS_BY_DEFAULT[self.type]


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} id '{item}'")
        seen.add(item)


class _Choices(_Question):
    options: list[Option] = Field(min_length=2)

    @field_validator("options")
    @classmethod
    def _options_unique(cls, options: list[Option]) -> list[Option]:
        _unique([o.id for o in options], "option")
        return options


class SingleChoice(_Choices):
    type: Literal["single_choice"]

    @field_validator("options")
    @classmethod
    def _no_exclusive(cls, options: list[Option]) -> list[Option]:
        if any(o.exclusive for o in options):
            raise ValueError("'exclusive' only applies to multiple_choice options")
        return options

    @model_validator(mode="after")
    def _record_options(self) -> "SingleChoice":
        if self.record is not None:
            missing = [s for s in RECORD_STATUSES if s not in {o.id for o in self.options}]
            if missing:
                raise ValueError(f"a question with record '{self.record}' offers the statuses the records use: "
                                 f"add option(s) {', '.join(missing)} (ids {', '.join(RECORD_STATUSES)})")
            if self.counting_unit != "state":
                raise ValueError("a question with a record asks a fact about the State: it counts by state")
        return self


class MultipleChoice(_Choices):
    type: Literal["multiple_choice"]
    max_selected: int | None = Field(None, ge=1)


class Likert(_Question):
    type: Literal["likert"]
    scale: list[ScalePoint] = Field(min_length=2, max_length=11)
    allow_na: bool = False
    na_label: LocalText = "Not applicable / don't know"

    @field_validator("scale")
    @classmethod
    def _scale_ordered(cls, scale: list[ScalePoint]) -> list[ScalePoint]:
        values = [p.value for p in scale]
        if values != sorted(set(values)):
            raise ValueError("scale values must be distinct and in increasing order")
        return scale


class Ranking(_Choices):
    type: Literal["ranking"]
    top_n: int | None = Field(None, ge=1, description="how many options to rank (default: all)")

    @model_validator(mode="after")
    def _top_n_fits(self) -> "Ranking":
        if self.top_n is None:
            self.top_n = len(self.options)
        if self.top_n > len(self.options):
            raise ValueError(f"top_n is {self.top_n} but there are only {len(self.options)} options")
        return self


class Matrix(_Question):
    type: Literal["matrix"]
    rows: list[MatrixRow] = Field(min_length=1)
    scale: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _ids_unique(self) -> "Matrix":
        _unique([r.id for r in self.rows], "row")
        _unique([o.id for o in self.scale], "scale option")
        return self


class Number(_Question):
    type: Literal["number"]
    min: float | None = None
    max: float | None = None
    step: float | None = Field(None, gt=0)
    integer: bool = False
    unit: str | None = Field(None, max_length=20)

    @model_validator(mode="after")
    def _bounds(self) -> "Number":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class ShortText(_Question):
    type: Literal["short_text"]
    max_length: int = Field(200, ge=1, le=1000)
    pii_check: bool = True


class LongText(_Question):
    type: Literal["long_text"]
    max_length: int = Field(2000, ge=1, le=MAX_TEXT_LENGTH)
    pii_check: bool = True


class GapRegister(_Question):
    """A repeatable table of gaps: type, description, law, severity 1-5, need, priority.

    Three optional lists add a field each to every row when given: `emerging_forms` (the emerging
    form of trafficking the gap affects), `addressees` (who would close it: legislature, ministry,
    judiciary, agency), and `ask_reform` adds "is a reform already under way" (GAP_REFORM).
    """

    type: Literal["gap_register"]
    gap_types: list[Option] = Field(min_length=1)
    need_types: list[Option] = Field(min_length=1)
    emerging_forms: list[Option] = Field([], description="adds the row field emerging_form")
    addressees: list[Option] = Field([], description="adds the row field addressee")
    ask_reform: bool = Field(False, description="adds the row field reform (GAP_REFORM)")
    max_rows: int = Field(10, ge=1, le=MAX_GAP_ROWS)
    description_max_length: int = Field(1000, ge=50, le=MAX_TEXT_LENGTH)

    @model_validator(mode="after")
    def _ids_unique(self) -> "GapRegister":
        _unique([o.id for o in self.gap_types], "gap type")
        _unique([o.id for o in self.need_types], "need type")
        _unique([o.id for o in self.emerging_forms], "emerging form")
        _unique([o.id for o in self.addressees], "addressee")
        return self

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields of this register's rows, in the order they are shown and exported."""
        extra = {"emerging_form": bool(self.emerging_forms), "reform": self.ask_reform,
                 "addressee": bool(self.addressees)}
        return GAP_FIELDS + tuple(name for name in GAP_OPTIONAL_FIELDS if extra[name])


#: The fields of every gap register row, in the order they are shown and exported.
GAP_FIELDS = ("gap_type", "description", "law", "severity", "need_type", "priority")
#: Fields a register adds when it asks for them (`GapRegister.fields`), after GAP_FIELDS.
GAP_OPTIONAL_FIELDS = ("emerging_form", "reform", "addressee")
GAP_PRIORITIES = ("high", "medium", "low")
GAP_SEVERITIES = (1, 2, 3, 4, 5)
#: Severity anchored in words, so "3" means the same in every delegation.
GAP_SEVERITY_LABELS = {
    1: "1 · minor: a drafting or guidance issue; cases are still prosecuted and victims protected",
    2: "2 · limited: affects some cases or some victims",
    3: "3 · serious: regularly stops cases or leaves victims without protection",
    4: "4 · major: a whole form of trafficking or group of victims is not covered",
    5: "5 · critical: victims are punished or traffickers cannot be prosecuted at all",
}
#: Answers to "is a reform already under way" (the row field `reform`).
GAP_REFORM = {"under_way": "Yes, a reform is under way", "planned": "Planned, not started",
              "none": "No reform under way", "dont_know": "Don't know"}

Question = Annotated[
    Union[
        SingleChoice, MultipleChoice, Likert, Ranking, Matrix, Number, ShortText, LongText,
        GapRegister,
    ],
    Field(discriminator="type"),
]

#: Optional question fields added after questionnaires were stored: left out of a dump when unset.
_OPTIONAL_LATER = ("counts_by", "record", "emerging_forms", "addressees", "ask_reform")

#: Every question type, keyed by its name in a questionnaire file.
QUESTION_TYPES: dict[str, type[_Question]] = {
    "single_choice": SingleChoice,
    "multiple_choice": MultipleChoice,
    "likert": Likert,
    "ranking": Ranking,
    "matrix": Matrix,
    "number": Number,
    "short_text": ShortText,
    "long_text": LongText,
    "gap_register": GapRegister,
}

THEMES = (
    "profile", "definitions", "gender", "technology", "forced_labour", "data", "prosecution",
    "gaps", "other",
)


class Questionnaire(_Strict):
    key: Id
    title: LocalText
    theme: Literal[THEMES]  # type: ignore[valid-type]
    intro: LocalText | None = None
    languages: list[Annotated[str, Field(pattern=LANG_PATTERN)]] = Field(["en"], min_length=1)
    questions: list[Question] = Field(min_length=1)

    @field_validator("questions")
    @classmethod
    def _question_ids_unique(cls, questions: list) -> list:
        _unique([q.id for q in questions], "question")
        return questions

    @model_validator(mode="after")
    def _translations_complete(self) -> "Questionnaire":
        languages = set(self.languages)
        marked = [f"{where}: {markup_message(found)}" for where, text in _texts(self, fields=SHOWN_FIELDS)
                  for each in (text.values() if isinstance(text, dict) else [text]) if (found := find_markup(each))]
        if marked:
            raise ValueError("; ".join(marked))
        for where, text in _texts(self):
            if isinstance(text, dict):
                missing = self.default_language not in text
                unknown = sorted(set(text) - languages)
                if missing:
                    raise ValueError(f"{where}: no text in the default language '{self.default_language}'")
                if unknown:
                    raise ValueError(f"{where}: language(s) {unknown} not listed in 'languages'")
        _plain_when_untranslated(self, self.default_language)
        return self

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def question(self, question_id: str):
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


TEXT_FIELDS = frozenset({"text", "label", "title", "intro", "help", "note", "na_label"})
SHOWN_FIELDS = TEXT_FIELDS | {"unit"}  # every organiser text a screen shows (a unit is not translated)


def _texts(model: BaseModel, where: str = "", fields: frozenset[str] = TEXT_FIELDS):
    """Yield (location, LocalText) for every text of `fields` (default: the translatable ones)."""
    for name, value in model:
        here = f"{where}.{name}" if where else name
        if isinstance(value, BaseModel):
            yield from _texts(value, here, fields)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    yield from _texts(item, f"{here}[{getattr(item, 'id', '')}]", fields)
        elif name in fields and value is not None:
            yield here, value


def _plain_when_untranslated(model: BaseModel, language: str) -> None:
    """{en: "x"} in an English questionnaire is just "x": one spelling, so one content hash."""
    for name, value in model:
        if isinstance(value, BaseModel):
            _plain_when_untranslated(value, language)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _plain_when_untranslated(item, language)
        elif isinstance(value, dict) and set(value) == {language} and name in TEXT_FIELDS:
            object.__setattr__(model, name, value[language])


def localise(text: LocalText | None, language: str, default: str = "en") -> str:
    """The text in `language`, falling back to the default language."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(default) or next(iter(text.values()), "")
