"""The join card for the room's screen: the event's title, a large QR code, the link and the code,
all inside the viewport (sizes follow the screen: CSS vh/vw, no scrolling at 1280 × 720 or larger)."""
from __future__ import annotations

import html
import os

import streamlit as st

from gapmap.join_link import join_url, port_from_env, public_base_url, qr_png

KEY = "join-card"

_CSS = f"""
<style>
.st-key-{KEY} {{ height: 100vh !important; flex: none !important; box-sizing: border-box; padding: 4vh 4vw !important;
  justify-content: center; overflow: hidden !important; }}
.st-key-{KEY} [data-testid="stHorizontalBlock"] {{ flex-wrap: nowrap !important; align-items: center; gap: 4vw; }}
.st-key-{KEY} [data-testid="stColumn"] {{ min-width: 0 !important; }}
.st-key-{KEY} [data-testid="stColumn"]:first-child {{ flex: 0 0 auto !important; width: auto !important; }}
.st-key-{KEY} [data-testid="stImage"] img {{ width: auto !important; height: min(80vh, 42vw) !important;
  max-width: none !important; image-rendering: pixelated; }}
.st-key-{KEY} p.gm-join-title {{ font-size: min(3.4vh, 2.2vw) !important; line-height: 1.3; color: #44515E;
  margin: 0 0 1.5vh; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }}
.st-key-{KEY} p.gm-join-head {{ font-size: min(6.5vh, 4.2vw) !important; font-weight: 700; line-height: 1.15;
  margin: 0 0 2.5vh; color: #1B2733; }}
.st-key-{KEY} p.gm-join-hint {{ font-size: min(3.2vh, 2.1vw) !important; line-height: 1.35; margin: 0 0 0.6vh;
  color: #333F4A; }}
.st-key-{KEY} p.gm-join-link {{ font-size: min(3.6vh, 2.3vw) !important; line-height: 1.3; margin: 0 0 3vh;
  color: #0B5CAD; word-break: break-all; }}
.st-key-{KEY} div.gm-join-code {{ font-size: min(12vh, 7.5vw) !important; font-weight: 800; line-height: 1;
  letter-spacing: 0.06em; color: #1B2733; display: inline-block; border: 0.5vh solid #0B5CAD; border-radius: 1.5vh;
  padding: 1.5vh 2.5vw; }}
.st-key-{KEY} p.gm-join-error {{ font-size: min(3vh, 2vw) !important; color: #B3261E; margin-top: 3vh; }}
</style>
"""


def draw(event) -> None:
    """QR code, link, code and event title, sized for the room's screen."""
    port = st.get_option("server.port") or port_from_env(os.environ)
    base, explanation = public_base_url(os.environ, port=int(port))
    code = html.escape(event.code)
    title = f"<p class='gm-join-title'>{html.escape(event.title)}</p><p class='gm-join-head'>Join the consultation</p>"
    with st.container(key=KEY):
        st.html(_CSS)
        if base is None:  # no address phones can reach: the code still lets delegates join on this machine
            st.markdown(f"{title}<p class='gm-join-hint'>Type the code on the start page</p>"
                        f"<div class='gm-join-code'>{code}</div>"
                        f"<p class='gm-join-error'>{html.escape(explanation)}</p>", unsafe_allow_html=True)
            return
        link = join_url(base, event.code)
        qr, text = st.columns([5, 6], vertical_alignment="center")
        qr.image(qr_png(link, scale=12), width="content", alt=f"QR code that opens {link}")
        text.markdown(f"{title}<p class='gm-join-hint'>Scan the QR code with your phone's camera, or open</p>"
                      f"<p class='gm-join-link'>{html.escape(link)}</p>"
                      f"<p class='gm-join-hint'>and enter the code</p><div class='gm-join-code'>{code}</div>",
                      unsafe_allow_html=True)


def where_phones_go() -> tuple[str | None, str]:
    """The base address phones open, and where it comes from (for the facilitator, not the room)."""
    port = st.get_option("server.port") or port_from_env(os.environ)
    return public_base_url(os.environ, port=int(port))
