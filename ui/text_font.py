"""The text font cut to the scripts a consultation's delegates and organisers read and type: the
170 KB of Source Sans every cold phone downloaded became about 62 KB.

Streamlit draws all text in Source Sans, one variable font (the weight axis gives regular, semibold
and bold), which its index.html preloads: every cold phone fetches it, whatever the page. It
covers Latin, Greek and Cyrillic, with small capitals, old-style figures and a dozen stylistic
sets that Streamlit never asks for. GapMap's delegates (the Bali Process region) and organisers
read and type Latin — English, French, Indonesian, Malay, Tagalog, Vietnamese (Latin Extended
Additional), Turkish, Samoan and Tongan (the ʻokina, a modifier letter), pinyin — and the scripts
Source Sans does not have at all (Thai, Khmer, Chinese, Sinhala…) never came from it. The cut
keeps those Latin blocks, the punctuation, currency, letterlike symbols, arrows, math operators
and shapes (`RANGES`), and every other character GapMap's own source uses that the font has (✓,
found by `app_characters`); a character outside it (Cyrillic, Greek, Thai…) falls back, glyph by
glyph, to the phone's sans-serif, the next font in the theme's stack ("Source Sans", sans-serif).

The outlines, the weight axis with its variations (gvar, HVAR, MVAR, avar, STAT) and the layout
features a browser applies by default (kerning, mark positioning, ligatures, `locl`; fontTools'
default list) stay as they were, so the text looks the same. The features CSS must ask for
(small capitals, old-style figures, stylistic sets: Streamlit asks for none) go, and with them
the glyphs only they reach (94 KB would be left with them).

The cut replaces the font, at the same URL, in the compressed copy `ui.static_files` makes once
per Streamlit version (about two seconds more at the first start); `characters_key` of what it
keeps is part of that copy's folder name, so a change to `RANGES` or to GapMap's characters makes
a new copy, and the cut is revalidated rather than immutable (as the cut icon font: `ui.icon_font`).
The italic (138 KB) stays whole: only a page that shows italics fetches it, and the delegate's path
(join, agenda, questionnaire) does not.

The font's licence (SIL Open Font License 1.1) reserves the name "Source" for the unmodified font,
and a subset is a modified version: the cut keeps Adobe's copyright, trademark and licence records
and takes another family name (`FAMILY`). The page never shows it: CSS names the face itself.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ui.icon_font import APP_DIR, SOURCES

#: The Unicode blocks kept whole (first, last code point, block name).
RANGES = (
    (0x0020, 0x007E, "Basic Latin"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x0180, 0x024F, "Latin Extended-B"),
    (0x02B0, 0x02FF, "Spacing Modifier Letters"),  # ʻ (Samoan, Tongan), ˆ ˜ ˇ
    (0x0300, 0x036F, "Combining Diacritical Marks"),
    (0x1E00, 0x1EFF, "Latin Extended Additional"),  # Vietnamese
    (0x2000, 0x206F, "General Punctuation"),
    (0x20A0, 0x20CF, "Currency Symbols"),
    (0x2100, 0x214F, "Letterlike Symbols"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
    (0x25A0, 0x25FF, "Geometric Shapes"),
)
#: Where GapMap's strings live: its source and its questionnaires' and reference data's YAML.
SUFFIXES = (".py", ".yaml")
#: The font file in Streamlit's bundles (`media/SourceSansVF-Upright.ttf.<hash>.woff2`).
FONT_GLOB = "SourceSansVF-Upright.*.woff2"
#: The cut's family name (the licence reserves "Source" for the unmodified font).
FAMILY, FAMILY_COMPACT = "GapMap Sans", "GapMapSans"
RESERVED = (("Source Sans 3", FAMILY), ("SourceSans3", FAMILY_COMPACT))
#: The name records that keep Adobe's words: copyright, trademark, licence and its address.
ADOBES = {0, 7, 13, 14}


def app_characters(root: Path = APP_DIR) -> set[str]:
    """Every character beyond ASCII in GapMap's source and data files (its strings, its states'
    names, its questionnaires)."""
    chars: set[str] = set()
    for source in SOURCES:
        path = root / source
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES)
        for file in files:
            chars.update(char for char in file.read_text(encoding="utf-8") if ord(char) > 0x7F)
    return chars


def wanted(characters: Iterable[str]) -> set[int]:
    """The code points to keep: the blocks in `RANGES` and `characters` (those the font lacks
    are simply not there)."""
    points = {point for first, last, _ in RANGES for point in range(first, last + 1)}
    return points | {ord(char) for char in characters}


def characters_key(characters: Iterable[str]) -> str:
    """A short digest of what the cut keeps: part of the compressed copy's folder name."""
    points = sorted(wanted(characters))
    return hashlib.sha256(",".join(f"{point:x}" for point in points).encode()).hexdigest()[:12]


def font_file(bundles: Path) -> Path | None:
    """The upright Source Sans among the bundles (None: this Streamlit has none)."""
    return next(iter(sorted((bundles / "media").glob(FONT_GLOB))), None)


def _rename(font) -> None:
    """The cut's own family name in every record but Adobe's notices."""
    for record in font["name"].names:
        if record.nameID not in ADOBES:
            text = record.toUnicode()
            for reserved, ours in RESERVED:
                text = text.replace(reserved, ours)
            record.string = text


def subset(font_path: Path, characters: Iterable[str]) -> set[int]:
    """Cut the font at `font_path` (WOFF2), in place, down to `wanted(characters)`; returns the
    code points it kept."""
    from fontTools import subset as subsetter
    from fontTools.ttLib import TTFont

    font = TTFont(font_path)
    options = subsetter.Options()  # its default layout features: those a browser applies unasked
    options.name_IDs, options.name_languages, options.name_legacy = ["*"], ["*"], True
    options.notdef_outline = True
    options.flavor = "woff2"
    cutter = subsetter.Subsetter(options)
    cutter.populate(unicodes=wanted(characters))
    cutter.subset(font)
    _rename(font)
    font.flavor = "woff2"
    font.save(font_path)
    return set(font.getBestCmap())
