"""XLSForm workbooks <-> GapMap questionnaires (upload a form made in Excel, download one to edit).

`write_xlsform` writes a valid XLSForm (pyxform converts it) that `read_xlsform` reads back into an
equal Questionnaire. `read_xlsform` returns the questionnaire and notes (what GapMap ignored); any
fatal problem raises `QuestionnaireError` listing them all, each with its sheet, row (the sheet's
own number, header = 1) and column.

settings   form_id = key; form_title = title in the default language (pyxform crashes on
           `form_title::Thai (th)`, so translations are written as `gapmap_title::Thai (th)`; both
           are read); default_language = first language; theme (one of THEMES); intro and
           `intro::Thai (th)`; version is written from the content and ignored on read.
           No settings or form_id: the key comes from the file name and the theme is `other`.
survey     select_one L -> single_choice, or likert when appearance is `likert` and the choice
           names are whole numbers (a choice named `na` = allow_na, its label = na_label);
           select_multiple L -> multiple_choice; rank L -> ranking; integer / decimal -> number;
           text -> short_text, with appearance multiline -> long_text; begin group + table-list
           of select_one rows sharing one list -> matrix (row name / label / hint = row id / text /
           note; gapmap_obligation = mandatory / optional); begin repeat of gap_type, description,
           law, severity, need_type, priority, and optionally emerging_form, reform, addressee ->
           gap_register (severity, priority and reform use GapMap's fixed lists gapmap_severity,
           gapmap_priority and gapmap_reform; emerging_form and addressee name the register's own
           lists: emerging_forms, addressees; a reform row is ask_reform). hint = help; required
           yes/true/1; gapmap_record = a single choice's record (treaty:P29); gapmap_counts_by =
           counts_by. A note before the first question is the intro when settings has none; plain
           groups are read through; metadata ignored.
limits     constraint `. >= 0 and . <= 100` (number min / max), `string-length(.) <= 200` (text
           max_length; gap register description_max_length on its description row),
           `count-selected(.) <= 3` (max_selected); repeat_count = max_rows. GapMap columns:
           gapmap_top_n, gapmap_step, gapmap_unit, gapmap_pii_check (no) in survey, exclusive (yes)
           in choices. Identical option lists are written once and shared.
languages  `label::English (en)` or `label::en`; a bare `label` is the default language. A text
           only in the default language reads as a plain string, otherwise as {code: text}.
"""
from questionnaires.xlsform.reader import read_xlsform
from questionnaires.xlsform.writer import write_xlsform

__all__ = ["read_xlsform", "write_xlsform"]
