"""The icon font cut down to the icons GapMap and Streamlit's frontend draw: the 375 KB of Material
Symbols every cold phone downloaded became 12 KB (about 120 icons).

Streamlit draws every `:material/…:` icon as its name, as text, in the Material Symbols Rounded
font, whose ligatures (OpenType `rlig`, GSUB) turn the letters of each of its ~4,300 names into
that icon's glyph. The font holds all of them; GapMap's pages use a few dozen. A subset by
characters alone keeps every glyph, since every name is spelled with the same letters, so the
ligature rules are pruned first to the wanted names; the subsetter then keeps only the glyphs
those rules reach (and the letters).

The wanted names are GapMap's (every `:material/…:` literal in its source, `app_icons`) and
Streamlit's own (every such literal in its frontend bundles, such as the expander's arrow or the
code block's copy icon, and the names its data grid draws with the font directly: `frontend_icons`).
The subset replaces the font, at the same URL, in the compressed copy `ui.static_files` makes once
per Streamlit version and per GapMap icon list (`icons_key` is part of its folder's name). Since
that URL keeps its content-hashed name while GapMap's list may grow with an update, the subset is
served for revalidation (`static_files.REVALIDATE`), not as immutable: a phone asks again with its
ETag and gets a 304 until the list changes.

A name that is not in the font would show as its text; `tests/test_icon_font.py` fails on it.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
#: Where GapMap's code lives (tests and benchmarks draw nothing a delegate sees).
SOURCES = ("app.py", "server.py", "pages", "ui", "gapmap", "questionnaires", "exports", "db")
ICON = re.compile(r":material/([a-z0-9_]+):")
#: Streamlit's data grid draws a few icons on its canvas by bare name ("more_vert", its menu).
CANVAS_ICON = re.compile(r"(?:fillText|measureText)\(`([a-z0-9_]+)`")
#: The font file in Streamlit's bundles (`media/MaterialSymbols-Rounded.<hash>.woff2`).
FONT_GLOB = "MaterialSymbols-Rounded.*.woff2"
#: The characters icon names are spelled with (the font maps upper case to the same glyphs).
SPELLING = "abcdefghijklmnopqrstuvwxyz0123456789_"


def app_icons(root: Path = APP_DIR) -> set[str]:
    """Every icon named by a `:material/…:` literal in GapMap's Python source."""
    names: set[str] = set()
    for source in SOURCES:
        path = root / source
        for file in ([path] if path.is_file() else sorted(path.rglob("*.py"))):
            names.update(ICON.findall(file.read_text(encoding="utf-8")))
    return names


def frontend_icons(bundles: Path) -> set[str]:
    """The icons Streamlit's frontend draws with the font itself, read from its bundles."""
    names: set[str] = set()
    for script in sorted((bundles / "js").glob("*.js")):
        source = script.read_text(encoding="utf-8", errors="replace")
        names.update(ICON.findall(source))
        names.update(CANVAS_ICON.findall(source))
    return names


def icons_key(names: Iterable[str]) -> str:
    """A short digest of an icon list: part of the compressed copy's folder name."""
    return hashlib.sha256("\n".join(sorted(set(names))).encode()).hexdigest()[:12]


def font_file(bundles: Path) -> Path | None:
    """The Material Symbols font among the bundles (None: this Streamlit has none)."""
    return next(iter(sorted((bundles / "media").glob(FONT_GLOB))), None)


def _ligature_tables(font):
    """The font's ligature substitution subtables, in the order the shaper tries them."""
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)  # a lookup of type 7 wraps the real one
            if table.LookupType == 4:
                yield table


def _letters(font) -> dict[str, str]:
    """Glyph name → the character it spells a name with."""
    return {glyph: chr(code) for code, glyph in font.getBestCmap().items() if chr(code) in SPELLING}


def _spelled(letters: dict[str, str], first: str, rule) -> str | None:
    """The name a ligature rule spells (None: a rule over glyphs that are not letters)."""
    chars = [letters.get(glyph) for glyph in (first, *rule.Component)]
    return None if None in chars else "".join(chars)


def ligatures(font) -> dict[str, str]:
    """Icon name → the glyph a shaper draws for it: the first rule, in lookup order, that matches
    the name's letters from its start, if it consumes all of them (a name whose prefix another
    rule swallows gets none)."""
    letters, tables = _letters(font), list(_ligature_tables(font))
    glyph_of = {char: glyph for glyph, char in letters.items()}
    names = {_spelled(letters, first, rule) for table in tables
             for first, rules in table.ligatures.items() for rule in rules} - {None}
    drawn: dict[str, str] = {}
    for name in names:
        glyphs = [glyph_of[char] for char in name]
        rule = next(rule for table in tables for rule in table.ligatures.get(glyphs[0], [])
                    if rule.Component == glyphs[1:len(rule.Component) + 1])
        if len(rule.Component) == len(glyphs) - 1:
            drawn[name] = rule.LigGlyph
    return drawn


def subset(font_path: Path, names: Iterable[str]) -> set[str]:
    """Cut the font at `font_path` (WOFF2), in place, down to the ligatures of `names` that it
    has; returns the names it kept. The name table (copyright, licence) stays whole."""
    from fontTools import subset as subsetter
    from fontTools.ttLib import TTFont

    font = TTFont(font_path)
    letters = _letters(font)
    wanted = set(names)
    kept: set[str] = set()
    for table in _ligature_tables(font):
        pruned = {}
        for first, rules in table.ligatures.items():
            mine = [rule for rule in rules if _spelled(letters, first, rule) in wanted]
            if mine:
                pruned[first] = mine
                kept.update(_spelled(letters, first, rule) for rule in mine)
        table.ligatures = pruned
    options = subsetter.Options()
    options.layout_features = ["*"]
    options.name_IDs, options.name_languages, options.name_legacy = ["*"], ["*"], True
    options.notdef_outline = True
    options.flavor = "woff2"
    cutter = subsetter.Subsetter(options)
    cutter.populate(text="".join(sorted({char for name in kept for char in name})))
    cutter.subset(font)
    font.flavor = "woff2"
    font.save(font_path)
    return kept
