"""Write a questionnaire as an XLSForm workbook that pyxform accepts and `read_xlsform` reads back."""
from __future__ import annotations

from io import BytesIO
from typing import Any, Callable

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from questionnaires.loader import content_hash
from questionnaires.schema import (
    GAP_OPTIONAL_FIELDS,
    GAP_PRIORITIES,
    GAP_REFORM,
    GAP_SEVERITIES,
    THEMES,
    Questionnaire,
)
from questionnaires.xlsform.conventions import (
    GAP_LISTS,
    GAP_ROWS,
    LANGUAGE_NAMES,
    PRIORITY_LIST,
    REFORM_LIST,
    SEVERITY_LIST,
    SURVEY_OPTIONAL,
    WIDTHS,
)


def write_xlsform(questionnaire: Questionnaire) -> bytes:
    """The questionnaire as an XLSForm workbook (survey, choices and settings sheets)."""
    writer = _Writer(questionnaire)
    for question in questionnaire.questions:
        WRITERS[question.type](writer, question)
    return writer.workbook()


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _language_name(code: str) -> str:
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


class _Writer:
    """Collects survey and choices rows (dicts keyed by column header), then lays out sheets."""

    def __init__(self, questionnaire: Questionnaire):
        self.q = questionnaire
        self.survey: list[dict] = []
        self.choices: list[dict] = []
        self.lists: dict[tuple, str] = {}  # option list content -> its list_name

    def texts(self, base: str, text) -> dict:
        """{"label::English (en)": ..., "label::Thai (th)": ...} for a LocalText (or None)."""
        if text is None:
            return {}
        if isinstance(text, str):
            text = {self.q.default_language: text}
        return {f"{base}::{_language_name(c)}": text[c] for c in self.q.languages if text.get(c)}

    def element(self, kind: str, name: str, text, help_text=None, required=False, **cells) -> None:
        self.survey.append({"type": kind, "name": name, **self.texts("label", text),
                            **self.texts("hint", help_text), "required": "yes" if required else None,
                            **cells})

    def row(self, kind: str, q, **cells) -> None:
        self.element(kind, q.id, q.text, q.help, q.required, gapmap_counts_by=q.counts_by, gapmap_record=q.record,
                     **cells)

    def list(self, name: str, options: list[tuple]) -> str:
        """The list_name of these (name, label, exclusive) choices, written the first time only."""
        content = tuple((choice, repr(label), exclusive) for choice, label, exclusive in options)
        if content not in self.lists:
            while name in self.lists.values():
                name += "_"
            self.lists[content] = name
            for choice, label, exclusive in options:
                self.choices.append({"list_name": name, "name": choice, **self.texts("label", label),
                                     "exclusive": "yes" if exclusive else None})
        return self.lists[content]

    def options(self, name: str, options) -> str:
        return self.list(name, [(o.id, o.label, o.exclusive) for o in options])

    def single_choice(self, q) -> None:
        self.row(f"select_one {self.options(q.id, q.options)}", q)

    def multiple_choice(self, q) -> None:
        limit = f"count-selected(.) <= {q.max_selected}" if q.max_selected else None
        self.row(f"select_multiple {self.options(q.id, q.options)}", q, constraint=limit)

    def likert(self, q) -> None:
        points = [(p.value, p.label, False) for p in q.scale]
        points += [("na", q.na_label, False)] if q.allow_na else []
        self.row(f"select_one {self.list(q.id, points)}", q, appearance="likert")

    def ranking(self, q) -> None:
        top_n = q.top_n if q.top_n != len(q.options) else None
        self.row(f"rank {self.options(q.id, q.options)}", q, gapmap_top_n=top_n)

    def matrix(self, q) -> None:
        scale = self.options(q.id, q.scale)
        self.element("begin group", q.id, q.text, q.help, appearance="table-list", gapmap_counts_by=q.counts_by)
        for row in q.rows:
            self.element(f"select_one {scale}", row.id, row.text, row.note, q.required,
                         gapmap_obligation=row.obligation)
        self.survey.append({"type": "end group"})

    def number(self, q) -> None:
        bounds = [f". >= {_num(q.min)}" if q.min is not None else "",
                  f". <= {_num(q.max)}" if q.max is not None else ""]
        self.row("integer" if q.integer else "decimal", q,
                 constraint=" and ".join(filter(None, bounds)) or None,
                 gapmap_step=_num(q.step) if q.step else None, gapmap_unit=q.unit)

    def short_text(self, q, appearance: str | None = None) -> None:
        self.row("text", q, appearance=appearance, constraint=f"string-length(.) <= {q.max_length}",
                 gapmap_pii_check=None if q.pii_check else "no")

    def long_text(self, q) -> None:
        self.short_text(q, appearance="multiline")

    def gap_register(self, q) -> None:
        fixed = {"severity": (SEVERITY_LIST, [(s, str(s), False) for s in GAP_SEVERITIES]),
                 "priority": (PRIORITY_LIST, [(p, p.title(), False) for p in GAP_PRIORITIES]),
                 "reform": (REFORM_LIST, [(answer, label, False) for answer, label in GAP_REFORM.items()])}
        lists = {}  # written in the order they had before the optional fields existed, then theirs
        for name in ("gap_type", "need_type", "severity", "priority", *GAP_OPTIONAL_FIELDS):
            if name in q.fields and name in GAP_LISTS:
                lists[name] = self.options(f"{q.id}_{GAP_LISTS[name]}", getattr(q, GAP_LISTS[name]))
            elif name in q.fields:
                lists[name] = self.list(*fixed[name])
        self.row("begin repeat", q, repeat_count=q.max_rows)
        for name in q.fields:
            kind, label = GAP_ROWS[name]
            limit = f"string-length(.) <= {q.description_max_length}" if name == "description" else None
            self.element(f"{kind} {lists.get(name, '')}".strip(), name, label, constraint=limit)
        self.survey.append({"type": "end repeat"})

    def settings(self) -> dict:
        title = self.q.title if isinstance(self.q.title, dict) else {self.q.default_language: self.q.title}
        translated = {code: text for code, text in title.items() if code != self.q.default_language}
        return {"form_id": self.q.key, "form_title": title[self.q.default_language],
                "version": content_hash(self.q)[:12],
                "default_language": _language_name(self.q.default_language), "theme": self.q.theme,
                **self.texts("intro", self.q.intro), **self.texts("gapmap_title", translated)}

    def workbook(self) -> bytes:
        book = openpyxl.Workbook()
        book.remove(book.active)
        labels = [f"label::{_language_name(code)}" for code in self.q.languages]
        hints = [f"hint::{_language_name(code)}" for code in self.q.languages]
        _sheet(book, "survey", ["type", "name", *labels, *hints], SURVEY_OPTIONAL, self.survey)
        _sheet(book, "choices", ["list_name", "name", *labels], ["exclusive"], self.choices)
        settings = _sheet(book, "settings", [], [], [self.settings()])
        themes = DataValidation(type="list", formula1=f'"{",".join(THEMES)}"', showErrorMessage=True)
        settings.add_data_validation(themes)
        themes.add(next(cell for cell in settings[1] if cell.value == "theme").offset(1, 0))
        out = BytesIO()
        book.save(out)
        return out.getvalue()


#: The survey (and choices) rows of each question type: `write(writer, question)`.
WRITERS: dict[str, Callable[[_Writer, Any], None]] = {
    "single_choice": _Writer.single_choice,
    "multiple_choice": _Writer.multiple_choice,
    "likert": _Writer.likert,
    "ranking": _Writer.ranking,
    "matrix": _Writer.matrix,
    "number": _Writer.number,
    "short_text": _Writer.short_text,
    "long_text": _Writer.long_text,
    "gap_register": _Writer.gap_register,
}


def _sheet(book, name: str, always: list[str], optional, rows: list[dict]):
    """A sheet of the `always` columns, then those others some row fills; text is never a formula."""
    used = {column for row in rows for column, value in row.items() if value is not None}
    columns = always + [c for c in optional if c in used]
    columns += [c for c in dict.fromkeys(k for row in rows for k in row) if c in used and c not in columns]
    sheet = book.create_sheet(name)
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    for cell in (cell for cells in sheet.iter_rows() for cell in cells if isinstance(cell.value, str)):
        cell.data_type = "s"  # "=x", "+x", "-x" or "@x" is text typed by a person
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        width = WIDTHS.get(cell.value.split("::")[0], 14)
        sheet.column_dimensions[cell.column_letter].width = width
        for below in sheet[cell.column_letter][1:] if width >= 40 else ():
            below.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    return sheet


