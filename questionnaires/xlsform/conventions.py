"""The XLSForm conventions GapMap reads and writes: columns, aliases, constraint forms, widths."""
from __future__ import annotations

from typing import get_args

from questionnaires.schema import Obligation

LANGUAGE_NAMES = {
    "en": "English", "th": "Thai", "km": "Khmer", "lo": "Lao", "my": "Burmese", "vi": "Vietnamese",
    "id": "Indonesian", "ms": "Malay", "fil": "Filipino", "tl": "Tagalog", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "hi": "Hindi", "bn": "Bengali", "ur": "Urdu", "ne": "Nepali",
    "si": "Sinhala", "ta": "Tamil", "fa": "Persian", "ps": "Pashto", "ar": "Arabic", "fr": "French",
    "mn": "Mongolian", "tet": "Tetum", "ru": "Russian", "es": "Spanish",
}
SEVERITY_LIST, PRIORITY_LIST, REFORM_LIST = "gapmap_severity", "gapmap_priority", "gapmap_reform"
#: The rows of a gap register's repeat: GAP_FIELDS always, GAP_OPTIONAL_FIELDS where the register asks them.
GAP_ROWS = {"gap_type": ("select_one", "Type of gap"), "description": ("text", "Description"),
            "law": ("text", "Law or provision"), "severity": ("select_one", "Severity (1-5)"),
            "need_type": ("select_one", "Main need"), "priority": ("select_one", "Priority"),
            "emerging_form": ("select_one", "Emerging form of trafficking"),
            "reform": ("select_one", "Reform under way"), "addressee": ("select_one", "Who would close it")}
#: A gap register's option lists, by the repeat row that holds them (reform: GapMap's fixed list).
GAP_LISTS = {"gap_type": "gap_types", "need_type": "need_types", "emerging_form": "emerging_forms",
             "addressee": "addressees"}
SUPPORTED = ("select_one, select_multiple, rank, integer, decimal, text, note, begin group with "
             "appearance table-list (a matrix) and begin repeat (a gap register)")
METADATA = {"start", "end", "today", "deviceid", "phonenumber", "username", "email", "audit",
            "simserial", "subscriberid", "start-geopoint", "background-audio"}
SURVEY_OPTIONAL = ("required", "appearance", "constraint", "repeat_count", "gapmap_top_n",
                   "gapmap_step", "gapmap_unit", "gapmap_pii_check", "gapmap_counts_by", "gapmap_record",
                   "gapmap_obligation")
COUNTS_BY_VALUES = ("state", "respondent")  # the column gapmap_counts_by; empty: the type's default
#: The column gapmap_obligation of a matrix row; empty: a row tied to no treaty obligation.
OBLIGATION_VALUES: tuple[str, ...] = get_args(Obligation)
KNOWN_COLUMNS = {
    "survey": {"type", "name", "label", "hint", *SURVEY_OPTIONAL},
    "choices": {"list_name", "name", "label", "exclusive"},
    "settings": {"form_id", "form_title", "gapmap_title", "version", "default_language", "theme",
                 "intro"},
}
TRANSLATABLE = ("label", "hint", "intro", "form_title", "gapmap_title")
TYPE_ALIASES = {
    "select all that apply": "select_multiple", "select_multiple": "select_multiple",
    "select multiple": "select_multiple", "select_one": "select_one", "select one": "select_one",
    "select1": "select_one", "rank": "rank", "begin_group": "begin group", "begin group": "begin group",
    "begin_repeat": "begin repeat", "begin repeat": "begin repeat", "end_group": "end group",
    "end group": "end group", "end_repeat": "end repeat", "end repeat": "end repeat",
}
CONSTRAINTS = {  # GapMap field -> (pattern of one `and` clause, example)
    "min": (r"\.\s*>=\s*(-?\d+(?:\.\d+)?)", ". >= 0"),
    "max": (r"\.\s*<=\s*(-?\d+(?:\.\d+)?)", ". <= 100"),
    "max_length": (r"string-length\(\s*\.\s*\)\s*<=\s*(\d+)", "string-length(.) <= 200"),
    "max_selected": (r"count-selected\(\s*\.\s*\)\s*<=\s*(\d+)", "count-selected(.) <= 3"),
}
FIELD_COLUMNS = {  # a validation problem's field -> the column to look at
    "id": "name", "value": "name", "text": "label", "label": "label", "help": "hint", "note": "hint",
    "min": "constraint", "max": "constraint", "max_length": "constraint",
    "max_selected": "constraint", "description_max_length": "constraint", "step": "gapmap_step",
    "unit": "gapmap_unit", "top_n": "gapmap_top_n", "max_rows": "repeat_count",
    "pii_check": "gapmap_pii_check", "counts_by": "gapmap_counts_by", "record": "gapmap_record",
    "obligation": "gapmap_obligation", "key": "form_id", "title": "form_title",
}
WIDTHS = {"type": 26, "name": 24, "list_name": 24, "label": 60, "hint": 45, "intro": 60,
          "form_title": 40, "gapmap_title": 40, "constraint": 28}
YES, NO = {"yes", "true", "1", "true()"}, {"", "no", "false", "0", "false()"}


