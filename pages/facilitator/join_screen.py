"""Facilitator: the join screen for the projector, a large QR code, the link and the code."""
import html
import os

import streamlit as st

from gapmap.join_link import join_url, port_from_env, public_base_url, qr_png
from ui import resources, who
from ui.pickers import pick_event

who.require(*who.FACILITATOR_ROLES)
engine = resources.engine()

with st.expander("Event", expanded=False, icon=":material/tune:"):
    event = pick_event(engine)
port = st.get_option("server.port") or port_from_env(os.environ)
base, explanation = public_base_url(os.environ, port=int(port))

st.markdown("<h1 style='text-align:center;margin-bottom:0'>Join the consultation</h1>", unsafe_allow_html=True)
if base is None:
    st.error(explanation, icon=":material/wifi_off:")
    st.markdown(f"<p style='text-align:center;font-size:2.2rem'>Code <b>{html.escape(event.code)}</b></p>",
                unsafe_allow_html=True)
    st.stop()

link = join_url(base, event.code)
code = html.escape(event.code)
left, middle, right = st.columns([1, 3, 1])
with middle:
    st.image(qr_png(link, scale=12), width="stretch", caption="Scan with your phone's camera")
    st.markdown(f"<p style='text-align:center;font-size:1.7rem;word-break:break-all'>{html.escape(link)}</p>"
                f"<p style='text-align:center;font-size:2.6rem'>Code <b>{code}</b></p>",
                unsafe_allow_html=True)
st.caption(explanation)
