"""The icon font a phone downloads is cut to the icons drawn (`ui.icon_font`): every `:material/…:`
icon GapMap names exists in Streamlit's font, the cut font draws each wanted icon with the very
glyph the full font has and nothing else, and in a real browser a delegate page's icons are glyphs
about one em wide, not their names as text."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from tests.browser_support import browser, chromium_or_skip, join_event, running_app, wait_idle
from ui import icon_font, static_files

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def copy(static_copy):
    return static_copy


@pytest.fixture(scope="module")
def full():
    return TTFont(icon_font.font_file(static_files.BUNDLES))


@pytest.fixture(scope="module")
def cut(copy):
    return TTFont(icon_font.font_file(copy))


def outline(font, glyph: str):
    """A glyph's drawing: its contours' points and its advance width."""
    drawn = font["glyf"][glyph]
    points = drawn.getCoordinates(font["glyf"])[0] if drawn.numberOfContours else []
    return list(points), font["hmtx"][glyph][0]


def test_every_icon_gapmap_names_is_in_the_font(full):
    icons = icon_font.app_icons()
    assert {"logout", "send", "arrow_back", "qr_code_2", "radio_button_checked"} <= icons  # the scan finds them
    missing = sorted(icons - set(icon_font.ligatures(full)))
    assert not missing, f"not in Streamlit's Material Symbols (they would show as text): {missing}"


def test_the_cut_font_draws_each_wanted_icon_with_the_full_fonts_glyph_and_nothing_more(copy, full, cut):
    wanted = icon_font.app_icons() | icon_font.frontend_icons(static_files.BUNDLES)
    assert {"expand_more", "keyboard_arrow_down", "content_copy", "more_vert"} <= wanted  # Streamlit's own
    before, after = icon_font.ligatures(full), icon_font.ligatures(cut)
    assert set(after) == wanted & set(before)
    for name in sorted(after):
        assert outline(cut, after[name]) == outline(full, before[name]), name
        assert outline(cut, after[name])[0], f"{name}: an empty glyph"
    assert len(cut.getGlyphOrder()) < 300 < len(full.getGlyphOrder())
    size = icon_font.font_file(copy).stat().st_size
    assert size < 30_000 < icon_font.font_file(static_files.BUNDLES).stat().st_size / 10
    names = cut["name"].names
    assert any("Apache" in record.toUnicode() or "Google" in record.toUnicode() for record in names)  # its licence


def test_the_copy_is_made_again_when_gapmaps_icon_list_changes():
    icons = icon_font.app_icons()
    assert static_files.copy_name(icons) == static_files.copy_name()
    assert static_files.copy_name(icons | {"home"}) != static_files.copy_name(icons)
    assert static_files.copy_name(icons).startswith(f"streamlit-{static_files.streamlit.__version__}-")


def test_icon_names_are_found_in_the_source(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.py").write_text('st.button("Go", icon=":material/send:")  # :material/…:\n')
    (tmp_path / "app.py").write_text('st.badge("x", icon=":material/check_circle:")\n')
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.py").write_text('":material/home:"\n')  # not the app's
    assert icon_font.app_icons(tmp_path) == {"send", "check_circle"}


#: Every element drawn in the icon font: Streamlit's icon spans, and the icons inside Markdown (a badge's).
GLYPH_WIDTHS = """() => [...document.querySelectorAll("[data-testid=stMain] *")].filter(element =>
    getComputedStyle(element).fontFamily.includes("Material Symbols") && element.children.length === 0
).map(icon => {
    const text = document.createRange();
    text.selectNodeContents(icon);
    return {name: icon.textContent, width: text.getBoundingClientRect().width,
            em: parseFloat(getComputedStyle(icon).fontSize)};
})"""
AS_TEXT = """name => {
    const icon = document.querySelector("[data-testid=stIconMaterial]").cloneNode();
    icon.textContent = name;
    document.body.appendChild(icon);
    const text = document.createRange();
    text.selectNodeContents(icon);
    return text.getBoundingClientRect().width / parseFloat(getComputedStyle(icon).fontSize);
}"""


@pytest.mark.browser
def test_a_delegates_icons_are_drawn_as_glyphs(tmp_path, copy, full):
    chromium = chromium_or_skip()
    left_out = next(name for name in sorted(icon_font.ligatures(full)) if len(name) > 6 and name not in
                    icon_font.app_icons() | icon_font.frontend_icons(static_files.BUNDLES))
    with running_app(tmp_path, GAPMAP_STATIC_CACHE=str(copy.parent)) as base, browser(chromium) as b:
        page = b.new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
        join_event(page, base, "BKK2024", tap=True)
        agenda = page.evaluate(GLYPH_WIDTHS)
        page.locator(".st-key-answer-5 button").tap()
        wait_idle(page)
        page.evaluate("document.fonts.ready")
        answer = page.evaluate(GLYPH_WIDTHS)
        assert {"logout", "radio_button_unchecked"} <= {icon["name"] for icon in agenda}
        assert {"arrow_back", "send"} <= {icon["name"] for icon in answer}
        for icon in agenda + answer:
            assert 0.5 * icon["em"] < icon["width"] < 1.5 * icon["em"], icon
        # The check tells a glyph from a name drawn as text: an icon the cut left out is wide.
        assert page.evaluate(AS_TEXT, left_out) > 3
