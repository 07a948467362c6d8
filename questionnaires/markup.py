"""Organiser text (titles, questions, options, help, units, notices) is shown through Markdown,
which can draw images, links, HTML, maths and more. Two guards, one for each job:

- `markdown_text(text)` is the guard that holds: it escapes every Markdown and HTML construct
  except **bold** and *italics* (and line breaks), so whatever reaches a delegate's screen,
  however it was written (inline or reference-style images and links, `[r]: url` definitions,
  autolinks, bare web addresses, `<tags>`, entities, `$maths$`, code), is shown as the characters
  typed and never makes the browser fetch anything. Every page draws organiser text through it.
- `find_markup(text)` tells the organiser at upload or save time that an image, link or HTML
  will not work, naming what it found (a message, not the guard).

An image would make every delegate's browser fetch an address on the internet (the app promises
none and records no IP address), and a link or HTML could dress up a question as something else.
"""
from __future__ import annotations

import re

#: Inline and reference-style images and links, link reference definitions, HTML tags and
#: autolinks (<https://…>), HTML character references.
_MARKUP = re.compile(
    r"!\[[^\]]*\]\s*[(\[]"            # ![alt](src) or ![alt][ref]
    r"|\[[^\]]*\]\s*\([^)]*\)"        # [text](url)
    r"|\[[^\]]*\]\s*\[[^\]]*\]"       # [text][ref]
    r"|^\s{0,3}\[[^\]]+\]:\s*\S+"     # [ref]: url
    r"|<\s*/?\s*[A-Za-z][^>]*>"       # <tag ...> and <https://...>
    r"|&#?[A-Za-z0-9]+;",             # &lt; &#91;
    re.MULTILINE,
)
#: ASCII punctuation that starts Markdown, HTML, maths, Streamlit directives (:red[…],
#: :material/…:) or autolinks (https://…, a@b.org) wherever it stands; * and _ stay for bold and
#: italics. Parentheses only matter after "]" (escaped), so they stay as typed.
_SYNTAX = re.compile(r"([\\`\[\]<>!|~&${}^:@])")
#: What makes a block only at the start of a line: a heading (#), a list item (- + 1. 1)), a
#: setext underline (=== ---) or a thematic break (--- +++); mid-line, "anti-money" stays as typed.
_LINE_START = re.compile(r"^([ \t]*)(?:([#=+-])|(\d+)([.)]))", re.MULTILINE)
_WWW = re.compile(r"(?i)\bwww\.")


def _escape_line_start(match: re.Match) -> str:
    indent, mark, digits, closer = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{digits}\\{closer}"


def find_markup(text: str | None) -> str | None:
    """The first image, link, HTML tag or entity in `text`, or None."""
    match = _MARKUP.search(text or "")
    return match.group(0)[:40] if match else None


def markup_message(found: str) -> str:
    return (f"images, links and HTML are not allowed (found '{found}'); write a web address as plain "
            "text instead")


def markdown_text(text: str | None) -> str:
    """`text` as Markdown that can only be bold or italic: shown exactly as typed otherwise."""
    escaped = _LINE_START.sub(_escape_line_start, _SYNTAX.sub(r"\\\1", text or ""))
    return _WWW.sub(lambda m: m.group(0)[:-1] + "\\.", escaped)
