"""Re-anchoring: find each annotation's quote again when its document or translation changed."""

# See docs/decisions/0006-annotation-storage.md for the status rules and the acceptance check.

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reader.core.notes.anchoring import SHORT_QUOTE, edit_distance, locate
from reader.core.notes.annotations import (
    ANCHORED,
    CONTEXT,
    DETACHED,
    MOVED,
    ORIGINAL,
    TRANSLATION,
    Annotation,
    translation_text,
)
from reader.core.text.document import Document
from reader.core.store import utc_now

SEPARATOR = "\n\n"  # between blocks in a column's whole text

# locate() takes up to half a quote in edits, which lets deleted quotes land on lookalikes. An
# approximate hit is kept when it is SIMILAR_WITH_CONTEXT similar to the stored quote
# (1 - edits/length) and its stored prefix or suffix is CONTEXT_AGREEMENT similar to the text
# beside it, or when a quote of LONG_QUOTE code points or more is SIMILAR_ALONE similar by itself.
# Measured on benchmarks/bench_annotations.py's edits (seeds 1-3); see decision 0006.
SIMILAR_WITH_CONTEXT = 0.55
CONTEXT_AGREEMENT = 0.8
SIMILAR_ALONE = 0.75
LONG_QUOTE = 24
CONTEXT_CHECKED = 8  # code points of context that must not fall inside a new span
NEAR = 12  # code points of context next to the quote that can vouch alone


@dataclass(frozen=True)
class _Column:
    """One column of a document: its blocks' texts and the whole text they make."""

    texts: dict[int, str]  # block index -> text; a translation column may lack blocks
    whole: str
    indexes: list[int]  # the blocks present, in order
    starts: list[int]  # where each of them starts in `whole`
    complete: bool  # every block of the document is present

    @classmethod
    def of(cls, texts: Mapping[int, str], blocks: int) -> "_Column":
        indexes = sorted(texts)
        starts, position = [], 0
        for index in indexes:
            starts.append(position)
            position += len(texts[index]) + len(SEPARATOR)
        whole = SEPARATOR.join(texts[index] for index in indexes)
        return cls(dict(texts), whole, indexes, starts, len(indexes) == blocks)

    def offset(self, block: int) -> int:
        """Where `block` starts in the whole text, or where it would be if it is missing."""
        at = bisect.bisect_left(self.indexes, block)
        if at < len(self.indexes):
            return self.starts[at]
        return len(self.whole)

    def place(self, start: int, end: int) -> tuple[int, int, int] | list[int]:
        """A whole-text span as (block, start, end), or the blocks it touches when it crosses one."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, max(start, end - 1)) - 1
        block_start = self.starts[first]
        block_end = block_start + len(self.texts[self.indexes[first]])
        if first == last and end <= block_end and start < block_end:
            return self.indexes[first], start - block_start, end - block_start
        return self.indexes[first : last + 1]


def reanchor(
    annotations: Sequence[Annotation],
    document: Document,
    translations: Mapping[int, Sequence[str]] | None = None,
    model: str | None = None,
    now: str | None = None,
    recheck: bool = False,
) -> list[Annotation]:
    """The annotations whose anchoring changed in `document` or its translation, for Store.save_anchors."""
    # `recheck` is for an import, whose positions are only hints: every annotation is searched for,
    # even one stored on this content and model, and every one judged is returned, changed or not.
    now = now or utc_now()
    count = len(document.blocks)
    original = _Column.of({i: block.text for i, block in enumerate(document.blocks)}, count)
    translated = None
    if translations is not None and model is not None:
        given = {i: translation_text(t) for i, t in translations.items() if 0 <= i < count}
        translated = _Column.of(given, count)
    changed = []
    for annotation in annotations:
        if annotation.document_id != document.id:
            raise ValueError(
                f"annotation {annotation.id} belongs to document {annotation.document_id}, not {document.id}"
            )
        # Detached annotations keep the content_id they were last anchored on, so they are searched
        # again even when the text goes back to that version.
        current = not recheck and annotation.content_id == document.content_id and annotation.status != DETACHED
        if annotation.column == ORIGINAL:
            if current:
                continue  # already anchored on this text
            column, current_model = original, None
        elif annotation.column == TRANSLATION:
            if translated is None or (current and annotation.model == model):
                continue
            # Each block is judged once its translation has arrived (or when the block is gone).
            if annotation.block not in translated.texts and annotation.block < count:
                continue
            column, current_model = translated, model
        else:
            raise ValueError(f"unknown column {annotation.column!r}")
        result = _reanchor_one(annotation, column, document.content_id, current_model, now)
        if result is not None and (recheck or result != annotation):
            changed.append(result)
    return changed


def _reanchor_one(
    annotation: Annotation, column: _Column, content_id: str, model: str | None, now: str
) -> Annotation | None:
    """The annotation anchored in `column` or detached; None while an untranslated block may hold it."""
    found = _find(annotation, column)
    if found is None:
        if not column.complete:
            return None
        # The stored quote, selectors and content_id stay, so a later text can take it back.
        return replace(annotation, status=DETACHED)
    block, start, end = found
    text = column.texts[block]
    exact = text[start:end]
    a = annotation
    same = (block, start, end, exact) == (a.block, a.start, a.end, a.exact)
    return replace(
        a,
        content_id=content_id,
        model=model,
        block=block,
        start=start,
        end=end,
        exact=exact,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        status=ANCHORED if same else MOVED,
        # `modified` follows what the annotation says: a changed quote, not a new offset.
        modified=now if exact != a.exact else a.modified,
    )


def _find(annotation: Annotation, column: _Column) -> tuple[int, int, int] | None:
    """(block, start, end) of the quote in `column`, or None."""
    # The order of the searches is the order of trust. An exact copy vouched for by its context
    # comes first, in the quote's own block, then anywhere: after an edit the block index may
    # point at another paragraph. Then an exact copy in the own block without its context, then
    # an approximate span there; then a long exact copy elsewhere. Last come approximate spans in
    # the neighbouring blocks (a paragraph added or removed nearby) and in the whole column (a
    # paragraph moved or merged): an approximate search of the whole column costs about a
    # millisecond and a half, of one block a tenth of that.
    a = annotation
    own = column.texts.get(a.block)
    hint = column.offset(a.block) + a.start  # where the blocks before it kept their lengths
    in_own = own is not None and a.exact in own
    in_whole = in_own or a.exact in column.whole
    if in_own:
        own_span = _search(own, a, a.start)
        found = _judged(a, a.block, own, own_span, own=True, lenient=False)
        if found is not None:
            return found
    if in_whole:
        whole_span = _search(column.whole, a, hint)
        found = _placed(a, column, whole_span, lenient=False)
        if found is not None:
            return found
    if own is not None:
        span = own_span if in_own else _search(own, a, a.start)
        found = _judged(a, a.block, own, span, own=True, lenient=True)
        if found is not None:
            return found
    if in_whole:
        # locate() prefers exact copies to any approximate span: the whole column has no more.
        return _placed(a, column, whole_span, lenient=True)
    for block in (a.block + 1, a.block - 1, a.block + 2, a.block - 2):
        text = column.texts.get(block)
        if text is not None:
            found = _judged(a, block, text, _search(text, a, None), own=False, lenient=True)
            if found is not None:
                return found
    return _placed(a, column, _search(column.whole, a, hint), lenient=True)


def _search(text: str, annotation: Annotation, hint: int | None) -> tuple[int, int] | None:
    """locate(), and for a short quote whose whole context changed, again with the nearest context."""
    a = annotation
    span = locate(text, a.exact, a.prefix, a.suffix, hint=hint)
    if span is None and len(a.exact) < SHORT_QUOTE and (len(a.prefix) > NEAR or len(a.suffix) > NEAR):
        # A short quote moves only where its context touches it exactly; an inserted sentence
        # changes the far end of a 32-code-point context while the near end still vouches.
        span = locate(text, a.exact, a.prefix[-NEAR:], a.suffix[:NEAR], hint=hint)
    return span


def _placed(
    annotation: Annotation, column: _Column, span: tuple[int, int] | None, lenient: bool
) -> tuple[int, int, int] | None:
    """A span of the whole column as (block, start, end), if acceptable."""
    if span is None:
        return None
    placed = column.place(*span)
    a = annotation
    if isinstance(placed, tuple):
        block, start, end = placed
        return _judged(a, block, column.texts[block], (start, end), own=block == a.block, lenient=lenient)
    # A span across two blocks is no anchor; the best acceptable span inside one of them may be.
    options = []
    for block in placed:
        text = column.texts[block]
        found = _judged(a, block, text, _search(text, a, None), own=block == a.block, lenient=lenient)
        if found is not None:
            options.append((edit_distance(a.exact, text[found[1] : found[2]]), found))
    return min(options)[1] if options else None


def _judged(
    annotation: Annotation, block: int, text: str, span: tuple[int, int] | None, own: bool, lenient: bool
) -> tuple[int, int, int] | None:
    """(block, start, end) of an acceptable span of one block; an approximate one widened first."""
    if span is None:
        return None
    start, end = span
    if text[start:end] != annotation.exact:
        start, end = _delimited(annotation, text, start, end)
    return (block, start, end) if _acceptable(annotation, text, start, end, own, lenient) else None


def _delimited(annotation: Annotation, text: str, start: int, end: int) -> tuple[int, int]:
    """The span between the stored prefix and suffix where either is intact near an approximate hit."""
    # The fewest-edit alignment drops a replaced word at the quote's edge ("untuk belanja" found as
    # "belanja" after "untuk" became "mendekati"). What the user selected lay between the prefix
    # and the suffix, so where either is still there in full, it marks that end. An empty
    # context marks a block edge.
    a, reach = annotation, len(annotation.exact)
    if a.prefix:
        ends = [
            at + len(a.prefix)
            for at in _occurrences(text, a.prefix, max(0, start - reach - len(a.prefix)), end)
            if start - reach <= at + len(a.prefix) < end
        ]
        new_start = min(ends, key=lambda at: abs(at - start), default=start)
    else:
        new_start = 0 if start <= reach // 2 else start
    if a.suffix:
        starts = [
            at
            for at in _occurrences(text, a.suffix, start + 1, end + reach + len(a.suffix))
            if at <= end + reach
        ]
        new_end = min(starts, key=lambda at: abs(at - end), default=end)
    else:
        new_end = len(text) if len(text) - end <= reach // 2 else end
    if new_start >= new_end or (new_start, new_end) == (start, end):
        return start, end
    if edit_distance(a.exact, text[new_start:new_end]) > len(a.exact) // 2:
        return start, end
    return new_start, new_end


def _occurrences(text: str, part: str, start: int, end: int) -> list[int]:
    """Where `part` occurs whole within text[start:end]."""
    found, at = [], text.find(part, start, end)
    while at != -1:
        found.append(at)
        at = text.find(part, at + 1, end)
    return found


def _acceptable(annotation: Annotation, text: str, start: int, end: int, own: bool, lenient: bool) -> bool:
    """Whether a span is the stored quote, vouched for by its context or, if `lenient`, by place or length."""
    a, found = annotation, text[start:end]
    long = len(a.exact) >= LONG_QUOTE
    if found == a.exact:
        # A common word or phrase recurs. In the quote's own block, or at a length at which a copy
        # is no coincidence, the text alone may vouch; otherwise its context must.
        if lenient and (own or long):
            return True
        return max(_context_agreement(a, text, start, end)) >= CONTEXT_AGREEMENT
    similarity = 1 - edit_distance(a.exact, found) / len(a.exact)
    if lenient and own and long and similarity >= SIMILAR_ALONE:
        return True
    if _overlaps_context(a, text, start, end):
        return False
    before, after = _context_agreement(a, text, start, end)
    if min(before, after) >= CONTEXT_AGREEMENT:
        return True  # held in place by both sides: locate()'s limit of half the quote in edits applies
    return max(before, after) >= CONTEXT_AGREEMENT and similarity >= SIMILAR_WITH_CONTEXT


def _context_agreement(annotation: Annotation, text: str, start: int, end: int) -> tuple[float, float]:
    """How well the stored prefix and suffix match the text before and after the span."""
    prefix, suffix = annotation.prefix, annotation.suffix
    before = _agreement(prefix, text[max(0, start - len(prefix)) : start], start == 0, near_end=True)
    after = _agreement(suffix, text[end : end + len(suffix)], end == len(text), near_end=False)
    return before, after


def _agreement(stored: str, window: str, at_edge: bool, near_end: bool) -> float:
    """1 - edits/length for the whole context or its NEAR code points by the quote, the better."""
    # An empty context means the quote began or ended its block.
    if not stored:
        return 1.0 if at_edge else 0.0
    whole = 1 - edit_distance(stored, window) / len(stored)
    if len(stored) <= NEAR:
        return whole
    near, beside = (stored[-NEAR:], window[-NEAR:]) if near_end else (stored[:NEAR], window[:NEAR])
    return max(whole, 1 - edit_distance(near, beside) / NEAR)


def _overlaps_context(annotation: Annotation, text: str, start: int, end: int) -> bool:
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
