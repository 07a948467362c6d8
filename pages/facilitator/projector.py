"""Facilitator: the room's screen in presenter mode. Full-bleed, nothing but the slide: what the
presenter console (or a key pressed here) chose for this event, redrawn within about a second of a
change of slide or of data.

←/→, PageUp/PageDown (what presentation clickers send) and Space move between slides; the console
follows. Every slide fits the screen: a long chart pages its rows, a text question shows its newest
answers that fit. Privacy is the projector's: no breakdown with fewer than k respondents and, under
the Chatham House Rule, no country or State named (whatever the facilitator's own role).
"""
import streamlit as st
from sqlalchemy.exc import DBAPIError

from gapmap import presenter
from gapmap.privacy import audience_for
from ui import demo_banner, join_card, pulse_routes, resources, slides, who
from ui.pickers import current_event

role = who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()
st.set_page_config(layout="wide", initial_sidebar_state="collapsed")  # the room sees the slide only

SCREEN = "projector-screen"  # the browser's viewport, as last reported
DRAWN = "projector-drawn"  # what this screen drew: (slide, data version)

event = current_event(engine)
demo_banner.show(event, corner=True)  # the demo marker in a corner, whatever the screen shows
audience = audience_for(event, role=role, projector=True)
try:
    showing = presenter.current(engine, event.id)
    found = (slides.session_deck(showing.agenda_session_id, audience)
             if showing.view == "question" and showing.agenda_session_id is not None else None)
except DBAPIError:  # the database busy or unreachable for a moment: the watch below tries again
    slides.hide_chrome()
    st.session_state.pop(DRAWN, None)
    st.caption("Reconnecting…")
    slides.watch(DRAWN, lambda: "try again")
    st.stop()

slides.hide_chrome(dark=showing.view == "blank")


def step(by: int) -> None:
    presenter.step(engine, event.id, by, count=len(found.slides) if found else 0, actor=role)
    pulse_routes.screen_moved()


screen = slides.slide_keys("slide-keys", step, st.session_state.get(SCREEN))
if screen is not None:
    st.session_state[SCREEN] = screen
screen = st.session_state.get(SCREEN) or slides.Screen()


# Redrawn when the presenter moves the slide or a submission changes its data (keys pressed here rerun
# the page through the key component already).
slides.follow(engine, event.id, DRAWN, showing, found)

if showing.view == "join":
    join_card.draw(event)
elif showing.view == "question":
    if found is None:
        st.html("<p style='font-size:4vh;padding:6vh 4vw'>This event has no agenda sessions yet.</p>")
    else:
        slides.draw_slide(found, showing.slide_index, screen=screen)
