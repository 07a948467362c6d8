"""The join link behind the projected QR code: which address phones are sent to, and the QR itself."""
from __future__ import annotations

import ipaddress

import pytest
import segno

from gapmap.join_link import (
    detect_lan_ip,
    join_url,
    port_from_env,
    public_base_url,
    qr_png,
    qr_svg,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def no_lan() -> None:
    return None


def lan(ip):
    return lambda: ip


# --- GAPMAP_PUBLIC_URL: a public address behind a proxy ---------------------------------


def test_gapmap_public_url_wins_over_the_lan_address():
    url, why = public_base_url({"GAPMAP_PUBLIC_URL": "https://gapmap.example.org"}, lan_ip=lan("192.168.1.20"))
    assert url == "https://gapmap.example.org"
    assert "GAPMAP_PUBLIC_URL" in why


def test_gapmap_public_url_loses_surrounding_whitespace_and_trailing_slash():
    url, _ = public_base_url({"GAPMAP_PUBLIC_URL": "  https://gapmap.example.org/survey/ \n"}, lan_ip=no_lan)
    assert url == "https://gapmap.example.org/survey"


def test_gapmap_public_url_may_carry_a_port():
    url, _ = public_base_url({"GAPMAP_PUBLIC_URL": "http://10.0.0.5:8080/"}, lan_ip=no_lan)
    assert url == "http://10.0.0.5:8080"


@pytest.mark.parametrize(
    "bad",
    ["ftp://x", "not a url", "http://", "https://", "//gapmap.example.org", "http://localhost:8501",
     "http://127.0.0.1:8501", "http://[::1]:8501", "http://host:notaport", "https://x.org/?code=A"],
)
def test_an_unusable_gapmap_public_url_gives_no_address_and_says_what_is_wrong(bad):
    url, why = public_base_url({"GAPMAP_PUBLIC_URL": bad}, lan_ip=lan("192.168.1.20"))
    assert url is None
    assert "GAPMAP_PUBLIC_URL" in why


def test_a_blank_gapmap_public_url_counts_as_unset():
    url, _ = public_base_url({"GAPMAP_PUBLIC_URL": "   "}, lan_ip=lan("192.168.1.20"))
    assert url == "http://192.168.1.20:8501"


# --- Without GAPMAP_PUBLIC_URL: this machine's LAN address ------------------------------


def test_without_gapmap_public_url_the_lan_address_is_used():
    url, why = public_base_url({}, lan_ip=lan("192.168.1.20"))
    assert url == "http://192.168.1.20:8501"
    assert "LAN" in why
    assert "same network" in why
    assert "GAPMAP_PUBLIC_URL" in why


def test_the_lan_address_uses_the_given_port():
    url, _ = public_base_url({}, port=9000, lan_ip=lan("192.168.1.20"))
    assert url == "http://192.168.1.20:9000"


@pytest.mark.parametrize("ip", [None, "127.0.0.1", "127.1.2.3", "0.0.0.0", "::1", "localhost"])
def test_no_reachable_address_gives_none_and_a_hint(ip):
    url, why = public_base_url({}, lan_ip=lan(ip))
    assert url is None
    assert why.startswith("No network address found")
    assert "GAPMAP_PUBLIC_URL" in why


def test_detect_lan_ip_gives_none_or_a_non_loopback_ipv4_address():
    ip = detect_lan_ip()
    if ip is not None:
        address = ipaddress.IPv4Address(ip)  # a dotted quad, or this raises
        assert not address.is_loopback
        assert not address.is_unspecified


def test_detect_lan_ip_gives_none_when_the_machine_has_no_route(monkeypatch):
    import socket

    def refuse(self, address):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert detect_lan_ip() is None


# --- The join link and its QR code ------------------------------------------------------


def test_join_url_puts_the_code_in_the_query_string():
    assert join_url("http://192.168.1.20:8501", "BKK2024") == "http://192.168.1.20:8501/?code=BKK2024"


def test_join_url_encodes_the_code():
    assert join_url("https://x.org", "A B&c=/?#") == "https://x.org/?code=A%20B%26c%3D%2F%3F%23"


def test_join_url_tolerates_a_trailing_slash_on_the_base():
    assert join_url("https://x.org/", "BKK2024") == "https://x.org/?code=BKK2024"


def test_qr_svg_is_inline_svg_markup():
    svg = qr_svg("http://192.168.1.20:8501/?code=BKK2024")
    assert isinstance(svg, str)
    assert svg.startswith("<svg")  # no <?xml ...?> declaration
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "<path" in svg


def test_qr_svg_scale_changes_the_size():
    url = "http://192.168.1.20:8501/?code=BKK2024"
    assert qr_svg(url, scale=10) != qr_svg(url, scale=20)


def test_qr_png_is_a_png_image():
    png = qr_png("http://192.168.1.20:8501/?code=BKK2024")
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 200


def test_the_qr_is_a_full_qr_code_with_medium_error_correction():
    # Even a short link gets a regular QR code (not a Micro QR, which phones rarely read).
    url = "http://a.b/?code=X"
    expected = segno.make_qr(url, error="m")
    assert not expected.is_micro
    width = (expected.symbol_size(scale=10, border=4))[0]
    assert f'width="{width}"' in qr_svg(url, scale=10)


# --- The port -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env, port",
    [
        ({}, 8501),
        ({"STREAMLIT_SERVER_PORT": ""}, 8501),
        ({"STREAMLIT_SERVER_PORT": "eighty"}, 8501),
        ({"STREAMLIT_SERVER_PORT": "0"}, 8501),
        ({"STREAMLIT_SERVER_PORT": "65536"}, 8501),
        ({"STREAMLIT_SERVER_PORT": "-1"}, 8501),
        ({"STREAMLIT_SERVER_PORT": "9000"}, 9000),
        ({"STREAMLIT_SERVER_PORT": " 8080 "}, 8080),
        ({"STREAMLIT_SERVER_PORT": "65535"}, 65535),
    ],
)
def test_port_from_env(env, port):
    assert port_from_env(env) == port
