"""Blocks from HTML structure: paragraphs from <p>, <div> and runs of <br>, headings, captions, rows."""

import re

from reader.core.text.layout import looks_like_heading, normalise_space

# Tag names of both HTML and trafilatura's XML ("head", "lb", "item", "row", "cell", "hi", "ref").
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "head"}
_ROWS = {"tr", "row"}
_CELLS = {"td", "th", "cell"}
_BREAKS = {"br", "lb"}
_TABLES = {"table"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "blockquote", "quote", "ul", "ol", "dl", "list", "li",
    "item", "dd", "dt", "tbody", "thead", "tfoot", "figure", "center", "pre", "address", "hr",
    "details", "summary", "body", "caption", "fieldset", "legend",
} | _TABLES | _ROWS | _CELLS
# Elements without words for the reader, and page chrome that can sit inside a post's body.
SKIPPED = {
    "script", "style", "noscript", "iframe", "form", "button", "input", "select", "textarea", "label",
    "img", "svg", "picture", "video", "audio", "canvas", "object", "embed", "map", "template", "nav",
    "aside", "header", "footer", "menu", "title", "meta", "link", "graphic", "note",
}
_BOLD = {"b", "strong"}
# Elements that hold a photo's caption: <figcaption>, Blogger's caption cell, WordPress's captions.
_CAPTION_CLASSES = {"tr-caption", "wp-caption-text", "wp-element-caption", "caption", "image-caption"}
_CAPTION_SUFFIXES = ("__caption", "-caption", "_caption")
_CLASS_SPLIT = re.compile(r"\s+")


def classes(element) -> set[str]:
    """The element's class names, lower-cased."""
    return {name.lower() for name in _CLASS_SPLIT.split(element.get("class") or "") if name}


def is_caption_element(element) -> bool:
    if element.tag == "figcaption":
        return True
    if "class" not in element.attrib:
        return False
    names = classes(element)
    # News sites name theirs in BEM style: photo__caption, detail__media-caption.
    return bool(names & _CAPTION_CLASSES) or any(name.endswith(_CAPTION_SUFFIXES) for name in names)


def text_of(element) -> str:
    """An element's words in one line; line breaks and nested blocks become spaces."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in SKIPPED:
            spaced = child.tag in _BLOCKS or child.tag in _BREAKS or child.tag in _HEADINGS
            parts += [" ", text_of(child), " "] if spaced else [text_of(child)]
        parts.append(child.tail or "")
    return normalise_space("".join(parts))


class _Builder:
    """Collects inline text into paragraphs; two or more <br> in a row end one, a single one is a line break."""

    def __init__(self) -> None:
        self.blocks: list[list] = []  # [kind, text, bold_only]
        self._parts: list[str] = []
        self._breaks = 0
        self._bold: list[str] = []

    def text(self, text: str | None) -> None:
        if not text:
            return
        if not text.isspace():
            self._settle()
        self._parts.append(text.replace("\n", " ").replace("\r", " "))  # "\n" marks a <br>

    def _settle(self) -> None:
        """Words follow: pending line breaks end the paragraph (two or more) or the line (one)."""
        if self._breaks >= 2:
            self.flush()
        elif self._breaks == 1:
            self._parts.append("\n")
        self._breaks = 0

    def line_break(self) -> None:
        if self._parts:
            self._breaks += 1

    def bold(self, text: str) -> None:
        if text:
            self._settle()
            self._bold.append(text)

    def add(self, kind: str, text: str) -> None:
        self.flush()
        if text:
            self.blocks.append([kind, text, False])

    def flush(self) -> None:
        lines = [normalise_space(line) for line in "".join(self._parts).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            # A paragraph that is one bold phrase is how Blogger's editor makes a heading.
            bold_only = "\n" not in text and len(self._bold) == 1 and normalise_space(self._bold[0]) == text
            self.blocks.append(["paragraph", text, bold_only])
        self._parts, self._breaks, self._bold = [], 0, []


def _walk(element, builder: _Builder) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            pass  # comments, processing instructions, media, chrome
        elif tag in _BREAKS:
            builder.line_break()
        elif is_caption_element(child):
            builder.add("caption", text_of(child))
        elif tag in _HEADINGS:
            builder.add("heading", text_of(child))
        elif tag in _ROWS and not _layout_row(child):
            cells = [text_of(cell) for cell in child if isinstance(cell.tag, str) and cell.tag in _CELLS]
            builder.add("paragraph", " | ".join(cell for cell in cells if cell))
        elif tag in _BLOCKS:
            builder.flush()
            builder.text(child.text)
            _walk(child, builder)
            builder.flush()
        else:  # inline: words continue the current paragraph
            if tag in _BOLD:
                builder.bold(text_of(child))
            builder.text(child.text)
            _walk(child, builder)
        builder.text(child.tail)


def _layout_row(row) -> bool:
    """A row of a table used for layout (Blogger's photo and caption table): its cells are blocks."""
    table = next(row.iterancestors("table"), None)
    return table is not None and "tr-caption-container" in classes(table)


def html_blocks(element) -> list[tuple[str, str]]:
    """Blocks in an element, in reading order; a paragraph's single line breaks stay as newlines."""
    builder = _Builder()
    builder.text(element.text)
    _walk(element, builder)
    builder.flush()
    blocks = builder.blocks
    for index, (kind, text, bold_only) in enumerate(blocks):
        # A heading introduces what follows, so a bold last line stays a paragraph.
        if bold_only and index < len(blocks) - 1 and looks_like_heading(text):
            blocks[index][0] = "heading"
    return [(kind, text) for kind, text, _ in blocks]
