"""Facilitator: the join screen for the room, full-bleed: the event's title, a large QR code, the
link and the code, all inside the screen at 1280 × 720 and larger (no sidebar, no scrolling).

The presenter console can put the same card on the projector page ("Join screen" view)."""
import streamlit as st

from ui import demo_banner, join_card, resources, slides, who
from ui.pickers import current_event

who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()
st.set_page_config(layout="wide", initial_sidebar_state="collapsed")  # the room sees the card only

slides.hide_chrome()
event = current_event(engine)
demo_banner.show(event, corner=True)
join_card.draw(event)
