"""The link a projected QR code sends delegates' phones to, and the QR code itself.

Delegates join from their phones by scanning a QR code on the projector, so the
link must use an address the phones can reach: the public address set in
``GAPMAP_PUBLIC_URL`` (for a server behind a proxy), or else this machine's
address on the local network. A loopback address such as ``localhost`` or
``127.0.0.1`` is never offered, because on a phone it points at the phone.

Plain Python (no Streamlit), no network traffic and no external services.
"""
from __future__ import annotations

import io
import ipaddress
import socket
from collections.abc import Callable, Mapping
from urllib.parse import quote, urlsplit

import segno

PUBLIC_URL_VAR = "GAPMAP_PUBLIC_URL"
PORT_VAR = "STREAMLIT_SERVER_PORT"
DEFAULT_PORT = 8501

# An address in a private range. Connecting a UDP socket to it only asks the
# operating system which local address it would route from; nothing is sent.
_ROUTE_PROBE = ("10.255.255.255", 1)


def _is_loopback_or_unspecified(host: str) -> bool:
    """True for localhost, 127.x.x.x, ::1, 0.0.0.0 and ::."""
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def detect_lan_ip() -> str | None:
    """This machine's outward-facing IPv4 address, or None if there is none.

    No packet is sent. The function creates a UDP socket and ``connect()``s it
    to a private-range address (10.255.255.255, port 1). For UDP, connect only
    makes the operating system choose a route and a local address; it sends
    nothing. ``getsockname()`` then reports that local address. Loopback
    (127.*) and unspecified (0.0.0.0) addresses, and any OSError (for example
    when there is no network at all), give None.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(_ROUTE_PROBE)
            ip = sock.getsockname()[0]
    except OSError:
        return None
    if not ip or _is_loopback_or_unspecified(ip):
        return None
    return ip


def _check_public_url(url: str) -> str | None:
    """What is wrong with a GAPMAP_PUBLIC_URL value, or None if it is usable."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # raises ValueError for a port that is not a number in range
    except ValueError as exc:
        return f"{PUBLIC_URL_VAR}={url!r} is not a valid URL ({exc})."
    if parts.scheme not in ("http", "https"):
        return (
            f"{PUBLIC_URL_VAR}={url!r} must start with http:// or https://, "
            f"for example https://gapmap.example.org."
        )
    if not hostname:
        return f"{PUBLIC_URL_VAR}={url!r} has no host name, for example https://gapmap.example.org."
    if _is_loopback_or_unspecified(hostname):
        return (
            f"{PUBLIC_URL_VAR}={url!r} points at this machine only ({hostname}); "
            f"phones cannot reach it. Use an address the phones can reach."
        )
    if parts.query or parts.fragment:
        return f"{PUBLIC_URL_VAR}={url!r} must not contain '?' or '#'; give only the base address."
    return None


def public_base_url(
    env: Mapping[str, str],
    *,
    port: int = DEFAULT_PORT,
    lan_ip: Callable[[], str | None] = detect_lan_ip,
) -> tuple[str | None, str]:
    """The base address phones should open, and a sentence explaining where it came from.

    ``GAPMAP_PUBLIC_URL`` wins when set (a blank value counts as unset). Otherwise
    the machine's LAN address is used with ``port``. Returns ``(None, message)``
    when no usable address exists; the message says what to fix.
    """
    configured = (env.get(PUBLIC_URL_VAR) or "").strip()
    if configured:
        url = configured.rstrip("/")
        problem = _check_public_url(url)
        if problem:
            return None, problem
        return url, f"Public address from {PUBLIC_URL_VAR}."

    ip = lan_ip()
    if not ip or _is_loopback_or_unspecified(ip):
        return None, (
            "No network address found: this machine has no address that phones can reach. "
            f"Connect it to the workshop network, or set {PUBLIC_URL_VAR} to the public "
            "address (for example https://gapmap.example.org)."
        )
    host = f"[{ip}]" if ":" in ip else ip
    return f"http://{host}:{port}", (
        f"This machine's local network (LAN) address. Phones must be on the same network "
        f"(the same Wi-Fi) to open it. To use a public address behind a proxy instead, "
        f"set {PUBLIC_URL_VAR}."
    )


def join_url(base_url: str, code: str) -> str:
    """The link that opens the join page with ``code`` filled in, the code URL-encoded."""
    return f"{base_url.rstrip('/')}/?code={quote(code, safe='')}"


def _qr(url: str) -> segno.QRCode:
    # make_qr, not make: a short URL must not become a Micro QR, which phones rarely read.
    return segno.make_qr(url, error="m")


def qr_svg(url: str, *, scale: int = 10) -> str:
    """SVG markup (no XML declaration, with the SVG namespace) of a QR code for ``url``."""
    buffer = io.BytesIO()
    _qr(url).save(
        buffer, kind="svg", scale=scale, dark="#000", light="#fff", border=4,
        xmldecl=False, svgns=True,
    )
    return buffer.getvalue().decode("utf-8")


def qr_png(url: str, *, scale: int = 12) -> bytes:
    """PNG bytes of a QR code for ``url`` (segno writes PNG itself; Pillow is not needed)."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, dark="#000", light="#fff", border=4)
    return buffer.getvalue()


def port_from_env(env: Mapping[str, str]) -> int:
    """The Streamlit port from ``STREAMLIT_SERVER_PORT``, or 8501 if missing or not 1..65535."""
    raw = (env.get(PORT_VAR) or "").strip()
    try:
        port = int(raw)
    except ValueError:
        return DEFAULT_PORT
    return port if 1 <= port <= 65535 else DEFAULT_PORT
