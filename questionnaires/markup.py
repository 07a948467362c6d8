"""Organiser text is shown as Markdown (titles, questions, options): images, links and HTML are refused.

An image would make every delegate's browser fetch an address on the internet (the app promises
none and records no IP address), and a link or HTML could dress up a question as something else.
Bold, italics and line breaks stay allowed; a web address written as plain text stays text.
"""
from __future__ import annotations

import re

#: ![alt](src) images, [text](url) links and <tag ...> HTML.
_MARKUP = re.compile(r"!\[[^\]]*\]\(|\[[^\]]*\]\([^)]*\)|<\s*/?\s*[A-Za-z][^>]*>")


def find_markup(text: str | None) -> str | None:
    """The first image, link or HTML tag in `text`, or None."""
    match = _MARKUP.search(text or "")
    return match.group(0)[:40] if match else None


def markup_message(found: str) -> str:
    return (f"images, links and HTML are not allowed (found '{found}'); write a web address as plain "
            "text instead")
