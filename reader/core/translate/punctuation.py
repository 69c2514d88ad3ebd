"""Punctuation in a translation made to follow the source sentence: quote marks above all.

The BPE kind of package (Moses + subword-nmt, the official Indonesian → English one) loses it:
Moses's normalizer turns every quote mark into `"`, and its detokenizer decides by counting
whether each `"` opens or closes, so a sentence ending a quotation opened in an earlier sentence
comes back as `Russia-US. "` and `positif,” kata` as `positive, "said`. The source sentence still
knows which mark it wrote and whether each one opens or closes (from the spacing around it), so
the translation's marks are paired with the source's in order and take their shape and role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Two families, paired separately: a sentence may quote inside a quotation.
_DOUBLE = "\"“”„«»"
_SINGLE = "'‘’‚‹›"
_PARTNER = {
    "“": "”", "”": "“", "„": "“", "«": "»", "»": "«", "‘": "’", "’": "‘", "‚": "‘", "‹": "›", "›": "‹",
}
# What a closing mark may touch on its right, and an opening mark on its left.
_AFTER_CLOSING = ".,;:!?)]}…"
_BEFORE_OPENING = "([{"
# Pairing a translation's marks with the source's by their place in the sentence (0 to 1): the
# cost of leaving a mark unpaired, against the distance between two paired marks.
_UNPAIRED = 0.25


@dataclass(frozen=True)
class _Mark:
    position: int
    char: str
    opening: bool
    space_before: bool
    space_after: bool


def follow_quotes(source: str, translation: str) -> str:
    """The translation with its quote marks shaped and spaced as the source's, in order."""
    for family in (_DOUBLE, _SINGLE):
        originals = _marks(source, family)
        if originals:
            translation = _reshape(source, translation, originals, family)
    return translation


def _is_mark(text: str, i: int, family: str) -> bool:
    """Whether text[i] is a quote mark of the family, not an apostrophe inside a word."""
    if text[i] not in family:
        return False
    if family is _SINGLE and text[i] in "'’":
        return not (0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum())
    return True


def _marks(text: str, family: str, start_inside: bool = False) -> list[_Mark]:
    """The family's marks in `text`, each judged opening or closing by its spacing."""
    marks = []
    depth = 1 if start_inside else 0
    for i, char in enumerate(text):
        if not _is_mark(text, i, family):
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        space_before, space_after = not before or before.isspace(), not after or after.isspace()
        if space_before != space_after:
            opening = space_before
        elif after and after in _AFTER_CLOSING:
            opening = False
        elif before and (before in _BEFORE_OPENING or before in family):
            opening = True
        else:
            opening = depth == 0  # spaced or touching on both sides: count
        depth = depth + 1 if opening else max(depth - 1, 0)
        marks.append(_Mark(i, char, opening, space_before, space_after))
    return marks


def _reshape(source: str, translation: str, originals: list[_Mark], family: str) -> str:
    """Give the translation's marks of one family the shape, role and spacing of the source's."""
    own = _marks(translation, family, start_inside=not originals[0].opening)
    if not own:
        return translation
    if len(own) == len(originals):
        wanted = originals
    elif family is _SINGLE:
        return translation  # an English apostrophe (`leaders'`) may look like a mark: no guessing
    else:
        # The model added or dropped a mark. Each of its marks is paired with the source's mark
        # at about the same place in the sentence; one left over opens after a closing mark and
        # closes after an opening one (Moses's spacing of it is only a guess).
        pairs = _pair(
            [mark.position / len(translation) for mark in own],
            [mark.position / len(source) for mark in originals],
        )
        wanted, inside = [], not originals[0].opening
        for k, mark in enumerate(own):
            if k in pairs:
                wanted.append(originals[pairs[k]])
            else:
                opening = not inside
                wanted.append(_Mark(mark.position, _shape(originals, opening), opening, opening, not opening))
            inside = wanted[-1].opening
    # Text, mark, text, mark, ..., text: each stretch of text is spaced from its two neighbours.
    bounds = [-1] + [mark.position for mark in own] + [len(translation)]
    pieces = []
    for k in range(len(own) + 1):
        left = wanted[k - 1] if k > 0 else None
        right = wanted[k] if k < len(own) else None
        pieces.append(_respace(translation[bounds[k] + 1 : bounds[k + 1]], left, right))
        if right is not None:
            pieces.append(right.char)
    return "".join(pieces)


def _pair(ours: list[float], theirs: list[float]) -> dict[int, int]:
    """The order-keeping pairing of two lists of places with the least total distance."""
    n, m = len(ours), len(theirs)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 or j == 0:
                cost[i][j] = (i + j) * _UNPAIRED
            else:
                cost[i][j] = min(
                    cost[i - 1][j - 1] + abs(ours[i - 1] - theirs[j - 1]),
                    cost[i - 1][j] + _UNPAIRED,
                    cost[i][j - 1] + _UNPAIRED,
                )
    pairs, i, j = {}, n, m
    while i and j:
        if cost[i][j] == cost[i - 1][j - 1] + abs(ours[i - 1] - theirs[j - 1]):
            pairs[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + _UNPAIRED:
            i -= 1
        else:
            j -= 1
    return pairs


def _shape(originals: list[_Mark], opening: bool) -> str:
    """The source's mark for that role, or the partner of one it used for the other role."""
    for mark in originals:
        if mark.opening == opening:
            return mark.char
    return _PARTNER.get(originals[0].char, originals[0].char)


def _respace(text: str, left: _Mark | None, right: _Mark | None) -> str:
    """The text between two marks, spaced as the source spaced those marks."""
    if left is not None and text:
        following = text.lstrip()[:1]
        if left.space_after:
            # `” kata`, and a source's spaced opening mark (`" Kami`) too.
            if not text[0].isspace() and following not in _AFTER_CLOSING:
                text = " " + text
        elif left.opening or following in _AFTER_CLOSING:
            text = text.lstrip()  # `“Kami`, `AS.”.`; a word after a closing mark keeps its space
    if right is not None and text:
        preceding = text.rstrip()[-1:]
        if right.space_before:
            if not text[-1].isspace() and not (right.opening and preceding in _BEFORE_OPENING):
                text += " "
        elif not right.opening or preceding in _BEFORE_OPENING or preceding in ":/—–-":
            text = text.rstrip()  # `positif,”`, and `("Kami` or `mencatat:"Kami` as written
    if left is not None and right is not None and not text.strip():
        # Only space between two marks: as the source spaced them (`” “`, `"'`).
        text = " " if left.space_after and right.space_before else ""
    return text


# --- Other marks Moses changes -----------------------------------------------------------------

# Moses's normalizer writes `…` as `...` and both dashes as `-`; its tokenizer splits `18/6/2021`
# and `©TASS`, and no detokenizer joins them again. Each is put back only where the source
# wrote it that way throughout, so a translation's own punctuation is left alone.
_TIGHT_SLASH = re.compile(r"(?<=\S) / (?=\S)")
_LOOSE_SLASH = re.compile(r"\s/|/\s")
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
_NUMBER_RANGE = re.compile(r"(?<=\d)([-–])(?=\d)")


def follow_punctuation(source: str, translation: str) -> str:
    """The translation with the source's quote marks, ellipses, dashes, ranges and tight slashes."""
    translation = follow_quotes(source, translation)
    if "…" in source and "..." not in source:
        translation = translation.replace("...", "…")
    if "—" in source and " - " not in source:
        translation = _SPACED_HYPHEN.sub(" — " if " — " in source else "—", translation)
    ranges = {dash for dash in _NUMBER_RANGE.findall(source)}
    if ranges == {"–"}:
        translation = _NUMBER_RANGE.sub("–", translation)
    if "/" in source and not _LOOSE_SLASH.search(source):
        translation = _TIGHT_SLASH.sub("/", translation)
    if "©" in source and "© " not in source:
        translation = translation.replace("© ", "©")
    return translation
