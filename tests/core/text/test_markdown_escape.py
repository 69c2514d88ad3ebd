"""Text escaped into Markdown renders exactly as written, whatever it holds."""

import pytest
from markdown_it import MarkdownIt

from reader.core.text.markdown_escape import escape_markdown_inline, escape_markdown_line
from tests.support.markdown_tokens import inline_text, items_of, quote_of

PRESETS = ("commonmark", "default")  # "default" adds GFM tables and strikethrough

HOSTILE = [
    "*bold*", "**strong**", "_x_", "__y__", "`code`", "``a`b``", "[link](url)", "![img](x.png)",
    "[ref]: http://example.com", "<b>", "</b>", "<http://example.com>", "<!-- comment -->", "&amp;",
    "&#65; &#x42; &copy;", "& alone", "# heading", "###### six", "#tag mid #tag", "1. item", "2) item",
    "1234567890. not a list", "> quote", "---", "***", "___", "===", "- item", "+ item", "* item",
    "```", "~~~", "~~strike~~", "\\", "trailing backslash \\", "\\*escaped\\*", "|a|b|",
    "| a | b |\n|---|---|\n| 1 | 2 |", "$x$ and $5", "emoji 😀🤝🏽", "“curly” ‘single’ «guillemets»",
    "  leading and trailing  ", "\tleading tab", "tab\tinside", "line one\nline two",
    "a\n\nb", "a\n\n\nb", "\nstarts with a break", "ends with a break\n", "ends with two\n\n",
    "Setext\n===", "Setext\n---", "x\r\ny", "a  \nb", "  \n  ", "\u00a0non-breaking\u00a0",
    "    indented code", "Kata \"Antonov\", kata-nya: “Rusia—AS”, 16 Juni.",
]


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("text", HOSTILE)
def test_escape_markdown_inline_renders_any_text_exactly_as_written(text, preset):
    tokens = MarkdownIt(preset).parse(escape_markdown_inline(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert inline_text(tokens[1]) == text


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_stays_one_block_quote_inside_a_list_item(text, preset):
    lines = escape_markdown_inline(text).split("\n")
    source = "\n".join(["-   > " + lines[0]] + ["    > " + line for line in lines[1:]]) + "\n\n-   > next\n"
    items = items_of(MarkdownIt(preset).parse(source))
    assert len(items) == 2
    assert quote_of(items[0]) == text


@pytest.mark.parametrize("text", [t for t in HOSTILE if t.strip()])
def test_escape_markdown_line_keeps_a_heading_one_line_showing_the_text(text):
    tokens = MarkdownIt("commonmark").parse("## " + escape_markdown_line(text))
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"]
    assert inline_text(tokens[1]) == text


@pytest.mark.parametrize("control", ["\x0b", "\x1c", "\x1f", "\x85"])
def test_escaping_cannot_keep_the_control_characters_parsers_strip_at_a_line_end(control):
    # A known limit (docs/decisions/0007): raw they are stripped, as references refused.
    tokens = MarkdownIt("commonmark").parse(escape_markdown_inline("a" + control))
    assert inline_text(tokens[1]) == "a\ufffd"
    assert inline_text(MarkdownIt("commonmark").parse(escape_markdown_inline("a" + control + "b"))[1]) == "a" + control + "b"


def test_escaping_leaves_ordinary_indonesian_text_readable():
    text = "Moskow percaya kerja sama dengan Washington, kata Antonov. “Ini menyangkut pertahanan rudal”."
    assert escape_markdown_inline(text) == text
