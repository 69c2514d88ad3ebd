"""How much Baca reads and translates at once: every limit that bounds memory and time.

A post is a few thousand words; these limits are far above any real one (the longest paragraph
in tests/data is 1,681 characters, the longest sentence 367) and keep an accidental 19 MB file
from taking minutes and gigabytes. See docs/decisions/0018.
"""

import re

# A file larger than this is refused before it is read (saved web pages carry much markup).
MAX_DOCUMENT_MB = 20
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB * 1024 * 1024
# The text a document may hold, counted before it is split into sentences: about 150,000 words.
MAX_TEXT_CHARS = 1_000_000
# Paragraphs (blocks) after long ones are split.
MAX_BLOCKS = 5_000
# A longer paragraph becomes several blocks, cut after a sentence where one ends.
MAX_BLOCK_CHARS = 4_000
# A longer sentence is cut after a clause (or a word) before it reaches the model: what the
# reader points at and what the model reads stay the same unit.
MAX_SENTENCE_CHARS = 600
# Model input in tokens: a sentence whose tokens exceed this is translated in parts split at
# words. Output is about as long as input, under the 256-token decoding limit.
MAX_INPUT_TOKENS = 200

# Cut points, best first: after a sentence's end, after a clause, between words.
_CUTS = (
    re.compile(r"[.!?…][\"'”’»)\]]*\s+"),
    re.compile(r"[,;:—–)\]][\"'”’»]*\s+"),
    re.compile(r"\s+"),
)


def split_long(text: str, limit: int, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Offsets of pieces of text[start:end], none over `limit` characters, cut where it reads best.

    A cut falls in the second half of a piece's room, after a sentence end if there is one,
    else after a clause, else between words, else anywhere. The whitespace at a cut belongs to
    no piece.
    """
    end = len(text) if end is None else end
    pieces = []
    while end - start > limit:
        floor, ceiling = start + limit // 2, start + limit
        cut = rest = None
        for pattern in _CUTS:
            for match in pattern.finditer(text, floor, min(ceiling + 1, end)):
                stop = match.end() - len(match.group()) + len(match.group().rstrip())
                if stop <= ceiling:
                    cut, rest = stop, match.end()
            if cut is not None:
                break
        if cut is None:
            cut = rest = ceiling
        pieces.append((start, cut))
        start = rest
    if start < end:
        pieces.append((start, end))
    return pieces


# Before a saved page reaches trafilatura (98 s and 700 MB for 19 MB of paragraphs), the text it
# shows is estimated with two regular expressions: the characters outside tags, scripts and
# styles, spaces not counted. The article is part of that, and page chrome rarely doubles it,
# so a page showing more than twice the text limit is refused unparsed.
MAX_PAGE_TEXT_CHARS = 2 * MAX_TEXT_CHARS
_HIDDEN = re.compile(r"<(script|style|template)\b|<!--", re.IGNORECASE)
_CLOSING = {
    name: re.compile(rf"</{name}\s*>" if name else "-->", re.IGNORECASE)
    for name in ("script", "style", "template", None)
}
_TAG = re.compile(r"<[^>]*>")


def visible_chars(html: str) -> int:
    """About how many characters other than spaces an HTML page shows (an entity counts as several)."""
    shown, position = [], 0
    # One pass: an element left open hides the rest of the page, as a browser would.
    while opening := _HIDDEN.search(html, position):
        shown.append(html[position : opening.start()])
        closing = _CLOSING[opening.group(1) and opening.group(1).lower()].search(html, opening.end())
        if closing is None:
            position = len(html)
            break
        position = closing.end()
    shown.append(html[position:])
    text = _TAG.sub("", "".join(shown))
    return len(text) - sum(text.count(space) for space in " \n\t\r\f\v")
