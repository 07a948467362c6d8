"""Organiser: the questionnaire library: upload YAML or XLSForm, preview, download, remove."""
from functools import partial

import pandas as pd
import streamlit as st

from gapmap import library
from gapmap.event_setup import SetupError
from questionnaires.formats import write_as
from questionnaires.loader import QuestionnaireError
from ui import resources, who
from ui.event_form import show_problems
from ui.forms import form_key, renew
from ui.pickers import THEME_LABELS
from ui.questions import RENDERERS, Labels

role = who.require(*who.ORGANISER_ROLES)
engine = resources.engine()
CHOICE, NEXT_CHOICE, NOTE, PREVIEWED = "library-version", "library-version-next", "library-note", "library-previewed"

st.title("Questionnaires")
st.caption("The shipped questionnaires and your uploads. A file with the key of a questionnaire in the library becomes "
           "its next version; sessions keep the version they were given.")

with st.expander("Upload a questionnaire", icon=":material/upload_file:", expanded=not st.session_state.get(CHOICE)):
    st.markdown("An **XLSForm** workbook (sheets *survey*, *choices* and *settings*, with `label::English (en)` "
                "columns for each language) or a GapMap **YAML** file. Download any questionnaire below to see the "
                "format, edit it in Excel and upload it again.")
    uploaded = st.file_uploader("Questionnaire file", type=["xlsx", "yaml", "yml"], key=form_key("library-upload"),
                                max_upload_size=2)
    if st.button("Check and add to the library", key="library-add", type="primary", disabled=uploaded is None):
        try:
            upload = library.read_upload(uploaded.name, uploaded.getvalue())
            version, created = library.store_upload(engine, upload, actor=role)
        except QuestionnaireError as exc:
            st.error(f"{uploaded.name} was not added; nothing was stored. Please fix:\n\n"
                     + "\n".join(f"- {str(p).removeprefix(p.file + ', ')}" for p in exc.problems),
                     icon=":material/error:")
        else:
            said = (f"Added {version.title} as {version.key} v{version.version} "
                    f"({len(upload.questionnaire.questions)} questions)." if created else
                    f"The library already holds this content as {version.key} v{version.version}.")
            st.session_state[NOTE] = (said, [str(n).removeprefix(n.file + ", ") for n in upload.notes])
            st.session_state[NEXT_CHOICE] = version.id
            renew("library-upload")  # the file is in; a second click must not add it again
            st.rerun()

entries = library.entries(engine)
versions = {e.id: e for e in entries}
if NEXT_CHOICE in st.session_state:
    st.session_state[CHOICE] = st.session_state.pop(NEXT_CHOICE)
if note := st.session_state.pop(NOTE, None):
    said, ignored = note
    st.success(said, icon=":material/check_circle:")
    if ignored:
        st.warning("Ignored, because GapMap cannot use it:\n\n" + "\n".join(f"- {n}" for n in ignored))

st.dataframe(pd.DataFrame([{
    "Title": e.title, "Key": e.key, "Version": e.version, "Theme": THEME_LABELS.get(e.theme, e.theme),
    "Questions": e.questions, "Languages": ", ".join(e.languages),
    "From": "shipped" if e.builtin else e.source.split("/", 1)[-1],
    "Used by sessions": e.used_by, "Added (UTC)": e.created_at.strftime("%Y-%m-%d %H:%M"),
} for e in entries]), hide_index=True, width="stretch",
    column_config={"Title": st.column_config.TextColumn(width="medium")})

if st.session_state.get(CHOICE) not in versions:
    st.session_state[CHOICE] = None
chosen = st.selectbox("Open a questionnaire", list(versions), key=CHOICE,
                      format_func=lambda i: f"{versions[i].name}{'' if versions[i].latest else ' · older version'}",
                      placeholder="Choose one to preview, download or remove")
if chosen is None:
    st.stop()

version, questionnaire = library.version_definition(engine, chosen)
entry = versions[chosen]
stem = f"{entry.key}-v{entry.version}"
left, middle, right = st.columns(3)
# The files are written only when a button is clicked, not on every rerun of the page.
left.download_button("Download as XLSForm", data=partial(write_as, questionnaire, ".xlsx"), file_name=f"{stem}.xlsx",
                     mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="library-xlsform",
                     icon=":material/table_view:", width="stretch")
middle.download_button("Download as YAML", data=partial(write_as, questionnaire, ".yaml"), file_name=f"{stem}.yaml",
                       mime="application/x-yaml", key="library-yaml", icon=":material/description:", width="stretch")
with right.popover("Remove", icon=":material/delete:", width="stretch", disabled=entry.builtin or entry.used_by > 0,
                   help="Shipped questionnaires stay." if entry.builtin else
                   f"Used by {entry.used_by} agenda session(s)." if entry.used_by else None):
    st.markdown(f"Remove **{entry.name}** from the library?")
    if st.button("Remove it", key="library-remove", type="primary"):
        try:
            library.remove_version(engine, chosen, actor=role)
        except SetupError as exc:
            show_problems(exc)
        else:
            st.session_state[NOTE] = (f"Removed {entry.name}.", [])
            st.session_state[NEXT_CHOICE] = None
            renew("library-upload")
            st.rerun()

st.header("Preview")
st.caption("As a delegate sees it. You can try the answers; nothing is saved.")
if st.session_state.get(PREVIEWED) != chosen:  # another questionnaire's answers must not leak into this one
    for k in [k for k in st.session_state if str(k).startswith("q-")]:
        del st.session_state[k]
    st.session_state[PREVIEWED] = chosen


@st.fragment
def preview() -> None:
    """Trying an answer in the preview reruns the preview only, not the library above it."""
    width = st.segmented_control("Screen", ["Laptop", "Phone"], default="Laptop", key="library-width") or "Laptop"
    language = questionnaire.default_language
    if len(questionnaire.languages) > 1:
        language = st.segmented_control("Language", questionnaire.languages, default=language, key="library-language",
                                        format_func=str.upper) or language
    labels = Labels(questionnaire, language, records={
        q.id: "A delegate sees their State's record here, pre-selected: they confirm or correct it."
        for q in questionnaire.questions if getattr(q, "record", None)})
    with st.container(border=True, width=390 if width == "Phone" else 730, key="library-preview"):
        st.subheader(labels(questionnaire.title))
        if questionnaire.intro:
            st.caption(labels(questionnaire.intro))
        for q in questionnaire.questions:
            with st.container(border=True, key=f"preview-{q.id}"):
                RENDERERS[q.type](q, labels, False)
                st.caption("Counts States" if q.counting_unit == "state" else "Counts respondents")
        st.button("Submit my answers", key="preview-submit", type="primary", width="stretch", icon=":material/send:",
                  disabled=True, help="Delegates submit here; the preview stores nothing.")


preview()
