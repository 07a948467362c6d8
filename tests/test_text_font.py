"""The text font a phone downloads is cut to the scripts a consultation reads and types
(`ui.text_font`): every character GapMap's own strings use that Source Sans has is in the cut, each
kept glyph keeps its outline, its advance and its weight variations, the cut draws text exactly as
the full font does (kerning, regular and bold), and in a real browser what it left out (Cyrillic
typed in a text area) falls back to the system's sans-serif instead of drawing boxes, while bold
labels stay bold."""
from __future__ import annotations

import base64

import pytest
from fontTools.ttLib import TTFont

from tests.browser_support import browser, chromium_or_skip, join_event, running_app, wait_idle
from ui import static_files, text_font

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def copy(static_copy):
    return static_copy


@pytest.fixture(scope="module")
def full():
    return TTFont(text_font.font_file(static_files.BUNDLES))


@pytest.fixture(scope="module")
def cut(copy):
    return TTFont(text_font.font_file(copy))


def named(char: str) -> str:
    return f"U+{ord(char):04X} {char}"


def test_every_character_gapmaps_strings_use_is_in_the_cut(full, cut):
    used = text_font.app_characters()
    assert set("✓×→–—…·“”’é") <= used  # the scan finds them
    has, kept = full.getBestCmap(), cut.getBestCmap()
    missing = sorted(named(char) for char in used if ord(char) in has and ord(char) not in kept)
    assert not missing, f"in Source Sans but cut out (they would fall back to another font): {missing}"
    assert ord("✓") in kept and not any(first <= ord("✓") <= last for first, last, _ in text_font.RANGES)


def test_the_cut_keeps_the_latin_blocks_and_leaves_out_the_rest(copy, full, cut):
    has, kept = set(full.getBestCmap()), set(cut.getBestCmap())
    blocks = {point for first, last, _ in text_font.RANGES for point in range(first, last + 1)}
    left_out = sorted(f"U+{point:04X}" for point in (blocks & has) - kept)
    assert not left_out, f"in a kept block but cut out: {left_out}"
    assert {ord(char) for char in "ẩễệỗữ ʻ ǎǐǒǔ ğşİı €₫₱₹ ≤≥ •"} <= kept  # Vietnamese, Samoan, pinyin, Turkish
    assert kept <= text_font.wanted(text_font.app_characters())
    assert ord("Д") in has and ord("Д") not in kept and ord("Ω") not in kept  # Cyrillic, Greek: the fallback's
    size = text_font.font_file(copy).stat().st_size
    assert size < 80_000 < text_font.font_file(static_files.BUNDLES).stat().st_size / 2


def test_each_kept_glyph_keeps_its_outline_advance_and_weight_variations(full, cut):
    assert [(a.axisTag, a.minValue, a.defaultValue, a.maxValue) for a in cut["fvar"].axes] == \
        [(a.axisTag, a.minValue, a.defaultValue, a.maxValue) for a in full["fvar"].axes] == [("wght", 200, 200, 900)]
    assert [i.coordinates for i in cut["fvar"].instances] == [i.coordinates for i in full["fvar"].instances]
    assert {"gvar", "HVAR", "MVAR", "avar", "STAT", "GPOS", "GDEF"} <= set(cut.keys())
    assert cut["avar"].segments == full["avar"].segments
    before, after = full.getBestCmap(), cut.getBestCmap()
    for point, glyph in sorted(after.items()):
        was = before[point]
        assert cut["glyf"][glyph].getCoordinates(cut["glyf"])[0] == \
            full["glyf"][was].getCoordinates(full["glyf"])[0], f"U+{point:04X}"
        assert cut["hmtx"][glyph] == full["hmtx"][was], f"U+{point:04X}"
        assert cut["gvar"].variations.get(glyph) == full["gvar"].variations.get(was), f"U+{point:04X}"
    features = {record.FeatureTag for record in cut["GPOS"].table.FeatureList.FeatureRecord}
    assert {"kern", "mark", "mkmk"} <= features
    assert {"liga", "ccmp", "locl"} <= {record.FeatureTag for record in cut["GSUB"].table.FeatureList.FeatureRecord}


def test_the_cut_takes_another_family_name_and_keeps_adobes_notices(full, cut):
    name = cut["name"]
    assert name.getDebugName(1) == "GapMapSansVF" and name.getDebugName(6) == "GapMapSansVF-ExtraLight"
    assert not any(reserved in record.toUnicode() for record in name.names if record.nameID not in text_font.ADOBES
                   for reserved, _ in text_font.RESERVED)
    for notice in sorted(text_font.ADOBES):  # copyright (with the reserved name), trademark, licence
        assert name.getDebugName(notice) == full["name"].getDebugName(notice) and name.getDebugName(notice)
    assert "Open Font License" in name.getDebugName(13)


def test_the_copy_is_made_again_when_the_kept_characters_change(monkeypatch):
    characters = text_font.app_characters()
    assert static_files.copy_name(characters=characters) == static_files.copy_name()
    assert static_files.copy_name(characters=characters | {"Ж"}) != static_files.copy_name(characters=characters)
    assert static_files.copy_name(characters=characters | {"é"}) == static_files.copy_name(characters=characters)
    before = static_files.copy_name(characters=characters)
    monkeypatch.setattr(text_font, "RANGES", (*text_font.RANGES, (0x0400, 0x04FF, "Cyrillic")))
    assert static_files.copy_name(characters=characters) != before


def test_characters_are_found_in_the_source_and_data(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.py").write_text('st.caption("Open → answer ✓")\n', encoding="utf-8")
    (tmp_path / "gapmap" / "reference").mkdir(parents=True)
    (tmp_path / "gapmap" / "reference" / "states.yaml").write_text("- name: Türkiye\n", encoding="utf-8")
    (tmp_path / "gapmap" / "notes.txt").write_text("ñ\n", encoding="utf-8")  # not a source or data file
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.py").write_text('"Ж"\n', encoding="utf-8")  # not the app's
    assert text_font.app_characters(tmp_path) == {"→", "✓", "ü"}


#: Each text drawn in the full and the cut font at each weight, with font synthesis off (a weight
#: the font cannot draw would come out as the regular's width): its width, and the pixels drawn;
#: and in the cut with kerning turned off.
DRAWN = """async ([full, cut, texts]) => {
    for (const [family, font] of [["Full", full], ["Cut", cut]]) {
        const face = new FontFace(family, `url(data:font/woff2;base64,${font})`, {weight: "100 900"});
        document.fonts.add(await face.load());
    }
    const canvas = document.createElement("canvas");
    canvas.width = 1200;
    canvas.height = 40;
    const context = canvas.getContext("2d");
    const draw = (family, weight, text, kerning = "normal") => {
        context.clearRect(0, 0, canvas.width, canvas.height);
        context.font = `${weight} 16px ${family}`;
        context.fontKerning = kerning;
        context.fillText(text, 2, 28);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < pixels.length; i += 4) ink += pixels[i];
        return {width: context.measureText(text).width, ink};
    };
    return texts.flatMap(text => [400, 600, 700].map(weight =>
        ({text, weight, full: draw("Full", weight, text), cut: draw("Cut", weight, text),
          unkerned: draw("Cut", weight, text, "none")})));
}"""
TEXTS = ["AVATAR Type “quoted” — Vấn đề pháp lý ≤ 5 → ✓", "Kiribati, Sāmoa, Tonga: fakaʻilonga",
         "Türkiye · Việt Nam · €1,000 × 3…"]


@pytest.mark.browser
def test_the_cut_draws_text_as_the_full_font_does(full, copy):
    chromium = chromium_or_skip()
    fonts = [base64.b64encode(text_font.font_file(root).read_bytes()).decode()
             for root in (static_files.BUNDLES, copy)]
    with browser(chromium) as b:
        page = b.new_page()
        page.set_content("<html><body style='font-synthesis: none'></body></html>")
        drawn = page.evaluate(DRAWN, [*fonts, TEXTS])
    for row in drawn:
        assert row["cut"]["width"] == pytest.approx(row["full"]["width"], abs=0.01), row  # kerning, HVAR
        assert row["cut"]["ink"] == pytest.approx(row["full"]["ink"], rel=0.01), row  # outlines, gvar
    width = {(row["text"], row["weight"]): row["cut"]["width"] for row in drawn}
    for text in TEXTS:
        assert width[text, 400] < width[text, 600] < width[text, 700]  # the weight axis
    assert all(row["unkerned"]["width"] > row["cut"]["width"] + 1 for row in drawn if row["text"] == TEXTS[0])


#: The letters typed in a text area (its spaces are still Source Sans'), measured in the text area's
#: own font and in the system's sans-serif alone (a known-good fallback), and each letter alone (tofu
#: boxes would all be one width).
TYPED = """([selector, text]) => {
    const style = getComputedStyle(document.querySelector(selector));
    const width = (font, content) => {
        const span = document.createElement("span");
        span.style.font = font;
        span.style.whiteSpace = "pre";
        span.textContent = content;
        document.body.appendChild(span);
        const box = span.getBoundingClientRect().width;
        span.remove();
        return box;
    };
    const letters = text.replaceAll(" ", "");
    const sans = `${style.fontWeight} ${style.fontSize} sans-serif`;
    return {family: style.fontFamily, typed: document.querySelector(selector).value,
            width: width(style.font, letters), fallback: width(sans, letters),
            each: [...letters].map(letter => width(style.font, letter)),
            latin: width(style.font, "Latin text"), latin_fallback: width(sans, "Latin text")};
}"""


#: A bold label: its weight, and the width of its text on one line at that weight and at the regular
#: weight, with no synthetic bold (a font without the weight axis would draw both alike).
BOLD = """selector => {
    const label = document.querySelector(selector);
    const style = getComputedStyle(label);
    const width = weight => {
        const line = label.cloneNode(true);
        Object.assign(line.style, {fontWeight: weight, fontSynthesis: "none", whiteSpace: "pre", position: "absolute"});
        label.after(line);
        const box = line.getBoundingClientRect().width;
        line.remove();
        return box;
    };
    return {weight: Number(style.fontWeight), family: style.fontFamily,
            width: width(style.fontWeight), regular: width("400")};
}"""


@pytest.mark.browser
def test_text_the_cut_leaves_out_falls_back_and_bold_labels_stay_bold(tmp_path, copy):
    chromium = chromium_or_skip()
    with running_app(tmp_path, GAPMAP_STATIC_CACHE=str(copy.parent)) as base, browser(chromium) as b:
        page = b.new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
        join_event(page, base, "BKK2024", tap=True)
        page.locator(".st-key-answer-5 button").tap()
        wait_idle(page)
        page.locator(".st-key-q-lab_01").get_by_text("Yes, a standalone criminal offence").tap()
        wait_idle(page)
        text = "Трудовая инспекция и суды"  # Cyrillic: Source Sans has it, the cut does not
        page.locator(".st-key-q-lab_10 textarea").fill(text)
        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.fonts.check('16px \"Source Sans\"', 'Latin')")
        typed = page.evaluate(TYPED, [".st-key-q-lab_10 textarea", text])
        assert typed["typed"] == text and typed["family"].startswith('"Source Sans"'), typed
        assert typed["latin"] != pytest.approx(typed["latin_fallback"], abs=1), typed  # it is drawn in Source Sans
        assert typed["width"] > 100 and typed["width"] == pytest.approx(typed["fallback"], abs=0.5), typed
        assert len({round(each, 1) for each in typed["each"]}) >= 5, typed  # letters, each its width: not boxes

        bold = page.evaluate(BOLD, ".st-key-question-lab_01 strong")
        assert bold["weight"] >= 600 and bold["family"].startswith('"Source Sans"'), bold
        assert bold["width"] > bold["regular"] * 1.02, bold  # drawn with the font's weight axis
