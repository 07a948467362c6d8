"""Streamlit's bundles reach a phone compressed and are cached for good (`ui.static_files`): the
compressed copy is made once per Streamlit version (and cut), and the real server sends
it to a browser that accepts gzip, the original bytes to one that does not, with immutable caching
on hashed names; the icon and text fonts it cut (`ui.icon_font`, `ui.text_font`, tests/test_icon_font.py,
tests/test_text_font.py) are revalidated."""
from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request

import pytest

from tests.browser_support import running_app
from ui import icon_font, static_files, text_font


@pytest.fixture(scope="module")
def copy(static_copy):
    return static_copy


def main_bundle() -> str:
    """The entry script index.html loads ("static/js/index.<hash>.js")."""
    index = (static_files.BUNDLES.parent / "index.html").read_text()
    return re.search(r"static/js/index\.[^\"']+\.js", index).group(0)


def test_every_script_and_style_sheet_gets_a_gzip_copy_made_once(copy):
    scripts = [p for p in copy.rglob("*") if p.suffix in (".js", ".css") and p.stat().st_size > 1024]
    assert scripts and all(p.with_name(p.name + ".gz").exists() for p in scripts)  # tiny ones: not worth it
    original = static_files.BUNDLES / main_bundle().removeprefix("static/")
    packed = copy / main_bundle().removeprefix("static/")
    assert gzip.decompress(packed.with_name(packed.name + ".gz").read_bytes()) == original.read_bytes()
    built = packed.stat().st_mtime_ns
    assert static_files.compressed_bundles(copy.parent) == copy  # the second start reuses it
    assert packed.stat().st_mtime_ns == built


def test_an_unfinished_copy_is_replaced(tmp_path):
    unfinished = tmp_path / static_files.copy_name()
    unfinished.mkdir()
    (unfinished / "half.js").write_text("x")
    made = static_files.compressed_bundles(tmp_path)
    assert made == unfinished and (made / ".complete").exists() and not (made / "half.js").exists()
    assert [p.name for p in tmp_path.iterdir()] == [unfinished.name]  # no building folder left behind


def test_the_server_sends_the_compressed_bundle_to_a_browser_that_accepts_gzip(tmp_path, copy):
    bundle = main_bundle()
    original = (static_files.BUNDLES / bundle.removeprefix("static/")).read_bytes()
    with running_app(tmp_path, GAPMAP_STATIC_CACHE=str(copy.parent)) as base:
        asked = urllib.request.Request(f"{base}/{bundle}", headers={"Accept-Encoding": "gzip, deflate"})
        with urllib.request.urlopen(asked, timeout=10) as response:
            body, headers = response.read(), response.headers
        assert headers["Content-Encoding"] == "gzip"
        assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
        assert "Accept-Encoding" in headers["Vary"]
        assert gzip.decompress(body) == original and len(body) < len(original) / 2
        with urllib.request.urlopen(f"{base}/{bundle}", timeout=10) as response:  # no gzip asked for
            assert response.headers.get("Content-Encoding") is None and response.read() == original
        again = urllib.request.Request(f"{base}/{bundle}", headers={"If-None-Match": headers["ETag"]})
        with pytest.raises(urllib.error.HTTPError) as not_modified:  # a phone that has it is told so
            urllib.request.urlopen(again, timeout=10)
        assert not_modified.value.code == 304
        try:  # nothing outside the bundles (Streamlit refuses the path, or the app's page comes back)
            with urllib.request.urlopen(f"{base}/static/js/../../../server.py", timeout=10) as response:
                assert b"staff_cookie" not in response.read()
        except urllib.error.HTTPError as refused:
            assert refused.code in (400, 404)
        font = icon_font.font_file(static_files.BUNDLES).relative_to(static_files.BUNDLES.parent)
        with urllib.request.urlopen(f"{base}/{font}", timeout=10) as response:  # the icon font: GapMap's cut
            assert response.read() == icon_font.font_file(copy).read_bytes()
            assert response.headers["Cache-Control"] == "no-cache" and response.headers["ETag"]
        font = text_font.font_file(static_files.BUNDLES).relative_to(static_files.BUNDLES.parent)
        asked = urllib.request.Request(f"{base}/{font}", headers={"Accept-Encoding": "gzip, deflate"})
        with urllib.request.urlopen(asked, timeout=10) as response:  # the text font: GapMap's cut too
            assert response.read() == text_font.font_file(copy).read_bytes()
            assert response.headers["Cache-Control"] == "no-cache" and response.headers["ETag"]
            assert response.headers.get("Content-Encoding") is None  # WOFF2 is compressed already
        with urllib.request.urlopen(f"{base}/?code=BKK2024", timeout=10) as response:  # the app itself
            assert response.status == 200 and b"<div id=\"root\">" in response.read()
