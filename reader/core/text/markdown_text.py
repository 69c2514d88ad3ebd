"""Markdown posts: headings as blocks, inline markup removed so the reader sees the words."""

import re

from reader.core.text.layout import Draft, normalise_space, parse_date_line

# Enough Markdown for blog posts, without a Markdown library at run time: ATX and setext
# headings, paragraphs over soft line breaks, list items and block quotes as paragraphs,
# fenced code kept as text, front matter for title/date/author/url.
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_BREAK = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,}).*")
_LIST_ITEM = re.compile(r" *(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)")
_QUOTE = re.compile(r" {0,3}>[ \t]?(.*)")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:\s*\S+.*")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")

_ESCAPABLE = "\\`*_{}[]()#+-.!>~|"
# Escaped characters hide here while the markup is removed (private-use code points).
_HIDE = {char: chr(0xE000 + index) for index, char in enumerate(_ESCAPABLE)}
_SHOW = {hidden: char for char, hidden in _HIDE.items()}
_INLINE = [
    (re.compile(r"`+\s?(.*?)\s?`+"), r"\1"),
    (_IMAGE, ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
]


def strip_inline(text: str) -> str:
    """The words of a line of Markdown: emphasis, code marks, links and images removed."""
    text = re.sub(r"\\([" + re.escape(_ESCAPABLE) + "])", lambda m: _HIDE[m[1]], text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return normalise_space(text.translate(str.maketrans(_SHOW)))


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """`key: value` pairs of a leading `---` block, and the lines after it."""
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            fields = {}
            for line in lines[1:end]:
                key, colon, value = line.partition(":")
                if colon and not key.startswith((" ", "\t")):
                    fields[key.strip().lower()] = value.strip().strip("'\"")
            return fields, lines[end + 1 :]
    return {}, lines


def _blocks(lines: list[str]) -> list[tuple[str, int, str]]:
    """(kind, heading level or 0, text) for each block of Markdown, in order."""
    blocks: list[tuple[str, int, str]] = []
    paragraph: list[str] = []
    fence = ""

    def flush(markup: bool = True) -> None:
        if paragraph:
            raw = " ".join(paragraph)
            paragraph.clear()
            if markup and (image := _IMAGE.fullmatch(raw.strip())):
                if alt := normalise_space(image[1]):
                    blocks.append(("caption", 0, alt))
                return
            text = strip_inline(raw) if markup else normalise_space(raw)
            if text:
                blocks.append(("paragraph", 0, text))

    for line in lines:
        if fence:
            if line.strip().startswith(fence):
                flush(markup=False)
                fence = ""
            else:
                paragraph.append(line)
        elif match := _FENCE.fullmatch(line):
            flush()
            fence = match[1]
        elif not line.strip():
            flush()
        elif match := _ATX.fullmatch(line):
            flush()
            if text := strip_inline(match[2] or ""):
                blocks.append(("heading", len(match[1]), text))
        elif paragraph and (match := _SETEXT.fullmatch(line)):
            text = strip_inline(" ".join(paragraph))
            paragraph.clear()
            blocks.append(("heading", 1 if match[1][0] == "=" else 2, text))
        elif _BREAK.fullmatch(line):
            flush()
        elif match := _LIST_ITEM.fullmatch(line):
            flush()  # each item is a paragraph of its own
            paragraph.append(match[1])
        elif match := _QUOTE.fullmatch(line):
            if match[1].strip():
                paragraph.append(match[1])
            else:
                flush()
        elif not paragraph and _REFERENCE.fullmatch(line):
            continue  # a link reference definition: no words for the reader
        else:
            paragraph.append(line)
    flush(markup=not fence)
    return blocks


def parse_markdown(text: str, fallback_title: str) -> Draft:
    """The post in a Markdown file; the first level-1 heading is its title."""
    fields, lines = _front_matter(_COMMENT.sub("", text).splitlines())
    blocks = _blocks(lines)
    title = normalise_space(fields.get("title", ""))
    first = next((i for i, (_, level, _) in enumerate(blocks) if level == 1), None)
    # The first level-1 heading is the title, unless the front matter names another one.
    if first is not None and blocks[first][2] == (title or blocks[first][2]):
        title = blocks.pop(first)[2]
    return Draft(
        title=title or fallback_title,
        date=parse_date_line(fields.get("date", "")),
        author=fields.get("author") or None,
        url=fields.get("url") or fields.get("canonical_url") or None,
        blocks=[(kind, text) for kind, _, text in blocks],
    )
