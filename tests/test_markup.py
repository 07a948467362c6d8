"""Organiser text shown through Markdown can be bold or italic and nothing else: a table of every
trick (inline and reference-style images and links, definitions, HTML, autolinks, entities,
maths, Streamlit directives) rendered by a CommonMark + GFM parser makes no element that could
fetch or link anything, in every text field of a questionnaire, event and session."""
import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from questionnaires.loader import QuestionnaireError, validate
from questionnaires.markup import find_markup, markdown_text

GFM = MarkdownIt("gfm-like")  # tables, strikethrough, linkify (bare addresses become links)
FETCHING = ("<img", "<a ", "<script", "<iframe", "<svg", "<video", "<audio", "<source", "<link", "<object",
            "<style", "<math")
TRICKS = [
    "A ![t](http://example.invalid/x.png)",
    "A ![t][r]\n\n[r]: http://example.invalid/ref.png",
    "[click](javascript:alert(1))",
    "[click][r]\n\n[r]: javascript:alert(1)",
    "<img src=http://example.invalid/x.png>",
    "<http://example.invalid>",
    "see www.example.invalid or http://example.invalid/guide",
    "write to a@example.invalid",
    "&lt;img src=x&gt; &#60;img src=x&#62;",
    "$\\href{http://example.invalid}{x}$",
    ":red[alert] :material/home:",
    "`code` ~~gone~~ | a | b |",
    "<!-- hidden -->",
]


def rendered(text: str) -> str:
    return GFM.render(markdown_text(text)).lower()


@pytest.mark.parametrize("text", TRICKS)
def test_every_trick_renders_as_the_characters_typed(text):
    html = rendered(text)
    assert not any(tag in html for tag in FETCHING), html
    assert "<code" not in html and "<del" not in html and "<table" not in html and "<!--" not in html


def test_bold_and_italics_still_work():
    assert rendered("**Palermo** Protocol, *art. 3(a)*") == \
        "<p><strong>palermo</strong> protocol, <em>art. 3(a)</em></p>\n"


@given(st.text(max_size=200))
def test_no_text_at_all_makes_a_fetching_element(text):
    html = rendered(text)
    assert not any(tag in html for tag in FETCHING), html


BASE = {
    "key": "markup_test", "title": "T", "theme": "other", "intro": "I",
    "questions": [
        {"id": "q1", "type": "single_choice", "text": "Q", "help": "H",
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        {"id": "q2", "type": "number", "text": "N", "unit": "cases"},
        {"id": "q3", "type": "matrix", "text": "M", "rows": [{"id": "r1", "text": "R", "note": "n"}],
         "scale": [{"id": "y", "label": "Yes"}, {"id": "n", "label": "No"}]},
    ],
}
FIELDS = [("title",), ("intro",), ("questions", 0, "text"), ("questions", 0, "help"),
          ("questions", 0, "options", 0, "label"), ("questions", 1, "unit"), ("questions", 2, "rows", 0, "text"),
          ("questions", 2, "rows", 0, "note"), ("questions", 2, "scale", 0, "label")]
CAUGHT = [t for t in TRICKS if find_markup(t)]


def test_the_base_questionnaire_is_valid():
    validate(copy.deepcopy(BASE))


@pytest.mark.parametrize("path", FIELDS, ids=lambda p: ".".join(map(str, p)))
@pytest.mark.parametrize("trick", CAUGHT[:6])
def test_the_organiser_is_told_in_every_field(path, trick):
    data = copy.deepcopy(BASE)
    holder = data
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = trick if path[-1] != "unit" else "![t][r]"  # a unit has 20 characters at most
    with pytest.raises(QuestionnaireError, match="images, links and HTML are not allowed"):
        validate(data)


def test_the_check_knows_the_reference_forms_it_once_missed():
    assert find_markup("A ![t][r]") and find_markup("[r]: http://example.invalid/ref.png")
    assert find_markup("[click][r]") and find_markup("&#60;img&#62;")
    assert find_markup("Trafficking (art. 3) and **bold**") is None


PLAIN = st.characters(blacklist_characters="*_\r\n\t\x0b\x0c", blacklist_categories=("Cs", "Cc", "Zl", "Zp"))


@given(st.text(alphabet=PLAIN, max_size=80))
def test_a_line_of_organiser_text_reads_exactly_as_typed(text):
    """What a screen reader gets too: Streamlit puts a widget's label into its aria-label as given,
    so escapes are kept to what Markdown would otherwise act on ("anti-money" stays as it is)."""
    import html as html_module
    import re

    shown = html_module.unescape(re.sub(r"<[^>]+>", "", GFM.render(markdown_text(text)))).strip()
    assert " ".join(shown.split()) == " ".join(text.split())


def test_ordinary_legal_text_needs_no_escapes():
    for text in ("Anti-money laundering (AML) / counter-terrorist financing", "art. 3(a) of the Protocol",
                 "Covered partially / only by interpretation or case law", "Roughly what share (%) of cases?"):
        assert markdown_text(text) == text
    assert markdown_text("- a list?\n1. or this\n# or a heading") == "\\- a list?\n1\\. or this\n\\# or a heading"
