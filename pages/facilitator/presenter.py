"""Facilitator: the presenter console, the control strip on the facilitator's laptop that the room
does not see. It chooses what the projector page shows for this event (a session's results, the
join screen or a blank screen), moves between slides (buttons, the slide list, or ←/→, PageUp/
PageDown and Space) and previews the slide on the projector now. Everything goes through the
event's slide row (`gapmap.presenter`): the projector follows within about a second, and a key
pressed on the projector moves this console too.
"""
import streamlit as st
from sqlalchemy.exc import DBAPIError

from gapmap import presenter
from gapmap.privacy import audience_for
from ui import join_card, pulse_routes, resources, slides, who
from ui.pickers import SESSION_KEY, pick_agenda_session, pick_event

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

VIEW_KEY = "presenter-view"
SYNCED = "presenter-synced"  # (event, session, view) as last taken from the screen's row
DRAWN = "presenter-drawn"
PREVIEW = slides.Screen(620, 349)  # about the preview column's width at 1440 px

event = pick_event(engine)
audience = audience_for(event, role=role, projector=True)
try:
    showing = presenter.current(engine, event.id)
except DBAPIError:
    st.warning("The database is busy; trying again in a moment.", icon=":material/hourglass_empty:")
    slides.watch(DRAWN, lambda: "try again")
    st.stop()

# The screen's session or view changed elsewhere (the projector's keys, another console): follow it.
if st.session_state.get(SYNCED) != (event.id, showing.agenda_session_id, showing.view):
    if showing.agenda_session_id is not None:
        st.session_state[SESSION_KEY] = showing.agenda_session_id
    st.session_state[VIEW_KEY] = showing.view
    st.session_state[SYNCED] = (event.id, showing.agenda_session_id, showing.view)


def show(**change) -> None:
    presenter.show(engine, event.id, actor=role, **change)
    pulse_routes.screen_moved()


def choose_view() -> None:
    show(view=st.session_state.get(VIEW_KEY) or "question")


st.html("<style>.st-key-console-keys { display: none !important; }"
        ".st-key-slide-list button { justify-content: flex-start; text-align: left; }"
        ".st-key-slide-list button p { text-align: left; }</style>")

top = st.columns([5, 3, 2], vertical_alignment="bottom")
with top[0]:
    agenda_session = pick_agenda_session(engine, event, filters=False)
if agenda_session.id != showing.agenda_session_id:  # chosen here: the screen shows its first slide
    showing = presenter.show(engine, event.id, actor=role, agenda_session_id=agenda_session.id)
    pulse_routes.screen_moved()
    st.session_state[SYNCED] = (event.id, showing.agenda_session_id, showing.view)
top[1].segmented_control("On the projector", presenter.VIEWS, key=VIEW_KEY, required=True,
                         format_func=presenter.VIEW_LABELS.get, on_change=choose_view)
with top[2]:
    st.markdown("[Open the projector in a new window :material/open_in_new:](projector)",
                help="Drag that window to the room's screen and make it full screen (F11).")

found = slides.session_deck(agenda_session.id, audience)
count = len(found.slides)
index, current = found.at(showing.slide_index)


def step(by: int) -> None:
    presenter.step(engine, event.id, by, count=count, actor=role)
    pulse_routes.screen_moved()


slides.slide_keys("console-keys", step, PREVIEW)

preview, controls = st.columns([7, 3], gap="medium")
with controls:
    back, where, forward = st.columns([2, 1, 2], vertical_alignment="center")
    back.button("Previous", key="presenter-previous", on_click=step, args=(-1,), width="stretch")
    forward.button("Next", key="presenter-next", on_click=step, args=(1,), width="stretch")
    if showing.view == "question":
        where.markdown(f"<div style='text-align:center'><b>{index + 1}</b> / {count}</div>"
                       if count else "<div style='text-align:center'>No slides</div>", unsafe_allow_html=True)
    else:
        where.markdown(f"<div style='text-align:center'>{presenter.VIEW_LABELS[showing.view]}</div>",
                       unsafe_allow_html=True)
    with st.container(height=330, key="slide-list"):
        for n, slide in enumerate(found.slides):
            st.button(slides.slide_label(slide), key=f"slide-{n}", width="stretch",
                      type="primary" if n == index and showing.view == "question" else "secondary",
                      on_click=show, kwargs={"slide_index": n, "view": "question"})
    st.caption("←/→, PageUp/PageDown and Space move the slides, here and on the projector.")
with preview:
    st.caption("On the projector now" if showing.view == "question" else
               f"On the projector now: {presenter.VIEW_LABELS[showing.view].lower()}")
    with st.container(border=True):
        if showing.view == "question":
            slides.draw_slide(found, index, screen=PREVIEW, key="preview")
        elif showing.view == "join":
            base, explanation = join_card.where_phones_go()
            st.markdown(f"**Join screen** for code **{event.code}**.")
            st.caption(explanation)
        else:
            st.markdown("**Blank screen.** Press → or choose *Results* to show the slides again.")

# Follows the projector's keys, another console and new data (the preview's counts).
slides.follow(engine, event.id, DRAWN, showing, found if showing.view == "question" else None)
