"""Saved web pages: the article's text, headings, captions and metadata, found by trafilatura."""

from reader.core.layout import Draft, normalise_space, parse_date_line

# trafilatura's XML, and the plain HTML its fallback extractors sometimes return instead.
_HEADINGS = {"head", "h1", "h2", "h3", "h4", "h5", "h6"}
_ROWS = {"row", "tr"}
_CONTAINERS = {
    "body", "div", "list", "quote", "table", "section", "article", "main", "ul", "ol", "dl",
    "blockquote", "tbody", "thead", "tfoot", "center",
}
# Page chrome a fallback extractor may let through, and elements without words for the reader.
_SKIPPED = {
    "graphic", "note", "img", "script", "style", "nav", "aside", "header", "footer", "form", "menu",
    "button", "input", "select", "textarea", "label", "iframe",
}
# Inside a text block these are line breaks or nested blocks: they separate words.
_SEPARATING = _HEADINGS | _ROWS | _CONTAINERS | {"lb", "br", "p", "item", "li", "cell", "td", "th", "dd", "dt"}

_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
# A <figure>, or Blogger's caption table around a photo; trafilatura drops both whole.
_FIGURES = f"//figure | //table[{_CLASS.format('tr-caption-container')}]"
_CAPTIONS = f".//figcaption | .//*[{_CLASS.format('tr-caption')}]"


def _key(text: str) -> str:
    return "".join(text.split())


def _text_of(element) -> str:
    """An element's words; line breaks and nested blocks become spaces."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            pass
        elif child.tag in _SEPARATING:
            parts += [" ", _text_of(child), " "]
        else:
            parts.append(_text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _expose_captions(tree) -> set[str]:
    """Put each figure's caption in a plain paragraph trafilatura keeps; return the captions' keys."""
    keys = set()
    for figure in tree.xpath(_FIGURES):
        text = normalise_space(" ".join(" ".join(c.itertext()) for c in figure.xpath(_CAPTIONS)))
        if figure.getparent() is None or not text:
            continue
        # Only the caption goes in: trafilatura drops a paragraph nested beside an image, or
        # under a class that says "caption".
        paragraph = figure.makeelement("p")
        paragraph.text, paragraph.tail = text, figure.tail
        figure.getparent().replace(figure, paragraph)
        keys.add(_key(text))
    return keys


def _blocks(element, captions: set[str]) -> list[tuple[str, str]]:
    """Blocks for an extracted body, in reading order."""
    blocks = []
    if text := normalise_space(element.text or ""):
        blocks.append(("paragraph", text))  # loose text in a container
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            pass  # XML comments, images, chrome
        elif child.tag in _ROWS:
            cells = [normalise_space(_text_of(cell)) for cell in child]
            if text := " | ".join(cell for cell in cells if cell):
                blocks.append(("paragraph", text))
        elif child.tag in _CONTAINERS:
            blocks += _blocks(child, captions)
        elif child.tag in _HEADINGS and (text := normalise_space(_text_of(child))):
            blocks.append(("heading", text))
        elif text := normalise_space(_text_of(child)):
            blocks.append(("caption" if _key(text) in captions else "paragraph", text))
        if tail := normalise_space(child.tail or ""):
            blocks.append(("paragraph", tail))
    return blocks


def parse_webpage(html: str, fallback_title: str) -> Draft:
    """The article in a saved web page; no blocks when trafilatura finds no article."""
    # Imported here: trafilatura takes a quarter of a second to import, and start-up must not wait.
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return Draft(title=fallback_title)
    captions = _expose_captions(tree)
    found = trafilatura.bare_extraction(
        tree,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=True,
        # No extensive search: it takes the "© 2023" of a footer for the publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None:
        return Draft(title=fallback_title)
    title = normalise_space(found.title or "") or fallback_title
    body = found.body
    blocks = _blocks(body, captions) if body is not None and body.tag not in _SKIPPED else []
    if blocks and blocks[0] == ("heading", title):
        blocks.pop(0)  # the page's <h1>, which is the title
    url = normalise_space(found.url or "")
    return Draft(
        title=title,
        date=parse_date_line(found.date or ""),
        author=normalise_space(found.author or "") or None,
        url=url if url.startswith(("http://", "https://")) else None,
        blocks=blocks,
    )
