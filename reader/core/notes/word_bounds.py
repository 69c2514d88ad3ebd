"""Where words begin and end in a block's text, so that a quote made with the mouse holds whole words.

A word is letters and digits, joined across a hyphen (`anak-anak`, `1990-an`), an apostrophe between
letters (`Jum'at`, `Qur’an`), and a point or comma between digits (`1.000`, `3,5`). Punctuation
around it is not part of it, with two exceptions for Indonesian (and English) affixes: a hyphen
before a lower-case letter or a digit (`-nya`, `-5`), and a hyphen after a word that is left hanging
before a conjunction or a punctuation mark (`di- dan ke-`, `pra-,`). A hyphen written as a dash
(`Murdoch- seorang model`, `Rekan -PricewaterhouseCoopers`, both in tests/data) stays outside.
"""

import bisect
import re
from collections.abc import Sequence

_HYPHEN = "[-\u2010\u2011]"  # hyphen-minus, hyphen, non-breaking hyphen
_JOINER = rf"(?:{_HYPHEN}|(?<=[^\W\d_])['’](?=[^\W\d_])|(?<=\d)[.,](?=\d))"
# Letters, digits and combining marks; no underscore.
_PART = r"(?:[^\W_]|[\u0300-\u036f])+"
_CONJUNCTION = r"(?i:dan|atau|maupun|serta|hingga|sampai|and|or|nor|to)\b"
_LEADING = rf"(?:{_HYPHEN}(?=[a-z0-9]))?"
_TRAILING = rf"(?:{_HYPHEN}(?=\s+{_CONJUNCTION}|[^\w\s]|$))?"
_WORD = re.compile(rf"{_LEADING}{_PART}(?:{_JOINER}{_PART})*{_TRAILING}")


def word_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) of every word in `text`, in order."""
    return [match.span() for match in _WORD.finditer(text)]


def word_at(text: str, offset: int, spans: Sequence[tuple[int, int]] | None = None) -> tuple[int, int] | None:
    """The word holding the character at `offset`, else the one ending there; None between words."""
    spans = word_spans(text) if spans is None else spans
    index = bisect.bisect_right(spans, (offset, len(text) + 1)) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    if index >= 0 and spans[index][1] == offset:
        return spans[index]
    return None


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened so that neither end lies inside a word; ends between words stay."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    spans = word_spans(text)
    return _widen(spans, start, "start"), _widen(spans, end, "end")


def _widen(spans: Sequence[tuple[int, int]], offset: int, side: str) -> int:
    """`offset` moved to the start (side "start") or end ("end") of the word it lies strictly inside."""
    index = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    if index >= 0 and spans[index][0] < offset < spans[index][1]:
        return spans[index][0] if side == "start" else spans[index][1]
    return offset


def next_word_end(text: str, offset: int) -> int | None:
    """The end of the word holding or following `offset` (after any end at `offset`); None if none."""
    for start, end in word_spans(text):
        if end > offset:
            return end
    return None


def previous_word_start(text: str, offset: int) -> int | None:
    """The start of the word holding or before `offset` (before any start at `offset`); None if none."""
    found = None
    for start, _end in word_spans(text):
        if start >= offset:
            break
        found = start
    return found
