"""Thumb-sized controls for the delegate's pages (the start page, the agenda, the answer page, the
delegation view): every radio row, checkbox, pill, select box, number step and button gets at
least a 44 × 44 px touch area (WCAG 2.2 target size, Apple's and Google's guidance), with space
between neighbours, and option labels wrap instead of being cut.

One style sheet, sent only on those pages (`app.py`): the staff pages keep Streamlit's compact
layout for the projector and the organisers' tables. The rules target Streamlit's own test ids
(`data-testid`), which are its stable hooks for tests and themes; `tests/test_browser_touch.py`
measures every control's box at 390 × 844, so a Streamlit upgrade that renames one fails there.
"""
from __future__ import annotations

import streamlit as st

#: The smallest touch area, in CSS pixels.
TARGET = 44

_CSS = f"""
<style>
/* Radio rows and checkboxes: the whole row is the target, {TARGET} px high, 4 px apart. */
[data-testid="stRadioOption"], [data-testid="stCheckbox"] label {{
  min-height: {TARGET}px; min-width: {TARGET + 12}px; align-items: center; box-sizing: border-box;
}}
[data-testid="stRadioGroup"][aria-orientation="vertical"] {{ gap: 4px; }}
[data-testid="stRadioGroup"][aria-orientation="horizontal"] {{ gap: 4px 12px; flex-wrap: wrap; }}
[data-testid="stRadioGroup"][aria-orientation="horizontal"] [data-testid="stRadioOption"] {{
  padding-right: 8px;
}}
[data-testid="stCheckbox"] {{ margin-bottom: 4px; }}
/* Pills (a checklist row's answers): {TARGET} px high, the label wraps inside the pill. */
[data-testid="stButtonGroup"] [role="radiogroup"], [data-testid="stButtonGroup"] [role="group"] {{ gap: 8px; }}
[data-testid="stButtonGroup"] button {{
  min-height: {TARGET}px; min-width: {TARGET + 12}px; max-width: 100%; height: auto; white-space: normal;
  text-align: left;
  padding-top: 6px; padding-bottom: 6px;
}}
[data-testid="stButtonGroup"] button p {{ white-space: normal; overflow: visible; text-overflow: clip; }}
/* Buttons, the segmented control, select boxes, text and number fields. */
[data-testid^="stBaseButton"], [data-testid="stSegmentedControl"] button {{ min-height: {TARGET}px; }}
[data-testid="stSelectbox"] [role="group"], [data-testid="stNumberInputContainer"] {{ min-height: {TARGET}px; }}
[data-testid="stTextInputRootElement"] {{ min-height: {TARGET + 2}px; height: auto; }}
[data-testid="stTextInputField"], [data-testid="stNumberInputField"] {{ min-height: {TARGET}px; }}
[data-testid="stTextInputRootElement"] button {{ min-width: {TARGET}px; min-height: {TARGET}px; }}
[data-testid="stSelectbox"] [role="group"] input {{ min-height: {TARGET - 2}px; }}
[data-testid="stSelectbox"] button[aria-haspopup] {{ min-width: {TARGET}px; min-height: {TARGET - 2}px; }}
[data-testid="stNumberInputStepDown"], [data-testid="stNumberInputStepUp"] {{
  min-width: {TARGET}px; min-height: {TARGET}px;
}}
/* A select box's options wrap rather than end in "…". */
[role="listbox"] [role="option"] {{ min-height: {TARGET}px; white-space: normal; height: auto; }}
[role="listbox"] [role="option"] * {{ white-space: normal; overflow: visible; text-overflow: clip; }}
/* The "?" after a question: a {TARGET} px target around the 16 px icon, the line's layout unchanged. */
[data-testid="stTooltipIcon"] button {{
  min-width: {TARGET}px; min-height: {TARGET}px; margin: -14px; padding: 14px; box-sizing: border-box;
}}
/* Expander headers ("Results so far"), Streamlit's menu button in the top corner and the small
   buttons on a code block or image (copy, full screen). */
[data-testid="stExpander"] summary {{ min-height: {TARGET}px; }}
[data-testid="stMainMenuButton"], [data-testid="stBaseButton-elementToolbar"] {{
  min-width: {TARGET}px; min-height: {TARGET}px;
}}
</style>
"""


def touch_targets() -> None:
    """Send the delegate pages' style sheet (draws nothing)."""
    st.html(_CSS)
