"""Saved web pages: the post's title, metadata and blocks, and nothing of the page around it."""

import logging
from copy import deepcopy

from reader.core.text.layout import Draft, normalise_space, parse_date_line
from reader.core.text.page_blocks import SKIPPED, html_blocks
from reader.core.text.page_chrome import expose_captions, find_post_body, lead_captions, strip_chrome
from reader.core.text.page_title import post_title, site_name, title_element

log = logging.getLogger(__name__)

_EXTRACTION = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
}
# No extensive search: it takes the "© 2023" of a footer for the publication date.
_DATES = {"extensive_search": False, "original_date": True}


def _key(text: str) -> str:
    """The text without whitespace: trafilatura and we space and join pieces differently."""
    return "".join(text.split())


def _line_key(line: str) -> str:
    return line.replace(" ", "")  # a line is already normalised: cheaper than _key, the same result


class _Text:
    """Finds pieces of text in a long one, expecting them mostly in order."""

    def __init__(self, texts: list[str]) -> None:
        self._text = "".join(map(_line_key, texts))
        self._at = 0

    def __contains__(self, piece: str) -> bool:
        found = self._text.find(piece, self._at)
        if found < 0:
            found = self._text.find(piece)
        if found >= 0:
            self._at = found + len(piece)
        return found >= 0


def _lines(blocks: list[tuple[str, str]]) -> list[str]:
    return [line for _, text in blocks for line in text.split("\n")]


def _shortfall(ours: list[tuple[str, str]], theirs: list[tuple[str, str]], body) -> str:
    """How the post's element and our blocks fall short of trafilatura's finds, or "" if they do not."""
    in_body, in_ours = _Text([_key(" ".join(body.itertext()))]), _Text(_lines(ours))
    missing, inside, outside = 0, 0, 0
    for line in _lines(theirs):
        key = _line_key(line)
        if key in in_body:
            inside += len(key)
            missing += key not in in_ours
        else:
            outside += len(key)
    if missing:
        return f"misses {missing} lines trafilatura found in it"
    if outside > inside:
        return "holds less than half of what trafilatura found"  # a teaser box, not the post
    return ""


def _metadata(tree, url: str | None):
    """Title, date, author and URL as trafilatura reads them from the page as saved."""
    # Imported here: trafilatura takes a quarter of a second to import, and start-up must not wait.
    from trafilatura.metadata import extract_metadata

    return extract_metadata(deepcopy(tree), url, _DATES, False)


def _trafilatura_blocks(tree, url: str | None) -> list[tuple[str, str]]:
    """The blocks trafilatura finds in the page, its photo captions kept."""
    import trafilatura

    tree = deepcopy(tree)
    captions = expose_captions(tree)
    found = trafilatura.bare_extraction(tree, url=url, with_metadata=False, **_EXTRACTION)
    if found is None or found.body is None or found.body.tag in SKIPPED:
        return []  # nothing, or a fallback extractor's menu
    return [("caption" if _key(text) in captions else kind, text) for kind, text in html_blocks(found.body)]


def _drop_title(blocks: list[tuple[str, str]], title: str) -> list[tuple[str, str]]:
    """Without the title repeated as the first body line."""
    if not blocks:
        return blocks
    kind, text = blocks[0]
    first, _, rest = text.partition("\n")
    if _key(first).casefold() != _key(title).casefold():
        return blocks
    return ([(kind, rest)] if rest else []) + blocks[1:]


def parse_webpage(html: str, fallback_title: str, *, url: str | None = None) -> Draft:
    """The post in a saved web page; no blocks when none is found. `url`: where it was fetched from."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return Draft(title=fallback_title)
    metadata = _metadata(tree, url)  # before the chrome goes: Blogger's author is in the post footer
    site = site_name(tree)
    body = find_post_body(tree)
    unstripped = deepcopy(tree) if body is None else None
    strip_chrome(tree, body)
    title_at = title_element(tree, body)
    extracted = _trafilatura_blocks(tree, url)
    if unstripped is not None and not extracted:
        # Everything went with the chrome: the article sits in an element with a chrome-like name.
        extracted = _trafilatura_blocks(unstripped, url)
    blocks = extracted
    if body is not None:
        ours = [("caption", text) for text in lead_captions(title_at, body)]
        ours += html_blocks(body)
        # trafilatura is the floor: what it finds in the post's element must be in ours.
        if shortfall := _shortfall(ours, extracted, body):
            log.info("the post's element %s; using trafilatura's blocks", shortfall)
        else:
            blocks = ours
    title = post_title(tree, title_at, site, metadata.title or "") or fallback_title
    blocks = [(kind, normalise_space(text)) for kind, text in _drop_title(blocks, title)]
    page_url = normalise_space(metadata.url or "")
    if not page_url.startswith(("http://", "https://")):
        page_url = url
    return Draft(
        title=title,
        date=parse_date_line(metadata.date or ""),
        author=normalise_space(metadata.author or "") or None,
        url=page_url,
        blocks=blocks,
    )
