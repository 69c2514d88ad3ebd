"""Reading Markdown back through markdown-it's tokens: what a paragraph shows, the list items, their quotes."""


def inline_text(inline) -> str:
    """What an inline token shows, read back from its children: text and line breaks only."""
    parts = []
    for child in inline.children:
        assert child.type in ("text", "softbreak", "hardbreak"), (child.type, child.content)
        parts.append("\n" if child.type in ("softbreak", "hardbreak") else child.content)
    return "".join(parts)


def items_of(tokens) -> list[list]:
    """The tokens of each annotation: the list items at the top level of the document."""
    items, current = [], None
    for token in tokens:
        if token.type == "list_item_open" and token.level == 1:
            current = []
        if current is not None:
            current.append(token)
        if token.type == "list_item_close" and token.level == 1:
            items.append(current)
            current = None
    return items


def quote_of(item) -> str:
    """The text of the item's block quote, which must be one paragraph of plain text."""
    opened = next(i for i, t in enumerate(item) if t.type == "blockquote_open")
    closed = next(i for i, t in enumerate(item) if t.type == "blockquote_close" and t.level == item[opened].level)
    inlines = [t for t in item[opened:closed] if t.type == "inline"]
    assert len(inlines) == 1
    return inline_text(inlines[0])
