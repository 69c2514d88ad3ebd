"""Words in running text: where the word at an offset begins and ends."""

import re

# A word: letters and digits, joined by a hyphen or an apostrophe between two of them (anak-anak).
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_span(text: str, offset: int) -> tuple[int, int] | None:
    """The (start, end) of the word at `offset` in `text` (or ending just before it); None off words."""
    before = None
    for match in _WORD.finditer(text):
        if match.start() <= offset < match.end():
            return match.span()
        if match.end() == offset:
            before = match.span()
        if match.start() > offset:
            break
    return before
