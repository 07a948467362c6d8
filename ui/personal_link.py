"""A delegate's personal link, where they can see it: the address, a large Copy button and a QR
code for another device (the app draws it itself; nothing is fetched from elsewhere).

The link is the delegate's only way back to their answers after "Leave this device", on another
device, or after a browser clears its data: the agenda shows it in view, and leaving asks first.
"""
from __future__ import annotations

import streamlit as st

from gapmap.join_link import qr_png

# The Copy button: the Clipboard API where the browser allows it (HTTPS or localhost), else the
# older copy command on a hidden text field (a venue's plain-HTTP address); if both fail, the
# button says to select the link by hand. Sized for a thumb (48 px high, the full width).
_COPY = st.components.v2.component(
    "gapmap_copy_link",
    html="<div class='gm-link'></div><button type='button' class='gm-copy'><span class='gm-label'>Copy my link</span>"
         "</button>",
    css="""
.gm-link { font-size: 0.95rem; line-height: 1.4; padding: 10px 12px; margin-bottom: 10px; border-radius: 0.5rem;
  background: #F0F4F8; color: #0A1119; word-break: break-all; user-select: all; -webkit-user-select: all; }
.gm-copy { width: 100%; min-height: 48px; font: inherit; font-size: 1rem; font-weight: 600; cursor: pointer;
  color: #FFFFFF; background: #0B5CAD; border: 1px solid #0B5CAD; border-radius: 0.5rem; padding: 8px 16px; }
.gm-copy:focus-visible { outline: 3px solid #1B2733; outline-offset: 2px; }
.gm-copy.gm-done { background: #1E6B35; border-color: #1E6B35; }
""",
    js="""
export default function ({ parentElement, data }) {
  const button = parentElement.querySelector(".gm-copy")
  const label = parentElement.querySelector(".gm-label")
  if (!button || !data || !data.link) return
  parentElement.querySelector(".gm-link").textContent = data.link  // text, never markup
  const say = (text, done) => { label.textContent = text; button.classList.toggle("gm-done", done) }
  const fallback = () => {
    const field = document.createElement("textarea")
    field.value = data.link
    field.setAttribute("readonly", "")
    field.style.position = "fixed"; field.style.opacity = "0"
    document.body.appendChild(field)
    field.select()
    let ok = false
    try { ok = document.execCommand("copy") } catch (e) { ok = false }
    field.remove()
    return ok
  }
  button.onclick = async () => {
    let ok = false
    if (navigator.clipboard && window.isSecureContext) {
      try { await navigator.clipboard.writeText(data.link); ok = true } catch (e) { ok = fallback() }
    } else {
      ok = fallback()
    }
    say(ok ? "Copied ✓ — paste it somewhere safe" : "Could not copy: select the link above and copy it", ok)
    setTimeout(() => say("Copy my link", false), 6000)
  }
}
""",
)


def link_for(token: str) -> str:
    """The personal link on the address this browser used (the venue's address when it came from the QR)."""
    base = (st.context.url or "").split("?")[0]
    return f"{base}?p={token}"


def show_link(token: str, *, key: str) -> None:
    """The link as text (it wraps; one tap selects it all) and the large Copy button. Not `st.code`:
    it would make every phone download a 500 KB syntax highlighter and a monospace font."""
    _COPY(data={"link": link_for(token)}, key=f"{key}-copy")


def card(token: str) -> None:
    """The agenda's card: why the link matters, the link, Copy, and a QR code for another device."""
    with st.container(border=True, key="personal-link"):
        st.markdown("**:material/link: Your personal link**")
        st.markdown("Open it on any device to continue where you left off. Keep it to yourself: anyone with "
                    "it can see and change your answers.")
        show_link(token, key="personal-link")
        # Drawn only when asked for: making a QR code costs ~20 ms, on every run of the agenda if it
        # sat in a closed expander (whose content Streamlit still runs).
        showing = st.session_state.get(QR_SHOWN, False)
        st.button("Hide the QR code" if showing else "Show a QR code for another device", key="personal-link-qr",
                  icon=":material/qr_code_2:", width="stretch", on_click=_flip_qr)
        if showing:
            st.image(qr_png(link_for(token), scale=6), width=240, alt="QR code of your personal link",
                     caption="Scan with the other device's camera.")


QR_SHOWN = "personal-link-qr-shown"


def _flip_qr() -> None:
    st.session_state[QR_SHOWN] = not st.session_state.get(QR_SHOWN, False)
