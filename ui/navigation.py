"""The app's pages (`st.Page`), built once per browser session rather than on every run.

Building the 15 pages resolves their files and hashes their paths: about 4 ms of every full run,
and a delegate arriving does several runs in a row. They are not shared between sessions:
`st.navigation` marks the page it returns as callable on the object itself, and two sessions
running at once would trip over each other's mark.
"""
from __future__ import annotations

from types import SimpleNamespace

import streamlit as st

_KEY = "gapmap-pages"


def pages() -> SimpleNamespace:
    """This session's pages by name (LANDING, AGENDA, ANSWER, …)."""
    built = st.session_state.get(_KEY)
    if built is None:
        built = st.session_state[_KEY] = _build()
    return built


def _build() -> SimpleNamespace:
    LANDING = st.Page(
        "pages/public/landing.py", title="Start", icon=":material/login:", default=True,
        help="Join a consultation with its code, or sign in as a facilitator or organiser.",
    )
    AGENDA = st.Page(
        "pages/delegate/agenda.py", title="Agenda", icon=":material/event_note:", default=True,
        help="The event's sessions and which of them are open for your input.",
    )
    ANSWER = st.Page(
        "pages/delegate/answer.py", title="Answer", icon=":material/edit_note:", url_path="answer",
        help="Answer the questionnaire of one agenda session; your draft is saved as you go.",
    )
    DELEGATION = st.Page(
        "pages/delegate/delegation.py", title="Delegation view", icon=":material/groups:", url_path="delegation",
        help="For the head of a delegation: colleagues' answers side by side, and clearing the State's position.",
    )
    SESSIONS = st.Page(
        "pages/facilitator/sessions.py", title="Run sessions", icon=":material/play_circle:",
        help="Open, close and reopen agenda sessions, and see how many responses came in.",
    )
    DASHBOARD = st.Page(
        "pages/facilitator/dashboard.py", title="Live results", icon=":material/monitoring:",
        help="Consolidated results of one session, updating by themselves every few seconds.",
    )
    PRESENTER = st.Page(
        "pages/facilitator/presenter.py", title="Presenter console", icon=":material/slideshow:", url_path="presenter",
        help="The control strip for the projector: session, results / join screen / blank, previous and next.",
    )
    PROJECTOR = st.Page(
        "pages/facilitator/projector.py", title="Projector", icon=":material/present_to_all:", url_path="projector",
        help="The room's screen, full-bleed: the slide the presenter console chose; never shows small groups.",
    )
    JOIN_SCREEN = st.Page(
        "pages/facilitator/join_screen.py", title="Join screen", icon=":material/qr_code_2:",
        help="A large QR code, the link and the join code, for the projector.",
    )
    PARTICIPATION = st.Page(
        "pages/facilitator/participation.py", title="Participation", icon=":material/grid_view:",
        help="Which delegations have answered which sessions (never what they answered).",
    )
    MODERATION = st.Page(
        "pages/facilitator/moderation.py", title="Moderate text", icon=":material/rate_review:",
        help="Hide, redact and tag free-text answers before they reach the wall or an export.",
    )
    COMPARE = st.Page(
        "pages/facilitator/compare.py", title="Compare countries", icon=":material/compare_arrows:",
        help="Gaps across themes, the definitions convergence and country profiles for the whole event.",
    )
    EVENTS = st.Page(
        "pages/organiser/events.py", title="Events", icon=":material/event:",
        help="Create, edit, copy and archive events; their join codes.",
    )
    AGENDA_SETUP = st.Page(
        "pages/organiser/agenda.py", title="Agenda", icon=":material/view_agenda:", url_path="agenda-setup",
        help="Each event's sessions, day by day, and the questionnaire each one uses.",
    )
    QUESTIONNAIRES = st.Page(
        "pages/organiser/questionnaires.py", title="Questionnaires", icon=":material/quiz:",
        help="The questionnaire library: upload YAML or XLSForm, preview, download.",
    )
    EXPORT = st.Page(
        "pages/organiser/export.py", title="Export", icon=":material/download:",
        help="The Excel report, CSV tables and the full JSON archive of an event.",
    )
    AUDIT = st.Page(
        "pages/organiser/audit_log.py", title="Audit log", icon=":material/policy:",
        help="Every sign-in, session change and setting change, filterable.",
    )
    return SimpleNamespace(**{name: page for name, page in locals().items() if isinstance(page, st.Page)})
