"""Finding one annotation's quote in a changed column: the searches in order of trust, and what vouches for a span."""

# The rules and the figures behind them: docs/decisions/0019-reanchoring-evidence.md.

from reader.core.notes.anchoring import SHORT_QUOTE, edit_distance, find_exact, locate_approximate
from reader.core.notes.annotations import Annotation
from reader.core.notes.copies import (
    Column,
    Occurrences,
    Place,
    bracketed,
    exact_copies,
    occurrences_within,
    verbatim_anywhere,
    verbatim_in_own_block,
)
from reader.core.notes.evidence import (
    BOTH_DISPLACED,
    BOTH_SIDES,
    NEAR,
    ONE_SIDE,
    ONE_SIDE_AND_DISPLACED,
    ONE_SIDE_AND_PART,
    cuts_word,
    evidence,
    one_verbatim,
    overlaps_context,
    some_support,
)

__all__ = ["Column", "Place", "find"]

LONG_QUOTE = 24  # a quote this long is no coincidence
SIMILAR_ALONE = 0.75  # how similar an edited quote must be when its context vouches only in part
NEARBY = 2  # blocks either side of the quote's own searched before the whole column
SHORT_COLUMN = 20_000  # code points of a column searched whole for a verbatim copy before anything else


def find(annotation: Annotation, column: Column) -> Place | None:
    """(block, start, end) of the quote in `column`, or None when nothing vouches for any span."""
    # In order of trust: an exact copy between both contexts verbatim; the text between both
    # contexts verbatim (the quote rewritten in place); an exact copy held by both contexts, or by
    # one with the other pushed away by inserted text, or with both pushed away; an approximate
    # span vouched for the same ways. The first two are looked for near the quote's block first
    # (the blocks within NEARBY), then in the whole column (a paragraph moved with its quote keeps
    # the quote's context verbatim); everything weaker only near it. Beyond the nearby blocks, a
    # copy or a span whose context agrees only in part was never once the right answer in the
    # benchmarks, and was one for deleted quotes again and again: a document repeats its phrases.
    # An exact copy held by one side alone is weak evidence: that is what a deleted sentence leaves
    # among the sentences around it. It is taken last, in the quote's own block, when the other
    # side still partly agrees.
    a = annotation
    verbatim = verbatim_in_own_block(a, column)
    if verbatim is None and len(column.whole) <= SHORT_COLUMN:
        verbatim = verbatim_anywhere(a, column, column.offset(a.block) + a.start, Occurrences(column.whole))
    if verbatim is not None:
        return verbatim  # the common cases, settled without judging anything
    rewrites: dict = {}  # the own block's gaps, judged once
    if a.block in column.texts:
        own = column.around(a.block, 0)
        between = bracketed(a, own, a.start, Occurrences(own.whole), rewrites)
        if between is not None and own.texts[a.block][between[1] : between[2]] == a.exact:
            return between  # words inserted beside it
    local = column.around(a.block, NEARBY)
    hint = local.offset(a.block) + a.start  # where the blocks before it kept their lengths
    seen = Occurrences(local.whole)
    copies = exact_copies(a, local, hint, seen)
    if copies and copies[0][0] == BOTH_SIDES and copies[0][1] == 2:
        return copies[0][-1]  # both contexts verbatim
    between = bracketed(a, local, hint, seen, rewrites)
    if between is not None:
        return between
    best = copies[0] if copies and copies[0][0] >= BOTH_DISPLACED else None
    # Before the whole column is searched, a copy vouched for less than verbatim on both sides is
    # taken only in the quote's own block and with one context verbatim: a moved paragraph's
    # verbatim copy elsewhere must be able to beat a nearby coincidence ("di" between "persen" and
    # "akhir 200...", a sentence that a sub-heading repeats with one word more).
    if best is not None:
        block, start, end = best[-1]
        if block == a.block and one_verbatim(a, column.texts[block], start, end):
            return best[-1]
    if local is not column:
        hint = column.offset(a.block) + a.start
        seen = Occurrences(column.whole)
        far = verbatim_anywhere(a, column, hint, seen) or bracketed(a, column, hint, seen)
        if far is not None:
            return far
    if best is not None:
        return best[-1]
    own = column.texts.get(a.block)
    if own is not None:
        found = _judged(a, a.block, own, _search(own, a, a.start), own=True)
        if found is not None:
            return found
    for level, _, _, place in copies:
        # In its own block, an exact copy with one whole context and the other in part comes
        # before approximate spans elsewhere.
        if place[0] == a.block and level >= ONE_SIDE_AND_PART:
            return place
    for block in (a.block + 1, a.block - 1, a.block + 2, a.block - 2):
        text = column.texts.get(block)
        if text is not None:
            found = _judged(a, block, text, _search(text, a, None), own=False)
            if found is not None:
                return found
    for level, _, _, place in copies:
        if abs(place[0] - a.block) <= 1 and (level >= ONE_SIDE_AND_PART or len(a.exact) >= LONG_QUOTE):
            return place
    if len(a.exact) >= SHORT_QUOTE and len(a.exact.split()) > 1:
        # The one copy, in its block and the two beside it (a paragraph added or removed before
        # it), of a phrase (not a single word, however long: "Indonesia" recurs), with a context
        # displaced or agreeing in part: the text around it was rewritten on both sides.
        near = [
            (block, start)
            for block in (a.block, a.block + 1, a.block - 1)
            if block in column.texts
            for start, _ in find_exact(column.texts[block], a.exact)
        ]
        if len(near) == 1:
            block, start = near[0]
            end = start + len(a.exact)
            text = column.texts[block]
            if not cuts_word(a, text, start, end) and some_support(a, text, start, end):
                return block, start, end
    return None


# Approximate spans


def _search(text: str, annotation: Annotation, hint: int | None) -> tuple[int, int] | None:
    """locate_approximate(), and for a short quote whose whole context changed, again with the nearest context."""
    a = annotation
    span = locate_approximate(text, a.exact, a.prefix, a.suffix, hint=hint)
    if span is None and len(a.exact) < SHORT_QUOTE and (len(a.prefix) > NEAR or len(a.suffix) > NEAR):
        # A short quote moves only where its context touches it exactly; an inserted sentence
        # changes the far end of a 32-code-point context while the near end still vouches.
        span = locate_approximate(text, a.exact, a.prefix[-NEAR:], a.suffix[:NEAR], hint=hint)
    return span


def _judged(annotation: Annotation, block: int, text: str, span: tuple[int, int] | None, own: bool) -> Place | None:
    """(block, start, end) of an acceptable approximate span of one block, widened first."""
    if span is None:
        return None
    start, end = _delimited(annotation, text, *span)
    # White space at an end the quote does not have is not part of it ("non-residence pada ").
    if not annotation.exact[:1].isspace():
        while start < end and text[start].isspace():
            start += 1
    if not annotation.exact[-1:].isspace():
        while end > start and text[end - 1].isspace():
            end -= 1
    if start >= end:
        return None
    return (block, start, end) if _acceptable(annotation, text, start, end, own) else None


def _delimited(annotation: Annotation, text: str, start: int, end: int) -> tuple[int, int]:
    """The span stretched to the stored prefix or suffix where the quote's edge word is missing."""
    # The fewest-edit alignment drops a replaced word at the quote's edge ("untuk belanja" found as
    # "belanja" after "untuk" became "mendekati"). What the user selected lay between the prefix
    # and the suffix, so where either is still there in full, it marks that end; an empty context
    # marks a block edge. An end that already holds the quote's own edge word stays: whatever lies
    # beyond it was inserted.
    a, reach = annotation, len(annotation.exact)
    if text[start:end] == a.exact:
        return start, end
    parts = a.exact.split() or [a.exact]
    new_start, new_end = start, end
    if not text.startswith(parts[0], start):
        if a.prefix:
            ends = [
                at + len(a.prefix)
                for at in occurrences_within(text, a.prefix, max(0, start - reach - len(a.prefix)), end)
                if start - reach <= at + len(a.prefix) < end
            ]
            new_start = min(ends, key=lambda at: abs(at - start), default=start)
        elif start <= reach // 2:
            new_start = 0
    if not text.endswith(parts[-1], 0, end):
        if a.suffix:
            starts = [
                at
                for at in occurrences_within(text, a.suffix, start + 1, end + reach + len(a.suffix))
                if at <= end + reach
            ]
            new_end = min(starts, key=lambda at: abs(at - end), default=end)
        elif len(text) - end <= reach // 2:
            new_end = len(text)
    if new_start >= new_end or (new_start, new_end) == (start, end):
        return start, end
    if edit_distance(a.exact, text[new_start:new_end]) > len(a.exact) // 2:
        return start, end
    return new_start, new_end


def _acceptable(annotation: Annotation, text: str, start: int, end: int, own: bool) -> bool:
    """Whether an approximate span is vouched for: by its contexts, or, long and in its own block, by itself."""
    a, found = annotation, text[start:end]
    if found == a.exact:
        return evidence(a, text, start, end)[0] >= BOTH_DISPLACED
    if cuts_word(a, text, start, end) or overlaps_context(a, text, start, end):
        return False
    level = evidence(a, text, start, end)[0]
    if level == BOTH_SIDES:
        return True  # locate_approximate()'s limit of half the quote in edits applies
    # Held by one side only, an edited quote must still look like itself: the sentence after a
    # deleted one often starts like it and ends near the same words.
    similarity = 1 - edit_distance(a.exact, found) / len(a.exact)
    if level in (ONE_SIDE_AND_DISPLACED, BOTH_DISPLACED):
        return similarity >= SIMILAR_ALONE
    if level == ONE_SIDE_AND_PART and own:
        return similarity >= SIMILAR_ALONE
    # A long quote in its own block may stand for itself, but with one side of its context
    # holding (its nearest code points at least): alone, it is as often a lookalike sentence.
    return own and len(a.exact) >= LONG_QUOTE and similarity >= SIMILAR_ALONE and level >= ONE_SIDE
