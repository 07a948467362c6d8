"""Organiser: the event's agenda, day by day: add, edit, reorder and remove sessions."""
import streamlit as st

from gapmap import library
from gapmap.agenda import event_agenda, event_dates
from gapmap.agenda_setup import add_session, move_session, remove_session, update_session
from gapmap.event_setup import SetupError, event_days
from questionnaires.markup import markdown_text
from ui import resources, who
from ui.event_form import show_problems
from ui.forms import form_key, renew
from ui.pickers import pick_event

role = who.require(*who.ORGANISER_ROLES)
engine = resources.engine()
NOTE = "agenda-note"

st.title("Agenda")
event = pick_event(engine)
_, agenda_sessions = event_agenda(engine, event.id)
entries = library.entries(engine)
versions = {e.id: e for e in entries}
days = event_days(event)
st.caption(f"{event.venue} · {event_dates(event)} · join code **{event.code}** · questionnaires come from the "
           "Questionnaires page")


def version_label(version_id: int) -> str:
    e = versions[version_id]
    return f"{e.title} · {e.key} v{e.version}{'' if e.latest else ' (older version)'}"


def day_label(day: int) -> str:
    return next(f"Day {n} · {d:%a %d %b %Y}" for n, d in days if n == day)


def act(action, *args, done: str = "", **kwargs) -> None:
    """Run a change from a button; its message (or the refusal) shows on the next run."""
    try:
        action(engine, *args, actor=role, **kwargs)
    except SetupError as exc:
        st.session_state[NOTE] = ("error", exc)
    else:
        if done:
            st.session_state[NOTE] = ("success", done)


if note := st.session_state.pop(NOTE, None):
    kind, what = note
    if kind == "error":
        show_problems(what)
    else:
        st.success(what, icon=":material/check_circle:")


def edit_form(agenda_session, day_now: int, answered: int) -> None:
    """Rename, move to another day or (until it is opened) change the questionnaire of one session."""
    fixed = answered > 0 or agenda_session.state != "scheduled"
    with st.form(f"edit-{agenda_session.id}", border=False):
        title = st.text_input("Title", value=agenda_session.title, key=f"edit-title-{agenda_session.id}", max_chars=300)
        day = st.selectbox("Day", [d for d, _ in days], index=day_now - 1, format_func=day_label,
                           key=f"edit-day-{agenda_session.id}")
        current = next((e.id for e in entries if e.key == agenda_session.questionnaire_key
                        and e.version == agenda_session.questionnaire_version), None)
        version = st.selectbox("Questionnaire", list(versions), format_func=version_label,
                               index=list(versions).index(current) if current in versions else 0,
                               key=f"edit-version-{agenda_session.id}", disabled=fixed,
                               help="Kept once the session has been opened: delegates may have it on their screens "
                                    "and answers belong to that version." if fixed else None)
        if st.form_submit_button("Save", type="primary", key=f"edit-save-{agenda_session.id}"):
            try:
                update_session(engine, agenda_session.id, title=title, day=day, version_id=version, actor=role)
            except SetupError as exc:
                show_problems(exc)  # inside the popover, where the organiser is looking
            else:
                st.session_state[NOTE] = ("success", f"Saved “{' '.join(title.split())}”.")
                st.rerun()


by_day = {n: [i for i in agenda_sessions if i.day == n] for n, _ in days}
stray = [i for i in agenda_sessions if i.day not in by_day]  # cannot happen after checks; shown rather than hidden
for n, _ in days:
    st.header(day_label(n))
    if not by_day[n]:
        st.caption("No sessions on this day yet.")
    for i, agenda_session in enumerate(by_day[n]):
        with st.container(border=True, key=f"agenda-{agenda_session.id}"):
            text, buttons = st.columns([4, 2], vertical_alignment="center")
            text.markdown(f"**{agenda_session.position}. {markdown_text(agenda_session.title)}**")
            answered = agenda_session.submitted + agenda_session.drafts
            text.caption(f"{agenda_session.questionnaire_title} (`{agenda_session.questionnaire_key}` "
                         f"v{agenda_session.questionnaire_version}) · "
                         f"{agenda_session.state_label} · {answered} response(s)")
            up, down, edit, remove = buttons.columns(4)
            up.button("", key=f"up-{agenda_session.id}", icon=":material/arrow_upward:", help="Earlier",
                      disabled=i == 0, on_click=act, args=(move_session, agenda_session.id, -1))
            down.button("", key=f"down-{agenda_session.id}", icon=":material/arrow_downward:", help="Later",
                        disabled=i == len(by_day[n]) - 1, on_click=act, args=(move_session, agenda_session.id, 1))
            with edit.popover("", icon=":material/edit:", help="Edit"):
                edit_form(agenda_session, n, answered)
            with remove.popover("", icon=":material/delete:", help="Remove"):
                if answered:
                    st.caption(f"{answered} delegate(s) answered this session: it cannot be removed. Close it on "
                               "Run sessions instead.")
                elif agenda_session.state == "open":
                    st.caption("This session is open: close it on Run sessions before removing it.")
                else:
                    st.markdown(f"Remove **{markdown_text(agenda_session.title)}**?")
                    st.button("Remove the session", key=f"remove-{agenda_session.id}", type="primary", on_click=act,
                              args=(remove_session, agenda_session.id),
                              kwargs={"done": f"Removed “{agenda_session.title}”."})
for agenda_session in stray:
    st.warning(f"“{agenda_session.title}” is on day {agenda_session.day}, after the event's last day.")

st.header("Add a session")
if not versions:
    st.info("The questionnaire library is empty. Upload one on the Questionnaires page.")
    st.stop()
adding = form_key(f"add-{event.id}")
with st.form(adding):
    day = st.selectbox("Day", [d for d, _ in days], format_func=day_label, key=f"{adding}-day")
    title = st.text_input("Title", key=f"{adding}-title", max_chars=300,
                          placeholder="e.g. Online recruitment and cyber-scam centres")
    version = st.selectbox("Questionnaire",
                           [e.id for e in entries if e.latest] + [e.id for e in entries if not e.latest],
                           format_func=version_label, key=f"{adding}-version", index=None,
                           placeholder="Choose a questionnaire")
    if st.form_submit_button("Add the session", type="primary", key=f"{adding}-submit"):
        try:
            if version is None:
                raise SetupError({"questionnaire": "Choose a questionnaire for the session."})
            agenda_session = add_session(engine, event.id, day=day, title=title, version_id=version, actor=role)
        except SetupError as exc:
            show_problems(exc)
        else:
            st.session_state[NOTE] = ("success", f"Added “{agenda_session.title}” to day {agenda_session.day}. "
                                                 "Open it on Run sessions when the room is ready.")
            renew(f"add-{event.id}")
            st.rerun()
