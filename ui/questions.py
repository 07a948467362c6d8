"""One renderer per question type: draws the widgets whose keys gapmap.form_state names.

Widgets take their values from st.session_state (filled from the saved draft before the first
draw), so a renderer never passes a default value. Labels come from the questionnaire file
(organiser content); delegate text is only ever shown inside input widgets, as plain text.
"""
from __future__ import annotations

from typing import Callable, Mapping

import streamlit as st

from gapmap.answers import NA
from gapmap.form_state import exclusive_change, gap_row_is_empty, key
from questionnaires.markup import markdown_text
from questionnaires.schema import (
    GAP_PRIORITIES,
    GAP_REFORM,
    GAP_SEVERITIES,
    GAP_SEVERITY_LABELS,
    Questionnaire,
    localise,
)

ORDINALS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 31)]
#: A gap's severity anchored in words (questionnaires.schema.GAP_SEVERITY_LABELS) and the answers to
#: "is a reform under way" (GAP_REFORM), as radio options, which draw Markdown: shown exactly as written.
SEVERITY_NAMES = {level: markdown_text(text) for level, text in GAP_SEVERITY_LABELS.items()}
REFORM_NAMES = {answer: markdown_text(text) for answer, text in GAP_REFORM.items()}


class Labels:
    """Localised labels for one questionnaire in one language."""

    def __init__(self, questionnaire: Questionnaire, language: str, records: Mapping[str, str] | None = None):
        self.q, self.lang = questionnaire, language
        self.records = records or {}  # question id -> "Our records: ... — confirm or correct."

    def __call__(self, text) -> str:
        """Organiser text for a place that draws Markdown (labels, radio and pill options, help):
        only bold and italics work; anything else shows as typed (`questionnaires.markup`)."""
        return markdown_text(self.plain(text))

    def plain(self, text) -> str:
        """Organiser text for a place that draws plain text (select boxes, tables, charts)."""
        return localise(text, self.lang, self.q.default_language)

    def question(self, q) -> str:
        return self(q.text) + (" \\*" if q.required else "")

    def help(self, q) -> str | None:
        return self(q.help) or None

    def header(self, q, suffix: str = "") -> None:
        """The question in bold above its widgets, a required one marked * after the bold (the
        widgets' own labels stay for screen readers)."""
        required = " \\*" if q.required else ""
        st.markdown(f"**{self(q.text)}{markdown_text(suffix)}**{required}", help=self.help(q))


def _options(options, labels: Labels, *, plain: bool = False) -> tuple[list[str], Callable[[str], str]]:
    """Option ids and their labels: Markdown-safe for radios, checkboxes and pills, plain text for
    select boxes (which draw no Markdown)."""
    names = {o.id: labels.plain(o.label) if plain else labels(o.label) for o in options}
    return list(names), lambda i: names.get(i, i)


def single_choice(q, labels: Labels, disabled: bool) -> None:
    ids, fmt = _options(q.options, labels)
    labels.header(q)
    if q.id in labels.records:  # a public fact: the record is pre-selected, the delegate confirms or corrects
        st.caption(f":material/fact_check: {markdown_text(labels.records[q.id])}")
    st.radio(labels.question(q), ids, format_func=fmt, index=None, key=key(q.id), disabled=disabled,
             label_visibility="collapsed")


def multiple_choice(q, labels: Labels, disabled: bool) -> None:
    labels.header(q)

    def on_change(option_id: str) -> None:
        for k, v in exclusive_change(labels.q, q.id, option_id, st.session_state).items():
            st.session_state[k] = v

    for o in q.options:
        st.checkbox(labels(o.label), key=key(q.id, o.id), on_change=on_change, args=(o.id,), disabled=disabled)


def likert(q, labels: Labels, disabled: bool) -> None:
    names = {p.value: f"{p.value} · {labels(p.label)}" for p in q.scale}
    if q.allow_na:
        names[NA] = labels(q.na_label)
    labels.header(q)
    st.radio(labels.question(q), list(names), format_func=names.get, index=None, key=key(q.id),
             disabled=disabled, label_visibility="collapsed")


def ranking(q, labels: Labels, disabled: bool) -> None:
    ids, fmt = _options(q.options, labels, plain=True)
    labels.header(q)
    st.caption(f"Choose your top {q.top_n}, most important first.")
    for n in range(1, q.top_n + 1):
        st.selectbox(f"{ORDINALS[n - 1]} choice", ids, format_func=fmt, index=None, key=key(q.id, "rank", n),
                     placeholder="Choose an option", disabled=disabled)


def matrix(q, labels: Labels, disabled: bool) -> None:
    ids, fmt = _options(q.scale, labels)
    labels.header(q)
    for row in q.rows:
        st.pills(labels(row.text), ids, format_func=fmt, key=key(q.id, row.id), help=labels(row.note) or None,
                 disabled=disabled)


def number(q, labels: Labels, disabled: bool) -> None:
    unit = f" ({q.unit})" if q.unit else ""
    labels.header(q, unit)
    as_int = q.integer
    cast = int if as_int else float
    # No min/max on the widget: it would refuse a number out of range with a tooltip, which a phone
    # cannot show. The range is said under the field, and a number outside it gets the check's
    # message under the question (`gapmap.validation`; it is not saved until it is corrected).
    st.number_input(
        labels.question(q) + markdown_text(unit), key=key(q.id), value=None, disabled=disabled,
        placeholder="Your estimate", label_visibility="collapsed",
        step=cast(q.step) if q.step else (1 if as_int else None),
    )
    if bounds := number_range(q):
        st.caption(bounds)


def number_range(q) -> str | None:
    """'From 0 to 100', 'At least 0', 'At most 10', or None."""
    if q.min is not None and q.max is not None:
        return f"From {q.min:g} to {q.max:g}"
    if q.min is not None:
        return f"At least {q.min:g}"
    return f"At most {q.max:g}" if q.max is not None else None


def short_text(q, labels: Labels, disabled: bool) -> None:
    labels.header(q)
    st.text_input(labels.question(q), key=key(q.id), max_chars=q.max_length, disabled=disabled,
                  label_visibility="collapsed")


def long_text(q, labels: Labels, disabled: bool) -> None:
    labels.header(q)
    st.text_area(labels.question(q), key=key(q.id), max_chars=q.max_length, disabled=disabled, height=140,
                 label_visibility="collapsed", placeholder="No names, case details or anything identifying a person")


def gap_register(q, labels: Labels, disabled: bool) -> None:
    rows_key = key(q.id, "rows")
    st.session_state.setdefault(rows_key, [])
    gap_ids, gap_fmt = _options(q.gap_types, labels, plain=True)
    need_ids, need_fmt = _options(q.need_types, labels, plain=True)
    form_ids, form_fmt = _options(q.emerging_forms, labels, plain=True)
    addressee_ids, addressee_fmt = _options(q.addressees, labels, plain=True)
    labels.header(q)

    def add() -> None:
        uids = st.session_state[rows_key]
        st.session_state[rows_key] = [*uids, max(uids, default=0) + 1]

    pending_key = key(q.id, "remove-pending")  # the row whose removal waits for "Yes, remove it"

    def remove(uid: int) -> None:
        st.session_state[rows_key] = [u for u in st.session_state[rows_key] if u != uid]
        st.session_state.pop(pending_key, None)

    def ask_remove(uid: int) -> None:
        if gap_row_is_empty(q, uid, st.session_state):
            remove(uid)  # nothing chosen or written in it: nothing to lose
        else:
            st.session_state[pending_key] = uid

    def keep() -> None:
        st.session_state.pop(pending_key, None)

    for n, uid in enumerate(st.session_state[rows_key], start=1):
        with st.container(border=True, key=key(q.id, uid, "box")):
            st.markdown(f"**Gap {n}**")
            st.selectbox("Type of gap", gap_ids, format_func=gap_fmt, index=None, key=key(q.id, uid, "gap_type"),
                         placeholder="Choose the type of gap", disabled=disabled)
            st.text_area("What is missing or not working (no case details)", key=key(q.id, uid, "description"),
                         max_chars=q.description_max_length, height=100, disabled=disabled)
            st.text_input("Law or provision concerned", key=key(q.id, uid, "law"), max_chars=300,
                          disabled=disabled, placeholder="e.g. Anti-Trafficking Act, s. 6")
            # One anchored level a line: the words would not fit side by side on a 390 px phone.
            st.radio("Severity", list(GAP_SEVERITIES), format_func=SEVERITY_NAMES.get, index=None,
                     key=key(q.id, uid, "severity"), disabled=disabled)
            st.selectbox("What is needed", need_ids, format_func=need_fmt, index=None,
                         key=key(q.id, uid, "need_type"), placeholder="Choose a need", disabled=disabled)
            st.radio("Priority", list(GAP_PRIORITIES), format_func=str.capitalize, index=None, horizontal=True,
                     key=key(q.id, uid, "priority"), disabled=disabled)
            if "emerging_form" in q.fields:
                st.selectbox("Emerging form of trafficking it concerns", form_ids, format_func=form_fmt,
                             index=None, key=key(q.id, uid, "emerging_form"), placeholder="Choose a form",
                             disabled=disabled)
            if "reform" in q.fields:
                st.radio("Is a reform already under way?", list(GAP_REFORM), format_func=REFORM_NAMES.get,
                         index=None, key=key(q.id, uid, "reform"), disabled=disabled)
            if "addressee" in q.fields:
                st.selectbox("Who would close this gap", addressee_ids, format_func=addressee_fmt, index=None,
                             key=key(q.id, uid, "addressee"), placeholder="Choose who", disabled=disabled)
            if st.session_state.get(pending_key) == uid and not disabled:
                with st.container(key=key(q.id, uid, "confirm")):
                    st.warning(f"Remove gap {n} and everything written in it?", icon=":material/delete:")
                    no, yes = st.columns(2)
                    no.button("Keep it", key=key(q.id, uid, "keep"), on_click=keep, width="stretch")
                    yes.button("Yes, remove it", key=key(q.id, uid, "remove-yes"), on_click=remove, args=(uid,),
                               type="primary", width="stretch")
            else:
                st.button("Remove this gap", key=key(q.id, uid, "remove"), on_click=ask_remove, args=(uid,),
                          icon=":material/delete:", disabled=disabled)
    if len(st.session_state[rows_key]) < q.max_rows:
        st.button("Add a gap", key=key(q.id, "add"), on_click=add, icon=":material/add:", disabled=disabled)
    else:
        st.caption(f"You have entered the maximum of {q.max_rows} gaps.")


RENDERERS: dict[str, Callable] = {
    "single_choice": single_choice,
    "multiple_choice": multiple_choice,
    "likert": likert,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "short_text": short_text,
    "long_text": long_text,
    "gap_register": gap_register,
}
