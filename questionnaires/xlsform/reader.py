"""Read an uploaded XLSForm workbook into a questionnaire, naming sheet, row and column of every problem."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePath

import openpyxl
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import xlsx_to_dict
from pyxform.xls2xform import convert

from questionnaires.limits import MAX_COLUMNS, MAX_ROWS, LimitExceeded, check_zip
from questionnaires.loader import Problem, QuestionnaireError, validate
from questionnaires.schema import (
    GAP_FIELDS,
    GAP_OPTIONAL_FIELDS,
    LANG_PATTERN,
    THEMES,
    Questionnaire,
)
from questionnaires.xlsform.conventions import (
    CONSTRAINTS,
    COUNTS_BY_VALUES,
    FIELD_COLUMNS,
    GAP_LISTS,
    GAP_ROWS,
    KNOWN_COLUMNS,
    METADATA,
    NO,
    OBLIGATION_VALUES,
    SUPPORTED,
    TRANSLATABLE,
    TYPE_ALIASES,
    YES,
)


def read_xlsform(data: bytes, file: str = "upload.xlsx") -> tuple[Questionnaire, list[Problem]]:
    """(questionnaire, notes) from XLSForm bytes; raises QuestionnaireError listing every problem."""
    reader = _Reader(file)
    return reader.read(data), reader.notes


@dataclass
class _Row:
    sheet: str
    number: int | None  # None: the sheet as a whole
    cells: dict[str, str] = field(default_factory=dict)  # texts keep their inner line breaks

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "").strip()


@dataclass
class _Sheet:
    name: str
    columns: list[str]
    rows: list[_Row]


@dataclass
class _Choice:
    row: _Row
    name: str
    label: object
    exclusive: bool


@dataclass
class _Origin:
    """The survey row of a question, and the rows its options or matrix rows came from."""
    row: _Row
    parts: dict[str, _Row] = field(default_factory=dict)  # e.g. "options.2" -> a choices row


def _cell_text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).replace("\xa0", " ").strip(" \t")


def _header(value) -> str:
    base, sep, language = _cell_text(value).strip().partition("::")
    base = base.strip().lower().replace(" ", "_")
    return f"{base}::{language.strip()}" if sep else base


def _language_code(name: str) -> str | None:
    """'English (en)' or 'en' -> 'en'; None when there is no code."""
    match = re.search(r"\(([^()]+)\)\s*$", name)
    primary, dash, region = (match.group(1) if match else name).strip().partition("-")
    code = primary.lower() + dash + region
    return code if re.match(LANG_PATTERN, code) else None


def _split_type(value: str) -> tuple[str, str]:
    """'select one yes_no' -> ('select_one', 'yes_no'); list names keep their case."""
    text = " ".join(value.split())
    for alias, kind in TYPE_ALIASES.items():
        if text.lower() == alias or text.lower().startswith(alias + " "):
            return kind, text[len(alias):].strip()
    return text.lower(), ""


def _used_rows(worksheet, name: str):
    """The sheet's rows as they exist in the file (the declared dimension is ignored: a workbook can
    claim a million rows); refuses a used range beyond MAX_ROWS x MAX_COLUMNS, naming it."""
    worksheet.reset_dimensions()
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        filled = [cell for cell in cells if cell.value is not None and str(cell.value).strip()]
        if filled and number > MAX_ROWS:
            raise LimitExceeded(f"sheet '{name}' has text in row {number}; a questionnaire sheet may use at "
                                f"most {MAX_ROWS:,} rows")
        if filled and filled[-1].column > MAX_COLUMNS:
            raise LimitExceeded(f"sheet '{name}' has text in column {filled[-1].column_letter} (row {number}); "
                                f"a questionnaire sheet may use at most {MAX_COLUMNS} columns")
        yield cells


def _key_from_file(file: str) -> str:
    key = re.sub(r"[^A-Za-z0-9_]+", "_", PurePath(file).stem).strip("_")
    return (key if key[:1].isalpha() else f"q_{key}")[:63]


def _by_place(problems: list[Problem]) -> list[Problem]:
    order = {"survey": 1, "choices": 2, "settings": 3}
    return sorted(problems, key=lambda p: (order.get(p.sheet, 0), p.row or 0))


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.columns: dict[str, list[str]] = {}  # sheet -> its column headers
        self.languages = ["en"]
        self.column_language: dict[str, str] = {}  # "label::Thai (th)" -> "th"
        self.lists: dict[str, list[_Choice]] | None = None  # None: no choices sheet
        self.origins: dict[str, _Origin] = {}  # question id -> where it came from
        self.names: dict[str, int] = {}  # question name -> its row
        self.survey_rows: list[_Row] = []
        self.settings_row = _Row("settings", None)
        self.leading_note: tuple[_Row, object] | None = None

    def problem(self, row: _Row, column: str | None, message: str, question: str | None = None):
        self.problems.append(Problem(self.file, question, None, message, row.sheet, row.number, column))

    def note(self, row: _Row, column: str | None, message: str) -> None:
        self.notes.append(Problem(self.file, None, None, message, row.sheet, row.number, column))

    def read(self, data: bytes) -> Questionnaire:
        book = self.open(data)
        try:
            sheets = self.sheets(book)
        except LimitExceeded as exc:  # refused whole, before pyxform reads the workbook again
            raise QuestionnaireError([Problem(self.file, None, None, str(exc))]) from None
        finally:
            book.close()
        self.read_languages(sheets)
        settings = self.read_settings(sheets.get("settings"))
        self.lists = self.read_choices(sheets["choices"]) if "choices" in sheets else None
        questions = self.read_survey(sheets["survey"]) if "survey" in sheets else []
        if "survey" in sheets and not questions and not any(p.sheet == "survey" for p in self.problems):
            self.problem(_Row("survey", None), None, "the survey sheet has no questions")
        if self.leading_note and "intro" in settings:
            self.note(self.leading_note[0], "type", "the note is ignored: settings has an intro")
        elif self.leading_note and self.leading_note[1]:
            settings["intro"] = self.leading_note[1]
        questionnaire = self.validate({**settings, "languages": self.languages, "questions": questions})
        if "survey" in sheets:
            self.check_with_pyxform(data)
        self.notes = _by_place(self.notes)
        if self.problems:
            raise QuestionnaireError(_by_place(self.problems))
        return questionnaire

    # -- the workbook, its sheets and languages
    def open(self, data: bytes):
        try:
            check_zip(data)
        except LimitExceeded as exc:
            raise QuestionnaireError([Problem(self.file, None, None, str(exc))]) from None
        try:  # read-only: rows stream from the file, and only the cells that exist are made
            return openpyxl.load_workbook(BytesIO(data), data_only=False, read_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not .xlsx
            raise QuestionnaireError([Problem(
                self.file, None, None, "cannot be read as an Excel workbook; save it from Excel as "
                f"'Excel Workbook (.xlsx)' ({type(exc).__name__})")]) from None

    def sheets(self, book) -> dict[str, _Sheet]:
        sheets = {}
        for worksheet in book.worksheets:
            name = worksheet.title.strip().lower()
            if name in KNOWN_COLUMNS:
                sheets[name] = self.sheet(name, worksheet)
                self.columns[name] = sheets[name].columns
        if "survey" not in sheets:
            names = {name.strip().lower(): name for name in book.sheetnames}
            close = difflib.get_close_matches("survey", list(names), 1, 0.5)
            hint = f"; is '{names[close[0]]}' meant to be it? Rename it to 'survey'" if close else ""
            self.problem(_Row("survey", None), None, f"the workbook has no 'survey' sheet{hint}")
        return sheets

    def sheet(self, name: str, worksheet) -> _Sheet:
        result = _Sheet(name, [], [])
        for number, cells in enumerate(_used_rows(worksheet, name), start=1):
            if number == 1:
                result.columns = [_header(cell.value) for cell in cells]
                continue
            values = {}
            for cell, column in zip(cells, result.columns):
                if cell.data_type == "f":
                    self.problem(_Row(name, number), column or cell.column_letter,
                                 "holds a formula; type the text itself, not a formula")
                if column and _cell_text(cell.value).strip():
                    values[column] = _cell_text(cell.value)
            if values:
                result.rows.append(_Row(name, number, values))
        for column in dict.fromkeys(result.columns):
            filled = [row for row in result.rows if row[column]]
            if column and filled and column.split("::")[0] not in KNOWN_COLUMNS[name]:
                self.note(filled[0], column, f"column '{column}' is ignored: GapMap cannot honour "
                          f"it ({len(filled)} row(s) fill it)")
        return result

    def read_languages(self, sheets: dict[str, _Sheet]) -> None:
        found, bare = [], False
        for sheet in sheets.values():
            for column in sheet.columns:
                base, _, name = column.partition("::")
                code = _language_code(name) if name else None
                if base not in TRANSLATABLE:
                    continue
                if name and not code:
                    self.problem(_Row(sheet.name, 1), column, f"the language '{name}' has no code; "
                                 f"name the column like '{base}::{name} (xx)' with its 2-letter code")
                self.column_language.update({column: code} if code else {})
                found += [code] if code and code not in found else []
                bare = bare or (not name and base in ("label", "hint"))
        default = self.default_language(sheets.get("settings"), found, bare)
        self.languages = [default] + [code for code in found if code != default]

    def default_language(self, settings: _Sheet | None, found: list[str], bare: bool) -> str:
        row = settings.rows[0] if settings and settings.rows else self.settings_row
        if row["default_language"]:
            code = _language_code(row["default_language"])
            if not code:
                self.problem(row, "default_language", f"'{row['default_language']}' has no "
                             "language code; write it like 'English (en)'")
            return code or (found[0] if found else "en")
        if found and not bare:
            return found[0]
        self.note(row, "default_language", "no default_language in settings: the 'label' column "
                  "is taken to be English (en)")
        return "en"

    def text(self, row: _Row, base: str, required: bool = False, also: str = ""):
        """The row's text in every language: a plain string when only the default language has it."""
        default, texts = self.languages[0], {}
        for column, value in row.cells.items():
            if column.partition("::")[0] in (base, also) and "::" in column:
                texts.update({self.column_language[column]: value} if column in self.column_language else {})
            elif column in (base, also):
                texts.setdefault(default, value)  # a language column wins over a bare one
        if (required or texts) and default not in texts:
            detail = f"has no text in the default language '{default}'" if texts else "is empty"
            self.problem(row, self.column(row.sheet, base), f"{base} {detail}")
        if not texts:
            return None
        return texts[default] if list(texts) == [default] else texts

    def column(self, sheet: str, base: str) -> str:
        """The header of the default language's `base` column, e.g. label::English (en)."""
        default = self.languages[0]
        return next((c for c in self.columns.get(sheet, []) if c.partition("::")[0] == base
                     and self.column_language.get(c, default) == default), base)

    # -- settings and choices
    def read_settings(self, sheet: _Sheet | None) -> dict:
        row = self.settings_row = sheet.rows[0] if sheet and sheet.rows else self.settings_row
        settings = {"key": row["form_id"] or _key_from_file(self.file), "theme": row["theme"] or "other"}
        if not row["form_id"]:
            self.note(row, "form_id", f"no form_id in settings: the key is '{settings['key']}', "
                      "from the file name")
        if not row["theme"]:
            self.note(row, "theme", "no theme in settings: the theme is 'other'")
        elif row["theme"] not in THEMES:
            self.problem(row, "theme", f"theme '{row['theme']}' is not one of: {', '.join(THEMES)}")
        settings["title"] = self.text(row, "form_title", also="gapmap_title") or settings["key"]
        intro = self.text(row, "intro")
        return settings | ({"intro": intro} if intro else {})

    def read_choices(self, sheet: _Sheet) -> dict[str, list[_Choice]]:
        lists: dict[str, list[_Choice]] = {}
        for row in sheet.rows:
            if not row["list_name"] or not row["name"]:
                self.problem(row, "name" if row["list_name"] else "list_name", "is empty")
                continue
            same = [c for c in lists.get(row["list_name"], []) if c.name == row["name"]]
            if same:
                self.problem(row, "name", f"duplicate choice name '{row['name']}' in the list "
                             f"'{row['list_name']}' (also on row {same[0].row.number})")
                continue
            label = self.text(row, "label", required=True)
            exclusive = row["exclusive"].lower() in YES
            lists.setdefault(row["list_name"], []).append(_Choice(row, row["name"], label, exclusive))
        return lists

    def choices(self, row: _Row, list_name: str, origin: _Origin, key: str) -> list[dict] | None:
        if self.lists is None:
            self.problem(row, "type", f"uses the choice list '{list_name}' but the workbook has no "
                         "'choices' sheet")
            return None
        if list_name not in self.lists:
            close = difflib.get_close_matches(list_name, list(self.lists), 1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem(row, "type", f"the choice list '{list_name}' is not in the choices sheet{hint}")
            return None
        origin.parts.update({f"{key}.{i}": c.row for i, c in enumerate(self.lists[list_name])})
        return [{"id": c.name, "label": c.label} | ({"exclusive": True} if c.exclusive else {})
                for c in self.lists[list_name]]

    # -- the survey sheet
    def read_survey(self, sheet: _Sheet) -> list[dict]:
        questions, groups, rows, index = [], [], sheet.rows, 0
        self.survey_rows = rows
        while index < len(rows):
            row, (kind, argument) = rows[index], _split_type(rows[index]["type"])
            index += 1
            if kind == "begin repeat" or (kind == "begin group" and "table-list" in row["appearance"]):
                end = self.block_end(rows, index - 1)
                inner, index = rows[index:end], end + 1
                question = self.matrix(row, inner) if kind == "begin group" else self.gap_register(row, inner)
            elif kind in ("begin group", "end group", "end repeat", "note", *METADATA):
                self.not_a_question(row, kind, groups, before_questions=not questions)
                continue
            else:
                question = self.question(row, kind, argument)
            if self.is_new(row) and question is not None:
                self.origins[question["id"]] = question.pop("_origin")
                questions.append(question)
        return questions

    def not_a_question(self, row: _Row, kind: str, groups: list[_Row], before_questions: bool) -> None:
        """Plain groups are read through, the first note may be the intro, metadata is ignored."""
        if kind == "begin group":
            groups.append(row)
            self.note(row, "type", "the group is read through: GapMap shows its questions in order")
        elif kind in ("end group", "end repeat") and not groups:
            self.problem(row, "type", f"'{row['type']}' has no matching begin")
        elif kind in ("end group", "end repeat"):
            groups.pop()
        elif kind == "note" and before_questions and not self.leading_note:
            self.leading_note = (row, self.text(row, "label"))
        elif kind == "note":
            self.note(row, "type", "GapMap shows no notes between questions: this one is ignored")
        else:
            self.note(row, "type", f"'{kind}' is metadata GapMap does not collect")

    def block_end(self, rows: list[_Row], start: int) -> int:
        depth = 0
        for index in range(start, len(rows)):
            kind = _split_type(rows[index]["type"])[0]
            depth += kind.startswith("begin ") - kind.startswith("end ")
            if depth == 0:
                return index
        self.problem(rows[start], "type", f"'{rows[start]['type']}' has no matching end")
        return len(rows)

    def is_new(self, row: _Row) -> bool:
        """Whether the row's name is a new question name (an empty one is reported elsewhere)."""
        first = self.names.setdefault(row["name"], row.number)
        if row["name"] and first != row.number:
            self.problem(row, "name", f"duplicate question name '{row['name']}' (also on row {first})",
                         question=row["name"])
        return bool(row["name"]) and first == row.number

    def question(self, row: _Row, kind: str, argument: str) -> dict | None:
        if kind in ("select_one", "select_multiple", "rank") and (not argument or " " in argument):
            self.problem(row, "type", f"'{row['type']}' must name one choice list, e.g. "
                         f"'{kind} yes_no' (or_other and similar extras are not supported)")
            return None
        builders = {"select_one": self.select_one, "select_multiple": self.select_multiple,
                    "rank": self.rank, "integer": self.number, "decimal": self.number,
                    "text": self.text_question}
        if kind not in builders:
            self.problem(row, "type", f"the type '{row['type']}' is not supported by GapMap; use "
                         f"one of: {SUPPORTED}")
            return None
        return builders[kind](row, kind, argument)

    def base(self, row: _Row, gapmap_type: str) -> dict:
        """The fields every question has: id, type, text, help, required, counts_by and record (which
        the schema allows on a single choice only, and says so)."""
        if not row["name"]:
            self.problem(row, "name", "is empty: every question needs a name")
        question = {"id": row["name"], "type": gapmap_type,
                    "text": self.text(row, "label", required=True), "_origin": _Origin(row)}
        help_text, required = self.text(row, "hint"), row["required"].lower()
        if required not in YES | NO:
            self.note(row, "required", f"'{row['required']}' is a condition GapMap cannot honour: "
                      "the question is not required")
        if row["gapmap_obligation"]:
            self.note(row, "gapmap_obligation", "gapmap_obligation is ignored here: it is for the select_one "
                      "rows of a table-list group (a matrix)")
        return question | ({"help": help_text} if help_text else {}) | (
            {"required": True} if required in YES else {}) | self.counts_by(row) | self.record(row)

    def counts_by(self, row: _Row) -> dict:
        """{"counts_by": "state" | "respondent"} from the gapmap_counts_by column; {} when it is empty."""
        value = row["gapmap_counts_by"].lower()
        if value and value not in COUNTS_BY_VALUES:
            self.problem(row, "gapmap_counts_by", f"'{row['gapmap_counts_by']}' is not what a question counts; "
                         "write 'state' (a fact about a State's law) or 'respondent' (a view), or leave it empty "
                         "for the default of the type", question=row["name"] or None)
        return {"counts_by": value} if value in COUNTS_BY_VALUES else {}

    def record(self, row: _Row) -> dict:
        """{"record": "treaty:P29"} from the gapmap_record column; {} when it is empty. The schema
        checks it (a record GapMap holds, on a single choice) and FIELD_COLUMNS places its problems."""
        return {"record": row["gapmap_record"]} if row["gapmap_record"] else {}

    def obligation(self, row: _Row, question: str) -> dict:
        """{"obligation": "mandatory" | "optional"} from a matrix row's gapmap_obligation; {} when empty."""
        value = row["gapmap_obligation"].lower()
        if value and value not in OBLIGATION_VALUES:
            self.problem(row, "gapmap_obligation", f"'{row['gapmap_obligation']}' is not an obligation; write "
                         "'mandatory' (the treaty says \"shall\") or 'optional' (\"shall consider\", \"shall "
                         "endeavour\"), or leave it empty for a row tied to no treaty obligation",
                         question=question or None)
        return {"obligation": value} if value in OBLIGATION_VALUES else {}

    def with_options(self, question: dict, list_name: str, key="options", row=None) -> dict | None:
        options = self.choices(row or question["_origin"].row, list_name, question["_origin"], key)
        return None if options is None else question | {key: options}

    def select_one(self, row: _Row, _kind: str, list_name: str) -> dict | None:
        question = self.with_options(self.base(row, "single_choice"), list_name)
        if question is None or "likert" not in row["appearance"].split():
            return question
        points = [o for o in question["options"] if o["id"] != "na"]
        if not all(re.fullmatch(r"-?\d+", o["id"]) for o in points):
            self.note(row, "appearance", "likert needs choice names that are whole numbers (and "
                      "optionally 'na'): read as a single choice")
            return question
        na = [o for o in question.pop("options") if o["id"] == "na"]
        origin = question["_origin"]
        origin.parts = {part.replace("options", "scale"): at for part, at in origin.parts.items()}
        scale = [{"value": int(point["id"]), "label": point["label"]} for point in points]
        question |= {"type": "likert", "scale": scale}
        return question | ({"allow_na": True, "na_label": na[0]["label"]} if na else {})

    def select_multiple(self, row: _Row, _kind: str, list_name: str) -> dict | None:
        question = self.base(row, "multiple_choice") | self.constraint(row, "max_selected")
        return self.with_options(question, list_name)

    def rank(self, row: _Row, _kind: str, list_name: str) -> dict | None:
        question = self.base(row, "ranking") | self.number_cell(row, "gapmap_top_n", "top_n", int)
        return self.with_options(question, list_name)

    def number(self, row: _Row, kind: str, _: str) -> dict:
        return (self.base(row, "number") | {"integer": kind == "integer"}
                | self.constraint(row, "min", "max") | self.number_cell(row, "gapmap_step", "step", float)
                | ({"unit": row["gapmap_unit"]} if row["gapmap_unit"] else {}))

    def text_question(self, row: _Row, _kind: str, _: str) -> dict:
        pii = row["gapmap_pii_check"].lower()
        gapmap_type = "long_text" if "multiline" in row["appearance"].split() else "short_text"
        return (self.base(row, gapmap_type) | self.constraint(row, "max_length")
                | ({"pii_check": pii in YES} if pii else {}))

    def matrix(self, group: _Row, inner: list[_Row]) -> dict | None:
        others = [row for row in inner if _split_type(row["type"])[0] != "select_one"]
        lists = list(dict.fromkeys(_split_type(row["type"])[1] for row in inner))
        for row in others:
            self.problem(row, "type", "a table-list group (a matrix) may hold only select_one rows; "
                         f"found '{row['type']}'")
        if len(lists) > 1 and not others:
            odd = next(row for row in inner if _split_type(row["type"])[1] != lists[0])
            self.problem(odd, "type", "the rows of a table-list group (a matrix) must share one "
                         f"choice list; found {', '.join(lists)}")
        if others or len(lists) > 1:
            return None
        question = self.base(group, "matrix") | {"rows": []}
        for row in inner:
            note = self.text(row, "hint")
            question["_origin"].parts[f"rows.{len(question['rows'])}"] = row
            question["rows"].append({"id": row["name"], "text": self.text(row, "label", required=True)}
                                    | ({"note": note} if note else {}) | self.obligation(row, group["name"]))
            question |= {"required": True} if row["required"].lower() in YES else {}
            if row["gapmap_record"]:
                self.note(row, "gapmap_record", "gapmap_record is ignored here: it is for a select_one "
                          "question, not a row of a matrix")
        if not inner:
            return question | {"scale": []}
        return self.with_options(question, lists[0], "scale", inner[0])

    def gap_register(self, repeat: _Row, inner: list[_Row]) -> dict | None:
        """A repeat holding the rows of GAP_FIELDS and any of GAP_OPTIONAL_FIELDS, whose rows name
        the register's option lists (severity, priority and reform use GapMap's fixed lists)."""
        fields = {row["name"]: row for row in inner}
        names = [*GAP_FIELDS, *(name for name in GAP_OPTIONAL_FIELDS if name in fields)]
        if sorted(fields) != sorted(names) or len(inner) != len(names) or any(
                _split_type(fields[name]["type"])[0] != GAP_ROWS[name][0] for name in names):
            expected = ", ".join(f"{name} ({GAP_ROWS[name][0]})" for name in GAP_FIELDS)
            optional = ", ".join(f"{name} ({GAP_ROWS[name][0]})" for name in GAP_OPTIONAL_FIELDS)
            self.problem(repeat, "type", f"a repeat must be a gap register holding exactly {expected}, and "
                         f"optionally {optional}; found {', '.join(fields) or 'nothing'}")
            return None
        question = self.base(repeat, "gap_register")
        question |= self.number_cell(repeat, "repeat_count", "max_rows", int)
        limit = self.constraint(fields["description"], "max_length")
        question |= {"description_max_length": limit["max_length"]} if limit else {}
        question |= {"ask_reform": True} if "reform" in fields else {}
        lists = {key: self.choices(fields[name], _split_type(fields[name]["type"])[1], question["_origin"], key)
                 for name, key in GAP_LISTS.items() if name in fields}
        return None if None in lists.values() else question | lists

    # -- cells that hold limits
    def number_cell(self, row: _Row, column: str, key: str, kind: type) -> dict:
        try:
            return {key: kind(row[column])} if row[column] else {}
        except ValueError:
            self.problem(row, column, f"'{row[column]}' is not a {'whole ' if kind is int else ''}number")
            return {}

    def constraint(self, row: _Row, *keys: str) -> dict:
        found = {}
        for clause in filter(None, (c.strip() for c in re.split(r"\s+and\s+", row["constraint"]))):
            key = next((k for k in keys if re.fullmatch(CONSTRAINTS[k][0], clause)), None)
            if key is None:
                examples = " and ".join(CONSTRAINTS[k][1] for k in keys)
                self.note(row, "constraint", f"'{clause}' is ignored: GapMap understands only {examples}")
                continue
            value = re.fullmatch(CONSTRAINTS[key][0], clause).group(1)
            found[key] = float(value) if key in ("min", "max") else int(value)
        return found

    # -- whole-form checks
    def validate(self, data: dict) -> Questionnaire | None:
        try:
            return validate(data, self.file)
        except QuestionnaireError as exc:
            for problem in map(self.locate, exc.problems):
                known = {(p.sheet, p.row, p.column) for p in self.problems}
                placed = problem.row or not self.problems  # an unplaced one only when alone
                if placed and (problem.sheet, problem.row, problem.column) not in known:
                    self.problems.append(problem)
            return None

    def locate(self, problem: Problem) -> Problem:
        """A validation problem, placed at the sheet, row and column it concerns."""
        first_word = problem.message.split(" ")[0]  # a model check names its field: "top_n is 5 ..."
        field_name = problem.field or (first_word if first_word in FIELD_COLUMNS else None)
        parts = (field_name or "").split(".")
        if problem.question in self.origins:
            origin = self.origins[problem.question]
            row = origin.parts.get(".".join(parts[:2]), origin.row)
            name = parts[2] if row is not origin.row and len(parts) > 2 else parts[0]
            column = FIELD_COLUMNS.get(name, "type")
        elif problem.question is None and parts[0] != "questions":
            row, column = self.settings_row, FIELD_COLUMNS.get(parts[0], parts[0])
        else:
            return Problem(self.file, problem.question, problem.field, problem.message, "survey")
        if column in ("label", "hint"):
            column = self.column(row.sheet, column)
        return Problem(self.file, problem.question, field_name, problem.message, row.sheet,
                       row.number, column)

    def check_with_pyxform(self, data: bytes) -> None:
        """pyxform's own checks; its (first) problem is added unless one of ours names that row."""
        try:
            book = xlsx_to_dict(BytesIO(data))
            for key in ("settings", "settings_header"):  # pyxform crashes on form_title::Lang
                if key in book:
                    book[key] = [{k: v for k, v in row.items() if not k.lower().startswith("form_title::")}
                                 for row in book[key]]
            convert(xlsform=book, validate=False, warnings=[])
        except PyXFormError as exc:
            self.pyxform_problem(str(exc))
        except Exception as exc:  # noqa: BLE001 - pyxform crashes on some malformed forms
            self.pyxform_problem(f"the XLSForm converter failed: {type(exc).__name__}: {exc}")

    def pyxform_problem(self, message: str) -> None:
        """pyxform's message, placed at its "[row : N]" or at the survey row whose type it quotes."""
        row, column = re.search(r"\[row\s*:\s*(\d+)\]", message), re.search(r"the '([^']+)' value", message)
        sheet = re.search(r"On the '(survey|choices|settings)' sheet", message)
        if row:
            place = (sheet.group(1) if sheet else "survey", int(row.group(1)), column and column.group(1))
        else:  # e.g. "Unknown question type 'Select One x'."
            quoted = re.findall(r"'([^']+)'", message)
            typed = [r for r in self.survey_rows if r["type"] in quoted]
            place = ("survey", typed[0].number, "type") if typed else (None, None, None)
        if any((p.sheet, p.row) == place[:2] for p in self.problems) or (self.problems and not place[1]):
            return
        text = re.sub(r"^\s*\[row\s*:\s*\d+\]\s*", "", message)
        self.problems.append(Problem(self.file, None, None, text, *place))

