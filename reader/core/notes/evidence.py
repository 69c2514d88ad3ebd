"""What vouches for a span of changed text being a stored quote: its contexts, beside it or pushed away."""

# The levels and thresholds are measured in docs/decisions/0019-reanchoring-evidence.md.

from reader.core.notes.anchoring import edit_distance
from reader.core.notes.annotations import Annotation

CONTEXT_AGREEMENT = 0.8  # 1 - edits/length at which a stored context still stands beside a span
NEAR = 12  # code points of context by the quote that may stand for the whole context
KEY = 16  # code points of context looked for when inserted text pushed it away
CONTEXT_CHECKED = 8  # code points of context that must not fall inside a new span
PART = 0.5  # agreement of the other side that makes one holding side ONE_SIDE_AND_PART

# What vouches for a span, weakest first. A side "holds" when its stored context (the whole of it,
# or its NEAR code points) agrees with the text beside the span; it is "displaced" when a piece of
# the context stands intact further along that side, in the same block (words or sentences were
# inserted between). A deleted sentence leaves at most one side holding for any span: the other
# side's context went with it.
NOTHING, ONE_SIDE, ONE_SIDE_AND_PART, BOTH_DISPLACED, ONE_SIDE_AND_DISPLACED, BOTH_SIDES = range(6)


def cuts_word(annotation: Annotation, text: str, start: int, end: int) -> bool:
    """Whether the span starts or ends inside a word where the stored quote did not."""
    a = annotation
    if _inside_word(text, start) and not (a.prefix[-1:].isalnum() and a.exact[0].isalnum()):
        return True
    return _inside_word(text, end) and not (a.exact[-1].isalnum() and a.suffix[:1].isalnum())


def _inside_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def overlaps_context(annotation: Annotation, text: str, start: int, end: int) -> bool:
    """Whether the span takes in the start of the stored suffix or the end of the stored prefix."""
    # Where a quote was deleted, its prefix and suffix now touch, and the nearest lookalike is
    # often the start of the suffix itself, which the prefix then vouches for.
    head, tail = annotation.suffix[:CONTEXT_CHECKED], annotation.prefix[-CONTEXT_CHECKED:]
    if len(head) == CONTEXT_CHECKED and start <= text.find(head, start, end + len(head) - 1) < end:
        return True
    if len(tail) == CONTEXT_CHECKED:
        at = text.find(tail, max(0, start - len(tail) + 1), end)
        if at != -1 and at + len(tail) > start:
            return True
    return False


def evidence(annotation: Annotation, text: str, start: int, end: int) -> tuple[int, float]:
    """What vouches for a span of one block (NOTHING ... BOTH_SIDES), and the whole contexts' agreement summed."""
    a = annotation
    before_whole, before = _agreement(a.prefix, text[max(0, start - len(a.prefix)) : start], start == 0, True)
    after_whole, after = _agreement(a.suffix, text[end : end + len(a.suffix)], end == len(text), False)
    holds_before, holds_after = before >= CONTEXT_AGREEMENT, after >= CONTEXT_AGREEMENT
    agreement = before_whole + after_whole
    if holds_before and holds_after:
        return BOTH_SIDES, agreement
    displaced_before = not holds_before and _displaced_before(a, text, start)
    displaced_after = not holds_after and _displaced_after(a, text, end)
    whole_before, whole_after = before_whole >= CONTEXT_AGREEMENT, after_whole >= CONTEXT_AGREEMENT
    if (whole_before and displaced_after) or (whole_after and displaced_before):
        return ONE_SIDE_AND_DISPLACED, agreement
    if displaced_before and displaced_after:
        return BOTH_DISPLACED, agreement
    if (whole_before and after >= PART) or (whole_after and before >= PART):
        return ONE_SIDE_AND_PART, agreement
    if holds_before or holds_after:
        return ONE_SIDE, agreement
    return NOTHING, agreement


def some_support(annotation: Annotation, text: str, start: int, end: int) -> bool:
    """Whether either stored context stands intact further along its side of the span."""
    return _displaced_before(annotation, text, start) or _displaced_after(annotation, text, end)


def one_verbatim(annotation: Annotation, text: str, start: int, end: int) -> bool:
    """Whether the stored prefix or suffix stands verbatim beside the span (an empty one: at the block's edge)."""
    a = annotation
    before = text.endswith(a.prefix, 0, start) if a.prefix else start == 0
    return before or (text.startswith(a.suffix, end) if a.suffix else end == len(text))


def _agreement(stored: str, window: str, at_edge: bool, near_end: bool) -> tuple[float, float]:
    """1 - edits/length for the whole stored context, and the better of that and its NEAR code points."""
    # An empty context means the quote began or ended its block.
    if not stored:
        edge = 1.0 if at_edge else 0.0
        return edge, edge
    whole = 1 - edit_distance(stored, window) / len(stored)
    if len(stored) <= NEAR:
        return whole, whole
    near, beside = (stored[-NEAR:], window[-NEAR:]) if near_end else (stored[:NEAR], window[:NEAR])
    return whole, max(whole, 1 - edit_distance(near, beside) / NEAR)


def _displaced_before(annotation: Annotation, text: str, start: int) -> bool:
    """Whether the stored prefix stands intact somewhere before `start` in its block; an empty
    prefix (the block's start) always does."""
    return text.rfind(annotation.prefix[-KEY:], 0, start) != -1


def _displaced_after(annotation: Annotation, text: str, end: int) -> bool:
    """Whether the stored suffix stands intact somewhere after `end` in its block; an empty
    suffix (the block's end) always does."""
    return text.find(annotation.suffix[:KEY], end) != -1
